using System.Net;
using System.Net.Http.Headers;
using Amazon.Runtime;

namespace HepDsl.Lambda.Host;

/// <summary>
/// The HTTP layer of a warm-up S3 client (<see cref="InitWarmUp"/>): every request is answered in-process with a
/// successful answer (200; a GET gets a few bytes, an ETag that is their MD5 as S3 gives single-part objects), so the SDK runs its whole request and response
/// path (endpoint rules, credentials, SigV4 signing, marshalling, the GetObject response parser, the body stream)
/// without a request leaving the container. The code is compiled and its caches built; the answer is thrown away.
/// </summary>
internal sealed class CannedS3Answer : HttpClientFactory
{
    private static readonly byte[] s_body = "hepdsl init warm-up"u8.ToArray();

    public int Requests => _handler.Requests;
    private readonly Handler _handler = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(_handler, disposeHandler: false);
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    public override string GetConfigUniqueString(IClientConfig clientConfig) => "hepdsl-init-warm-up";

    private sealed class Handler : HttpMessageHandler
    {
        public int Requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            // The SDK checks a single-part object's ETag against the MD5 of what it sent or received: answer with it.
            var sent = request.Content is { } body ? await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false) : null;
            var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(sent ?? s_body))}\"";
            var content = new ByteArrayContent(sent is null ? s_body : []);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = sent is null ? s_body.Length : 0;
            content.Headers.LastModified = DateTimeOffset.UtcNow;
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
            response.Headers.ETag = new EntityTagHeaderValue(etag);
            response.Headers.TryAddWithoutValidation("x-amz-request-id", "hepdsl-init-warm-up");
            return response;
        }
    }
}
