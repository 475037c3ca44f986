using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HepDsl.Runtime.Tests.Support;

/// <summary>
/// A small HTTP/1.1 file server on 127.0.0.1 inside the test process, with keep-alive and single-range support
/// (<c>Range: bytes=a-b</c>). Knobs let tests model servers that ignore ranges or fail transiently; requests are counted.
/// </summary>
/// <remarks>
/// Written on a raw socket with Nagle off: HttpListener sends headers and body in separate writes, which with Nagle and
/// delayed acknowledgements costs ~40 ms per request on loopback and would make remote-read tests slow for no reason.
/// </remarks>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests, _rangeRequests, _failuresLeft;

    public LoopbackHttpServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _loop = Task.Run(AcceptAsync);
    }

    public string BaseUrl { get; }
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

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            socket.NoDelay = true;
            _ = Task.Run(() => ServeConnectionAsync(socket));
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.ASCII, false, 4096, leaveOpen: true);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                string? requestLine = await reader.ReadLineAsync(_stop.Token);
                if (string.IsNullOrEmpty(requestLine)) return;
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (string? line; !string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stop.Token));)
                {
                    int colon = line.IndexOf(':');
                    if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
                var parts = requestLine.Split(' ');
                await RespondAsync(stream, parts[0], parts[1], headers);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    private async Task RespondAsync(Stream stream, string method, string target, Dictionary<string, string> headers)
    {
        Interlocked.Increment(ref _requests);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            await WriteAsync(stream, "503 Service Unavailable", [], ReadOnlyMemory<byte>.Empty);
            return;
        }
        string? path;
        lock (_files) _files.TryGetValue(Uri.UnescapeDataString(target.TrimStart('/')), out path);
        if (path is null)
        {
            await WriteAsync(stream, "404 Not Found", [], ReadOnlyMemory<byte>.Empty);
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        bool head = method == "HEAD";
        if (!headers.TryGetValue("Range", out var range) || IgnoreRanges)
        {
            await WriteAsync(stream, "200 OK", [], head ? ReadOnlyMemory<byte>.Empty : bytes, bytes.Length);
            return;
        }
        Interlocked.Increment(ref _rangeRequests);
        // Only the single-range form "bytes=first-last" is needed by the sources under test.
        var spec = range["bytes=".Length..].Split('-');
        long first = long.Parse(spec[0]);
        long last = spec[1].Length == 0 ? bytes.Length - 1 : Math.Min(long.Parse(spec[1]), bytes.Length - 1);
        if (first >= bytes.Length)
        {
            await WriteAsync(stream, "416 Range Not Satisfiable", [$"Content-Range: bytes */{bytes.Length}"], ReadOnlyMemory<byte>.Empty);
            return;
        }
        var body = bytes.AsMemory((int)first, (int)(last - first + 1));
        await WriteAsync(stream, "206 Partial Content", [$"Content-Range: bytes {first}-{last}/{bytes.Length}"], head ? ReadOnlyMemory<byte>.Empty : body, body.Length);
    }

    private static async Task WriteAsync(Stream stream, string status, string[] extra, ReadOnlyMemory<byte> body, long? length = null)
    {
        var head = new StringBuilder($"HTTP/1.1 {status}\r\nContent-Length: {length ?? body.Length}\r\nAccept-Ranges: bytes\r\n");
        foreach (var h in extra) head.Append(h).Append("\r\n");
        head.Append("\r\n");
        // Header and body in one buffer: one write, one segment for small responses.
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var all = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(all, 0);
        body.CopyTo(all.AsMemory(headBytes.Length));
        await stream.WriteAsync(all);
        await stream.FlushAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
