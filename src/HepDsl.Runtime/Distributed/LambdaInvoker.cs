using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace HepDsl.Runtime.Distributed;

/// <summary>What the Invoke API answered: HTTP status, the function-error marker (if the function failed), the body.</summary>
public sealed record InvokeResult(int Status, string? FunctionError, byte[] Body, string? ServiceErrorType)
{
    public bool Throttled => Status == 429;
    public bool Succeeded => Status == 200 && FunctionError is null;
}

/// <summary>
/// Calls the Lambda Invoke API (<c>POST /2015-03-31/functions/NAME/invocations</c>, synchronous) signed with SigV4
/// for service <c>lambda</c>. Credentials come from the SDK's default chain unless given; the endpoint is AWS's
/// regional one unless given (a local emulator in tests and demos).
/// </summary>
public sealed class LambdaInvoker : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly RegionEndpoint _region;
    private readonly AWSCredentials _credentials;

    public LambdaInvoker(string? endpoint, string? region, AWSCredentials? credentials, TimeSpan timeout)
    {
        _region = region is { Length: > 0 } r ? RegionEndpoint.GetBySystemName(r)
            : FallbackRegionFactory.GetRegionEndpoint() ?? throw new InvalidOperationException("no AWS region: pass --region or set AWS_REGION");
        _endpoint = new Uri(endpoint is { Length: > 0 } e ? e.TrimEnd('/') + "/" : $"https://lambda.{_region.SystemName}.amazonaws.com/");
        _credentials = credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();
        // Lambda allows 15 minutes per invocation; the caller's timeout bounds one attempt.
        _http = new HttpClient { Timeout = timeout };
    }

    public Uri Endpoint => _endpoint;

    public async Task<InvokeResult> InvokeAsync(string function, byte[] payload, CancellationToken cancellationToken)
    {
        var uri = new Uri(_endpoint, $"2015-03-31/functions/{Uri.EscapeDataString(function)}/invocations");
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = payload };
        signing.Headers["X-Amz-Invocation-Type"] = "RequestResponse";
        signing.Headers["Content-Type"] = "application/json";
        var parameters = new AWSSigV4Parameters { Credentials = _credentials, Region = _region, Service = "lambda" };
        var signed = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);

        using var content = new ByteArrayContent(payload);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "RequestResponse");
        foreach (var (name, value) in signed.Headers) request.Headers.TryAddWithoutValidation(name, value);

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new InvokeResult((int)response.StatusCode, Header(response, "X-Amz-Function-Error"), body, Header(response, "x-amzn-ErrorType"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}
