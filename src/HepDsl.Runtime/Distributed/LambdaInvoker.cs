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
/// regional one unless given (a local emulator in tests and demos). A response is read up to Lambda's own limit for
/// synchronous invocations and no further: a larger answer (which Lambda never sends) fails the attempt instead of
/// being buffered.
/// </summary>
public sealed class LambdaInvoker : IDisposable
{
    /// <summary>Lambda's limit on a synchronous invocation's response (and request) payload: 6 MB.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;
    /// <summary>The header carrying <c>hep lambda serve</c>'s per-run token (never sent to AWS's own endpoint).</summary>
    public const string EmulatorTokenHeader = "X-HepDsl-Emulator-Token";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly RegionEndpoint _region;
    private readonly AWSCredentials _credentials;
    private readonly string? _emulatorToken;

    public LambdaInvoker(string? endpoint, string? region, AWSCredentials? credentials, TimeSpan timeout, string? emulatorToken = null)
    {
        // The token authenticates the driver to a local emulator; AWS authenticates the SigV4 signature instead.
        _emulatorToken = endpoint is { Length: > 0 } ? emulatorToken : null;
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
        if (_emulatorToken is { } token) request.Headers.TryAddWithoutValidation(EmulatorTokenHeader, token);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        return new InvokeResult((int)response.StatusCode, Header(response, "X-Amz-Function-Error"), body, Header(response, "x-amzn-ErrorType"));
    }

    // Reads at most MaxResponseBytes: a declared or actual length beyond it ends the read (and the connection).
    private static async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > MaxResponseBytes and var declared)
            throw new InvalidDataException($"the Invoke response declares {declared} bytes, more than Lambda's {MaxResponseBytes}-byte (6 MB) limit for synchronous invocations; not read");
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[Math.Min(MaxResponseBytes + 1, (int)(content.Headers.ContentLength ?? 64 * 1024) + 1)];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > MaxResponseBytes)
                    throw new InvalidDataException($"the Invoke response is larger than Lambda's {MaxResponseBytes}-byte (6 MB) limit for synchronous invocations; stopped reading after {length} bytes");
                Array.Resize(ref buffer, Math.Min(MaxResponseBytes + 1, buffer.Length * 2));
            }
            int n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            length += n;
        }
        return length == buffer.Length ? buffer : buffer[..length];
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}
