using System.Net;
using System.Net.Http.Headers;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>
/// A file behind an HTTP(S) server that honours <c>Range:</c> requests (web servers, XRootD-over-HTTP, EOS, S3
/// presigned URLs). Every read is one ranged GET answered by 206 Partial Content.
/// </summary>
public class HttpRangeSource : RemoteByteSource
{
    // One client for the process: sockets are pooled per server and DNS is refreshed.
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private readonly HttpClient _client;
    private readonly Func<Uri> _url;
    private long _length;

    /// <param name="location">Name for messages.</param>
    /// <param name="url">The URL of each request (called per request, so signed URLs can be fresh).</param>
    protected HttpRangeSource(string location, Func<Uri> url, ByteSourceOptions options, HttpClient? client = null) : base(location, options)
    {
        _url = url;
        _client = client ?? SharedClient;
    }

    public override long Length => _length;

    /// <summary>Opens <paramref name="url"/>: probes its size with a one-byte range request, and checks that ranges are honoured.</summary>
    public static HttpRangeSource Open(string url, ByteSourceOptions? options = null, HttpClient? client = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new HepDataException($"{url}: not an http:// or https:// URL");
        var source = new HttpRangeSource(uri.ToString(), () => uri, options ?? ByteSourceOptions.Default, client);
        source.ProbeLength();
        return source;
    }

    /// <summary>Learns the size with a GET of <c>bytes=0-0</c> (rather than HEAD: it proves ranges work and is allowed where HEAD is not).</summary>
    protected void ProbeLength()
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Options.RequestTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Get, _url());
                request.Headers.Range = new RangeHeaderValue(0, 0);
                using var response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.StatusCode == HttpStatusCode.PartialContent)
                {
                    if (response.Content.Headers.ContentRange?.Length is long total) { _length = total; return; }
                    throw new HepDataException($"{Location}: the server answered a range request without the file size (Content-Range: {response.Content.Headers.ContentRange})");
                }
                // An empty file cannot satisfy bytes=0-0; its size is in "bytes */0".
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && response.Content.Headers.ContentRange?.Length is long empty)
                {
                    _length = empty;
                    return;
                }
                if (response.StatusCode == HttpStatusCode.OK)
                    throw new HepDataException($"{Location}: the server ignores HTTP range requests (it answered 200 with the whole file to 'Range: bytes=0-0'); HepDsl needs a server that supports ranges (206 Partial Content)");
                if (IsTransientStatus(response.StatusCode) && attempt < Options.MaxRetries)
                {
                    Thread.Sleep(Options.RetryDelay * Math.Pow(2, attempt));
                    continue;
                }
                throw new HepDataException($"{Location}: cannot open: {Describe(response)}");
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                if (attempt >= Options.MaxRetries)
                    throw new HepDataException($"{Location}: cannot open: {e.Message}", e);
                Thread.Sleep(Options.RetryDelay * Math.Pow(2, attempt));
            }
        }
    }

    protected override void Fetch(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        long last = offset + destination.Length - 1;
        using var request = new HttpRequestMessage(HttpMethod.Get, _url());
        request.Headers.Range = new RangeHeaderValue(offset, last);
        using var response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK)
            throw new HepDataException($"{Location}: the server ignored the range request for bytes {offset}-{last} (answered 200 with the whole file)");
        if (response.StatusCode != HttpStatusCode.PartialContent)
        {
            if (IsTransientStatus(response.StatusCode)) throw new TransientHttpException(response.StatusCode);
            throw new HepDataException($"{Location}: {Describe(response)} for bytes {offset}-{last}");
        }
        var range = response.Content.Headers.ContentRange;
        if (range?.From != offset || range.To != last)
            throw new HepDataException($"{Location}: asked for bytes {offset}-{last}, the server sent {range?.ToString() ?? "no Content-Range"}");
        using var stream = response.Content.ReadAsStream(cancellationToken);
        var span = destination.Span;
        int done = 0;
        while (done < span.Length)
        {
            int n = stream.Read(span[done..]);
            if (n == 0) throw new IOException($"connection closed after {done} of {span.Length} bytes");
            done += n;
        }
    }

    /// <summary>Status line of a failed response, with the meaning of the common ones.</summary>
    protected virtual string Describe(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.NotFound => "HTTP 404: no such file",
        HttpStatusCode.Forbidden => "HTTP 403: access denied",
        HttpStatusCode.Unauthorized => "HTTP 401: authentication required",
        _ => $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}",
    };

    protected override bool IsTransient(Exception error) => error is HttpRequestException or IOException or TransientHttpException;

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private sealed class TransientHttpException(HttpStatusCode status) : Exception($"HTTP {(int)status} {status}");
}
