using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace HepDsl.Lambda.Tests.Support;

/// <summary>
/// An HTTP server on a free loopback port that records every request and answers each with <c>answer</c> (a
/// hostile endpoint: a rogue "S3" serving an assembly, a metadata-style URL, an Invoke API answering too much).
/// The answer gets the request, the response and the number of bytes it managed to send is recorded.
/// </summary>
public sealed class CountingHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task<long>> _answer;
    private long _bytesSent;

    public CountingHttpServer(Func<HttpListenerContext, Task<long>> answer)
    {
        _answer = answer;
        for (int attempt = 0; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try { _listener.Start(); Url = $"http://127.0.0.1:{port}"; break; }
            catch (HttpListenerException) when (attempt < 10) { }
        }
        _ = Task.Run(LoopAsync);
    }

    /// <summary>Answers every request with <paramref name="body"/> (status 200).</summary>
    public static CountingHttpServer Serving(byte[] body) => new(async context =>
    {
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        return body.Length;
    });

    public string Url { get; } = "";
    public ConcurrentQueue<string> Requests { get; } = new();
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(async () =>
            {
                Requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url?.PathAndQuery}");
                try { Interlocked.Add(ref _bytesSent, await _answer(context)); }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
                finally { try { context.Response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { } }
            });
        }
    }

    public void Dispose() => _listener.Close();
}
