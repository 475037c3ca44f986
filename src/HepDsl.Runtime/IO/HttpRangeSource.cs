using System.Net;
using System.Net.Http.Headers;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>
/// A file behind an HTTP(S) server that honours <c>Range:</c> requests (web servers, XRootD-over-HTTP, EOS, S3
/// presigned URLs). Every read is one ranged GET answered by 206 Partial Content.
/// </summary>
public sealed class HttpRangeSource : RemoteByteSource
{
    // One client for the process: sockets are pooled per server and DNS is refreshed.
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private readonly HttpClient _client;
    private readonly Uri _uri;

    private HttpRangeSource(Uri uri, HttpClient client, ByteSourceOptions options) : base(uri.ToString(), options)
    {
        _uri = uri;
        _client = client;
    }

    public override long Length => _length;
    private long _length;

    /// <summary>Opens <paramref name="url"/>: probes its size with a one-byte range request, and checks that ranges are honoured.</summary>
    public static HttpRangeSource Open(string url, ByteSourceOptions? options = null, HttpClient? client = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new HepDataException($"{url}: not an http:// or https:// URL");
        var source = new HttpRangeSource(uri, client ?? SharedClient, options ?? ByteSourceOptions.Default);
        source._length = source.ProbeLengthAsync().GetAwaiter().GetResult();
        return source;
    }

    private async Task<long> ProbeLengthAsync()
    {
        // A GET of bytes=0-0 rather than HEAD: it proves ranges work and is allowed where HEAD is not (presigned URLs).
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Options.RequestTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
                request.Headers.Range = new RangeHeaderValue(0, 0);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.PartialContent)
                {
                    if (response.Content.Headers.ContentRange?.Length is long total) return total;
                    throw new HepDataException($"{Location}: the server answered a range request without the file size (Content-Range: {response.Content.Headers.ContentRange})");
                }
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    // An empty file cannot satisfy bytes=0-0; the size is in "bytes */0".
                    if (response.Content.Headers.ContentRange?.Length is long total) return total;
                }
                if (response.StatusCode == HttpStatusCode.OK)
                    throw new HepDataException($"{Location}: the server ignores HTTP range requests (it answered 200 with the whole file to 'Range: bytes=0-0'); HepDsl needs a server that supports ranges (206 Partial Content)");
                if (IsTransientStatus(response.StatusCode) && attempt < Options.MaxRetries)
                {
                    await Task.Delay(Options.RetryDelay * Math.Pow(2, attempt)).ConfigureAwait(false);
                    continue;
                }
                throw new HepDataException($"{Location}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                if (attempt >= Options.MaxRetries)
                    throw new HepDataException($"{Location}: cannot open: {e.Message}", e);
                await Task.Delay(Options.RetryDelay * Math.Pow(2, attempt)).ConfigureAwait(false);
            }
        }
    }

    protected override async Task FetchAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        long last = offset + destination.Length - 1;
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        request.Headers.Range = new RangeHeaderValue(offset, last);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
            throw new HepDataException($"{Location}: the server ignored the range request for bytes {offset}-{last} (answered 200 with the whole file)");
        if (response.StatusCode != HttpStatusCode.PartialContent)
        {
            if (IsTransientStatus(response.StatusCode)) throw new TransientHttpException(response.StatusCode);
            throw new HepDataException($"{Location}: HTTP {(int)response.StatusCode} {response.ReasonPhrase} for bytes {offset}-{last}");
        }
        var range = response.Content.Headers.ContentRange;
        if (range?.From != offset || range.To != last)
            throw new HepDataException($"{Location}: asked for bytes {offset}-{last}, the server sent {range?.ToString() ?? "no Content-Range"}");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        int done = 0;
        while (done < destination.Length)
        {
            int n = await stream.ReadAsync(destination[done..], cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new IOException($"connection closed after {done} of {destination.Length} bytes");
            done += n;
        }
    }

    protected override bool IsTransient(Exception error) => error is HttpRequestException or IOException or TransientHttpException;

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private sealed class TransientHttpException(HttpStatusCode status) : Exception($"HTTP {(int)status} {status}");
}
