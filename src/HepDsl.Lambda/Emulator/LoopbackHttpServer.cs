using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace HepDsl.Lambda.Emulator;

/// <summary>
/// The HTTP server of the local Lambda stand-ins (<see cref="LambdaEmulator"/>, the scale simulator): listens on
/// 127.0.0.1, hands each request to a handler on the thread pool and closes the response after it. A peer that went
/// away (a killed worker, a cancelled driver, a duplicate that lost) is not an error: an invocation still runs to its
/// end, as on AWS, and nobody is told.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private volatile bool _stopping;
    private Task _accept = Task.CompletedTask;

    private LoopbackHttpServer(HttpListener listener, int port)
    {
        _listener = listener;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Binds <paramref name="port"/>, or a free port when it is 0 (HttpListener cannot bind port 0 itself: one is taken
    /// from the OS, retrying if someone grabs it first). Nothing is served before <see cref="Serve"/>.
    /// </summary>
    public static LoopbackHttpServer Bind(int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            int p = port;
            if (p == 0)
            {
                using var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                p = ((IPEndPoint)probe.LocalEndpoint).Port;
            }
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{p}/");
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, p);
            }
            catch (HttpListenerException) when (port == 0 && attempt < 10)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Starts answering: every request goes to <paramref name="handle"/>.</summary>
    public void Serve(Func<HttpListenerContext, Task> handle) => _accept = Task.Run(() => AcceptLoopAsync(handle));

    private async Task AcceptLoopAsync(Func<HttpListenerContext, Task> handle)
    {
        while (!_stopping)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception) when (_stopping || !_listener.IsListening) { return; }
            catch (HttpListenerException) { continue; }
            _ = Task.Run(() => RespondAsync(context, handle));
        }
    }

    private static async Task RespondAsync(HttpListenerContext context, Func<HttpListenerContext, Task> handle)
    {
        try { await handle(context).ConfigureAwait(false); }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away: nothing to answer.
        }
        finally
        {
            try { context.Response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { }
        }
    }

    // With a known length the listener sends headers and body in one write. Without it the body is chunked and the
    // closing chunk goes out as a second small write, which Nagle holds until the peer's delayed ACK (~40 ms on
    // Linux loopback): two such stalls per invocation (Invoke answer, /next event) measured ~90 ms per round trip.
    public static async Task SendAsync(HttpListenerResponse response, byte[] body)
    {
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
    }

    /// <summary>An error as the Lambda APIs answer one: status, <c>x-amzn-ErrorType</c>, a JSON body with Type and message.</summary>
    public static async Task WriteErrorAsync(HttpListenerResponse response, int status, string type, string message, params (string, string)[] extra)
    {
        response.StatusCode = status;
        response.Headers["x-amzn-ErrorType"] = type;
        response.ContentType = "application/json";
        var fields = new Dictionary<string, string> { ["Type"] = status >= 500 ? "Service" : "User", ["message"] = message };
        foreach (var (k, v) in extra) fields[k] = v;
        await SendAsync(response, JsonSerializer.SerializeToUtf8Bytes(fields)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _listener.Close();
        try { await _accept.ConfigureAwait(false); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
    }
}
