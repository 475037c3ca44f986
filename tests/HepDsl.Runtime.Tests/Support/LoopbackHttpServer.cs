using System.Net;
using System.Net.Sockets;

namespace HepDsl.Runtime.Tests.Support;

/// <summary>
/// An HTTP file server on 127.0.0.1 inside the test process, with single-range support (<c>Range: bytes=a-b</c>).
/// Knobs let tests model servers that ignore ranges or fail transiently; requests are counted.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _requests, _rangeRequests, _failuresLeft;

    public LoopbackHttpServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                _listener.Start();
                BaseUrl = $"http://127.0.0.1:{port}/";
                break;
            }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; private set; } = "";
    public int Requests => Volatile.Read(ref _requests);
    public int RangeRequests => Volatile.Read(ref _rangeRequests);
    /// <summary>Answer 200 with the whole file to range requests, like a server without range support.</summary>
    public bool IgnoreRanges { get; set; }
    /// <summary>The next N requests fail with 503.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    /// <summary>Serves <paramref name="path"/> at BaseUrl + <paramref name="name"/>; returns the URL.</summary>
    public string Serve(string name, string path)
    {
        lock (_files) _files[name] = path;
        return BaseUrl + name;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            Interlocked.Increment(ref _requests);
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                response.StatusCode = 503;
                return;
            }
            string name = context.Request.Url!.AbsolutePath.TrimStart('/');
            string? path;
            lock (_files) _files.TryGetValue(name, out path);
            if (path is null) { response.StatusCode = 404; return; }
            var bytes = File.ReadAllBytes(path);
            string? range = context.Request.Headers["Range"];
            if (range is null || IgnoreRanges)
            {
                response.StatusCode = 200;
                response.ContentLength64 = bytes.Length;
                response.OutputStream.Write(bytes);
                return;
            }
            Interlocked.Increment(ref _rangeRequests);
            // Only the single-range form "bytes=first-last" is needed by the sources under test.
            var spec = range["bytes=".Length..].Split('-');
            long first = long.Parse(spec[0]);
            long last = spec[1].Length == 0 ? bytes.Length - 1 : Math.Min(long.Parse(spec[1]), bytes.Length - 1);
            if (first >= bytes.Length)
            {
                response.StatusCode = 416;
                response.Headers["Content-Range"] = $"bytes */{bytes.Length}";
                return;
            }
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {first}-{last}/{bytes.Length}";
            response.ContentLength64 = last - first + 1;
            response.OutputStream.Write(bytes, (int)first, (int)(last - first + 1));
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
