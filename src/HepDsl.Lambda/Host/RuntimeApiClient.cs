using System.Globalization;
using System.Net.Http.Headers;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Host;

/// <summary>One event handed out by <c>GET /runtime/invocation/next</c>.</summary>
public sealed record Invocation(string RequestId, DateTimeOffset Deadline, string? FunctionArn, string? TraceId, byte[] Payload);

/// <summary>
/// The Lambda Runtime API (2018-06-01) over plain HTTP: fetch the next event, post its response or error, report a
/// failed start-up. <c>AWS_LAMBDA_RUNTIME_API</c> is host:port (possibly with a path prefix, as the emulator uses).
/// </summary>
public sealed class RuntimeApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _base;

    public RuntimeApiClient(string runtimeApi)
    {
        _base = $"http://{runtimeApi.TrimEnd('/')}/2018-06-01/runtime";
        // /next blocks until an event arrives, for as long as the function stays frozen: no client timeout.
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"{_base}/invocation/next", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var id = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidDataException("Runtime API sent an event without Lambda-Runtime-Aws-Request-Id");
        var deadlineText = Header(response, "Lambda-Runtime-Deadline-Ms");
        var deadline = long.TryParse(deadlineText, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UtcNow.AddMinutes(15); // Lambda's maximum, when the header is missing
        return new Invocation(id, deadline, Header(response, "Lambda-Runtime-Invoked-Function-Arn"), Header(response, "Lambda-Runtime-Trace-Id"), body);
    }

    public Task PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken) =>
        PostAsync($"{_base}/invocation/{Uri.EscapeDataString(requestId)}/response", body, null, cancellationToken);

    public Task PostErrorAsync(string requestId, FunctionError error, CancellationToken cancellationToken) =>
        PostAsync($"{_base}/invocation/{Uri.EscapeDataString(requestId)}/error", PayloadJson.Serialize(error), error.ErrorType, cancellationToken);

    public Task PostInitErrorAsync(FunctionError error, CancellationToken cancellationToken) =>
        PostAsync($"{_base}/init/error", PayloadJson.Serialize(error), error.ErrorType, cancellationToken);

    private async Task PostAsync(string url, byte[] body, string? errorType, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (errorType is not null) request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}
