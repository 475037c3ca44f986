using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace HepDsl.Lambda.Tests.Support;

/// <summary>A request the host made to the Runtime API.</summary>
public sealed record RuntimeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A hand-scripted Runtime API (independent of the emulator) driving one real host process: it hands out queued
/// events on /next and records every request, so tests check the host's side of the protocol exactly. In-process,
/// the same host loop runs inside the test instead, so what it does to the process (environment) can be seen.
/// </summary>
public sealed class ScriptedRuntimeApi : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(string Id, byte[] Body, DateTimeOffset Deadline, string Trace)> _events = Channel.CreateUnbounded<(string, byte[], DateTimeOffset, string)>();
    private readonly Channel<RuntimeRequest> _posts = Channel.CreateUnbounded<RuntimeRequest>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Process? _host;
    private readonly Task? _hostLoop;
    private readonly Task _loop;
    private int _nextCalls;

    public ScriptedRuntimeApi(IReadOnlyDictionary<string, string> environment, bool inProcess = false)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
        if (inProcess)
        {
            // In-process the settings come from the given variables, not from the test process' own environment.
            _hostLoop = Task.Run(() => Host.HostLoop.RunAsync($"127.0.0.1:{port}",
                () => Host.HostSettings.FromEnvironment(name => environment.GetValueOrDefault(name)), _stop.Token));
            return;
        }
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(LambdaHost.Bootstrap);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        info.Environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{port}";
        info.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512";
        info.Environment["AWS_REGION"] = "us-east-1";
        _host = Process.Start(info)!;
        _host.OutputDataReceived += (_, e) => { if (e.Data is { } l) HostLog.Enqueue(l); };
        _host.ErrorDataReceived += (_, e) => { if (e.Data is { } l) HostLog.Enqueue(l); };
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> HostLog { get; } = new();
    public int NextCalls => Volatile.Read(ref _nextCalls);

    public const string DefaultTrace = "Root=1-00000000-000000000000000000000000;Sampled=0";

    public string Send(byte[] payload, TimeSpan? budget = null, string trace = DefaultTrace)
    {
        var id = Guid.NewGuid().ToString();
        _events.Writer.TryWrite((id, payload, DateTimeOffset.UtcNow + (budget ?? TimeSpan.FromSeconds(60)), trace));
        return id;
    }

    /// <summary>The next response or error the host posts (fails after 60 s).</summary>
    public async Task<RuntimeRequest> NextPostAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { return await _posts.Reader.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"the host posted nothing within 60 s; its log:{Environment.NewLine}{string.Join(Environment.NewLine, HostLog)}"); }
    }

    /// <summary>Waits until the host has asked for <paramref name="calls"/> events in total.</summary>
    public async Task WaitForNextCallsAsync(int calls)
    {
        for (int i = 0; i < 300 && NextCalls < calls; i++) await Task.Delay(100);
        Assert.True(NextCalls >= calls, $"the host made {NextCalls} /next calls, expected {calls}");
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); } catch (Exception) when (_stop.IsCancellationRequested) { return; } catch (HttpListenerException) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        try
        {
            if (context.Request.HttpMethod == "GET" && path == "/2018-06-01/runtime/invocation/next")
            {
                Interlocked.Increment(ref _nextCalls);
                var (id, body, deadline, trace) = await _events.Reader.ReadAsync(_stop.Token);
                context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = id;
                context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:scripted";
                context.Response.Headers["Lambda-Runtime-Trace-Id"] = trace;
                context.Response.ContentLength64 = body.Length; // one write, no chunked tail held by Nagle (see LambdaEmulator)
                await context.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                using var copy = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(copy);
                var headers = context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
                _posts.Writer.TryWrite(new RuntimeRequest(context.Request.HttpMethod, path, headers, copy.ToArray()));
                context.Response.StatusCode = 202;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or IOException) { }
        finally
        {
            try { context.Response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            try { if (!_host.HasExited) _host.Kill(entireProcessTree: true); await _host.WaitForExitAsync(new CancellationTokenSource(5000).Token); }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException) { }
            _host.Dispose();
        }
        _stop.Cancel();
        // The in-process loop ends when its pending /next is cancelled.
        if (_hostLoop is not null)
            try { await _hostLoop; } catch (Exception e) when (e is OperationCanceledException or HttpRequestException) { }
        _listener.Close();
        try { await _loop; } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
    }
}
