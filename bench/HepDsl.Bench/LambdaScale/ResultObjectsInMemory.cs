using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace HepDsl.Bench.LambdaScale;

/// <summary>
/// An S3 endpoint on loopback for the lambda-scale benchmark only (mode <c>--results s3</c>): partial results (keys
/// under <c>/results/</c>) are PUT into and served from memory, and every other request (the input survey's ranged
/// GETs, the analysis upload, the listing of stored results) is forwarded unchanged, Host header included, to the local
/// s3rver. The driver and the simulated hosts still speak the S3 protocol through the AWS SDK to it: only the
/// storage behind the endpoint changed, because s3rver (one Node process writing files) could not keep up with a
/// thousand results in flight, and the benchmark is about the driver. Results stored here are not listed, so a
/// resumed run would not find them; the benchmark never resumes.
/// </summary>
internal sealed class ResultObjectsInMemory : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Uri _upstream;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(2) };
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ETag, DateTimeOffset Modified)> _objects = new(StringComparer.Ordinal);
    private readonly Task _accept;
    private long _puts, _gets, _forwarded;

    private ResultObjectsInMemory(HttpListener listener, string endpoint, Uri upstream)
    {
        _listener = listener;
        Endpoint = endpoint;
        _upstream = upstream;
        _accept = Task.Run(AcceptAsync);
    }

    public string Endpoint { get; }
    public string Counts => $"{Interlocked.Read(ref _puts):N0} result PUTs and {Interlocked.Read(ref _gets):N0} GETs from memory, {Interlocked.Read(ref _forwarded):N0} requests forwarded to s3rver";

    public static ResultObjectsInMemory Start(string upstream)
    {
        for (int attempt = 0; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try { listener.Start(); }
            catch (HttpListenerException) when (attempt < 10) { listener.Close(); continue; }
            return new ResultObjectsInMemory(listener, $"http://127.0.0.1:{port}", new Uri(upstream.TrimEnd('/') + "/"));
        }
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var path = request.Url!.AbsolutePath;
            bool result = path.Contains("/results/", StringComparison.Ordinal) && string.IsNullOrEmpty(request.Url.Query);
            if (result && request.HttpMethod == "PUT")
            {
                using var body = new MemoryStream();
                await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
                var bytes = body.ToArray();
                var etag = $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"";
                _objects[path] = (bytes, etag, DateTimeOffset.UtcNow);
                Interlocked.Increment(ref _puts);
                response.StatusCode = 200;
                response.Headers["ETag"] = etag;
                response.ContentLength64 = 0;
            }
            else if (result && request.HttpMethod is "GET" or "HEAD" && _objects.TryGetValue(path, out var stored))
            {
                Interlocked.Increment(ref _gets);
                response.StatusCode = 200;
                response.ContentType = "application/octet-stream";
                response.Headers["ETag"] = stored.ETag;
                response.Headers["Last-Modified"] = stored.Modified.ToString("R");
                response.ContentLength64 = stored.Bytes.Length;
                if (request.HttpMethod == "GET") await response.OutputStream.WriteAsync(stored.Bytes).ConfigureAwait(false);
            }
            else
            {
                Interlocked.Increment(ref _forwarded);
                await ForwardAsync(request, response).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException or TaskCanceledException)
        {
            try { response.StatusCode = 502; } catch (InvalidOperationException) { } // headers already sent: the close below cuts the body short
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { }
        }
    }

    // Everything else goes to s3rver as it came (SigV4 signs the Host header, so it is kept).
    private async Task ForwardAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_upstream, request.RawUrl!.TrimStart('/')));
        if (request.HasEntityBody)
        {
            using var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
            message.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (string name in request.Headers)
        {
            if (name is "Host" or "Connection" or "Content-Length" or "Transfer-Encoding" or "Expect") continue;
            var value = request.Headers[name]!;
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        message.Headers.Host = request.UserHostName;
        using var answer = await _forward.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (name is "Transfer-Encoding" or "Connection" or "Content-Length" or "Keep-Alive") continue;
            response.Headers[name] = string.Join(",", values);
        }
        if (answer.Content.Headers.ContentLength is { } length) response.ContentLength64 = length;
        if (request.HttpMethod != "HEAD") await answer.Content.CopyToAsync(response.OutputStream).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _accept.ConfigureAwait(false); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        _forward.Dispose();
    }
}
