using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Emulator;

/// <summary>A worker took an invocation: which process runs it (tests inject faults with real signals).</summary>
public sealed record InvocationStart(string RequestId, int Worker, int ProcessId, byte[] Payload);

/// <summary>A host posted its answer (response or error) for an invocation: the body as the caller will get it.</summary>
public sealed record InvocationAnswer(string RequestId, int Worker, bool Error, byte[] Body);

/// <summary>
/// A local AWS Lambda for one function on 127.0.0.1: the Invoke API for drivers (SigV4-signed, 429 when every worker
/// is busy and the queue is full) and the Runtime API for N real host processes it starts and restarts. A worker
/// past the timeout is killed and the caller gets Lambda's timeout error; a worker that dies mid-invocation gives
/// an error response and is restarted. Both APIs require the emulator's per-run <see cref="Token"/> (Invoke: the
/// <c>X-HepDsl-Emulator-Token</c> header; Runtime API: the first path segment, which the workers get in their
/// environment): other local users, who can reach 127.0.0.1 too, get 403 and can neither invoke nor take events.
/// </summary>
public sealed class LambdaEmulator : IAsyncDisposable
{
    private const int MaxPayloadBytes = 6 * 1024 * 1024;
    private readonly EmulatorOptions _options;
    private readonly LoopbackHttpServer _server;
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly Dictionary<string, PendingInvocation> _byId = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<WorkerProcess> _workers = [];
    private int _inflight;
    private long _invocations, _throttles, _timeouts, _deaths;

    private LambdaEmulator(EmulatorOptions options, LoopbackHttpServer server)
    {
        _options = options;
        _server = server;
    }

    public int Port => _server.Port;
    /// <summary>The per-run secret both APIs require: 64 random hex digits, new for every emulator.</summary>
    public string Token { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    /// <summary>What a driver uses as its Invoke API endpoint.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public string FunctionName => _options.FunctionName;
    public long Invocations => Interlocked.Read(ref _invocations);
    public long Throttles => Interlocked.Read(ref _throttles);
    public long Timeouts => Interlocked.Read(ref _timeouts);
    /// <summary>Worker processes that exited unexpectedly (crash, kill) and were restarted.</summary>
    public long WorkerDeaths => Interlocked.Read(ref _deaths);
    public IReadOnlyList<int> WorkerProcessIds { get { lock (_lock) return _workers.Select(w => w.ProcessId).ToList(); } }

    /// <summary>Raised when a worker takes an invocation, just before the event is handed to its host process.</summary>
    public event Action<InvocationStart>? InvocationStarted;

    /// <summary>
    /// Raised when a host posts its answer, before the caller gets it: whatever the host stored is in place, so a test
    /// can damage it exactly as a faulty host or storage would, inside the live run.
    /// </summary>
    public event Action<InvocationAnswer>? InvocationAnswered;

    public static LambdaEmulator Start(EmulatorOptions options)
    {
        if (options.Workers < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Workers, "need at least one worker");
        if (!File.Exists(options.BootstrapPath)) throw new FileNotFoundException($"Lambda host not found: {options.BootstrapPath}");
        var server = LoopbackHttpServer.Bind(options.Port);
        var emulator = new LambdaEmulator(options, server);
        int port = server.Port;
        server.Serve(emulator.HandleAsync);
        lock (emulator._lock)
            for (int i = 0; i < options.Workers; i++)
                emulator._workers.Add(new WorkerProcess(i, options, port, emulator.Token, emulator.OnWorkerExited));
        foreach (var w in emulator._workers) w.Start();
        options.Log?.Invoke($"lambda emulator: function '{options.FunctionName}' on {emulator.Endpoint}, {options.Workers} worker(s), timeout {options.Timeout.TotalSeconds:F0} s, {options.MemoryMb} MB");
        return emulator;
    }

    /// <summary>Kills the process running <paramref name="requestId"/> (a test's "host died mid-invocation").</summary>
    public bool KillWorkerRunning(string requestId)
    {
        lock (_lock)
            if (_byId.TryGetValue(requestId, out var inv) && inv.Worker is { } w) { w.Kill(); return true; }
        return false;
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        var path = context.Request.Url?.AbsolutePath ?? "/";
        var parts = path.Trim('/').Split('/');
        var method = context.Request.HttpMethod;
        if (parts is ["2015-03-31", ..] && !IsToken(context.Request.Headers[LambdaInvoker.EmulatorTokenHeader]))
            await WriteAsync(response, 403, "AccessDeniedException",
                $"this local Lambda requires its per-run token in the {LambdaInvoker.EmulatorTokenHeader} header (hep lambda serve prints it; the driver reads it from HEPDSL_EMULATOR_TOKEN)").ConfigureAwait(false);
        else if (parts is ["2015-03-31", "functions", var name, "invocations"] && method == "POST")
            await InvokeAsync(context, Uri.UnescapeDataString(name)).ConfigureAwait(false);
        else if (parts[0] != "2015-03-31" && !IsToken(parts[0]))
            await WriteAsync(response, 403, "AccessDeniedException", "Runtime API requests must carry the emulator's per-run token").ConfigureAwait(false);
        else if (parts.Length >= 5 && parts[1] == "worker" && int.TryParse(parts[2], out int worker) && worker >= 0 && worker < _workers.Count
                 && parts[3] == "2018-06-01" && parts[4] == "runtime")
            await RuntimeAsync(context, _workers[worker], parts[5..], method).ConfigureAwait(false);
        else
            await WriteAsync(response, 404, "ResourceNotFoundException", $"no route for {method} {path}").ConfigureAwait(false);
    }

    // Constant-time: the comparison must not tell a guesser how many leading characters were right.
    private bool IsToken(string? presented) =>
        presented is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(Token));

    // ---- Invoke API ----

    private async Task InvokeAsync(HttpListenerContext context, string name)
    {
        var request = context.Request;
        if (SigV4HeaderCheck.Problem(request.Headers["Authorization"], request.Headers["X-Amz-Date"]) is { } problem)
        {
            await WriteAsync(context.Response, 403, "IncompleteSignatureException", problem).ConfigureAwait(false);
            return;
        }
        if (!string.Equals(name, _options.FunctionName, StringComparison.Ordinal))
        {
            await WriteAsync(context.Response, 404, "ResourceNotFoundException", $"Function not found: {name}").ConfigureAwait(false);
            return;
        }
        var type = request.Headers["X-Amz-Invocation-Type"] ?? "RequestResponse";
        if (type == "DryRun") { context.Response.StatusCode = 204; return; }
        if (type != "RequestResponse")
        {
            await WriteAsync(context.Response, 400, "InvalidParameterValueException", $"invocation type {type} is not supported by the emulator").ConfigureAwait(false);
            return;
        }
        var payload = await ReadBodyAsync(request, MaxPayloadBytes).ConfigureAwait(false);
        if (payload is null)
        {
            await WriteAsync(context.Response, 413, "RequestTooLargeException", $"Request must be smaller than {MaxPayloadBytes} bytes for the InvokeFunction operation").ConfigureAwait(false);
            return;
        }
        if (Interlocked.Increment(ref _inflight) > _options.Workers + _options.QueueCapacity)
        {
            Interlocked.Decrement(ref _inflight);
            Interlocked.Increment(ref _throttles);
            await WriteAsync(context.Response, 429, "TooManyRequestsException", "Rate Exceeded.", ("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded")).ConfigureAwait(false);
            return;
        }
        Interlocked.Increment(ref _invocations);
        var invocation = new PendingInvocation(Guid.NewGuid().ToString(), payload);
        lock (_lock) _byId[invocation.RequestId] = invocation;
        InvocationOutcome outcome;
        try
        {
            await _queue.Writer.WriteAsync(invocation, _stop.Token).ConfigureAwait(false);
            outcome = await invocation.Outcome.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock) _byId.Remove(invocation.RequestId);
            Interlocked.Decrement(ref _inflight);
        }
        var response = context.Response;
        response.StatusCode = outcome.Status;
        response.Headers["x-amzn-RequestId"] = invocation.RequestId;
        response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        if (outcome.FunctionError is { } error) response.Headers["X-Amz-Function-Error"] = error;
        response.ContentType = "application/json";
        await SendAsync(response, outcome.Body).ConfigureAwait(false);
    }

    // ---- Runtime API ----

    private async Task RuntimeAsync(HttpListenerContext context, WorkerProcess worker, string[] rest, string method)
    {
        switch (rest)
        {
            case ["invocation", "next"] when method == "GET":
                await NextAsync(context, worker).ConfigureAwait(false);
                break;
            case ["invocation", var id, "response"] when method == "POST":
                await CompleteAsync(context, worker, Uri.UnescapeDataString(id), error: false).ConfigureAwait(false);
                break;
            case ["invocation", var id, "error"] when method == "POST":
                await CompleteAsync(context, worker, Uri.UnescapeDataString(id), error: true).ConfigureAwait(false);
                break;
            case ["init", "error"] when method == "POST":
                var body = await ReadBodyAsync(context.Request, MaxPayloadBytes).ConfigureAwait(false) ?? [];
                _options.Log?.Invoke($"[worker {worker.Index}] init error: {Encoding.UTF8.GetString(body)}");
                // As on Lambda, the invocation waiting for this sandbox gets the init error (e.g. HepDsl.Misconfigured)
                // instead of waiting for a host that will never take it.
                if (_queue.Reader.TryRead(out var waiting)) waiting.TryComplete(new InvocationOutcome(200, "Unhandled", body));
                context.Response.StatusCode = 202;
        context.Response.ContentLength64 = 0;
                break;
            default:
                await WriteAsync(context.Response, 404, "InvalidRequest", "unknown Runtime API route").ConfigureAwait(false);
                break;
        }
    }

    private async Task NextAsync(HttpListenerContext context, WorkerProcess worker)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(worker.Life, _stop.Token);
        var invocation = await _queue.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
        worker.Current = invocation;
        invocation.Worker = worker;
        var deadline = DateTimeOffset.UtcNow + _options.Timeout;
        invocation.Timeout = new Timer(_ => TimedOut(invocation, worker), null, _options.Timeout, Timeout.InfiniteTimeSpan);
        var response = context.Response;
        response.StatusCode = 200;
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = $"arn:aws:lambda:{_options.Region}:000000000000:function:{_options.FunctionName}";
        response.Headers["Lambda-Runtime-Trace-Id"] = $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{invocation.RequestId.Replace("-", "")[..24]};Sampled=0";
        response.ContentType = "application/json";
        // Raised once the invocation belongs to this worker and before the host sees the event: a fault injected here
        // (kill, SIGSTOP) always lands inside the invocation. Raised after the write, a small partition could already
        // be answered by a fast warm host before the handler ran, and the "mid-invocation" kill would hit an idle host.
        InvocationStarted?.Invoke(new InvocationStart(invocation.RequestId, worker.Index, worker.ProcessId, invocation.Payload));
        await SendAsync(response, invocation.Payload).ConfigureAwait(false);
        response.Close();
    }

    private async Task CompleteAsync(HttpListenerContext context, WorkerProcess worker, string id, bool error)
    {
        var body = await ReadBodyAsync(context.Request, MaxPayloadBytes).ConfigureAwait(false);
        PendingInvocation? invocation;
        lock (_lock) _byId.TryGetValue(id, out invocation);
        if (invocation is null || !ReferenceEquals(worker.Current, invocation))
        {
            await WriteAsync(context.Response, 400, "InvalidRequestID", $"no invocation {id} is running on this worker").ConfigureAwait(false);
            return;
        }
        worker.Current = null;
        if (body is not null) InvocationAnswered?.Invoke(new InvocationAnswer(id, worker.Index, error, body));
        if (body is not null && !error && _options.Log is { } log) LogColdStart(log, worker, body);
        var outcome = body is null
            ? Failure(id, "Function.ResponseSizeTooLarge", "Response payload size exceeded maximum allowed payload size (6291556 bytes).")
            : new InvocationOutcome(200, error ? "Unhandled" : null, body);
        invocation.TryComplete(outcome);
        context.Response.StatusCode = 202;
        context.Response.ContentLength64 = 0;
    }

    // Lambda's REPORT line for a cold start shows "Init Duration"; the emulator shows the host's own breakdown.
    private static void LogColdStart(Action<string> log, WorkerProcess worker, byte[] body)
    {
        InvocationResponse response;
        try { response = PayloadJson.Deserialize<InvocationResponse>(body, "response"); } catch (InvalidDataException) { return; }
        if (response.Startup is not { } s) return;
        log($"[worker {worker.Index}] cold start: runtime start {s.RuntimeStartMs} ms, host init {s.InitMs} ms (of it S3 warm-up {s.WarmUpMs} ms), analysis fetch {s.AnalysisFetchMs} ms + load {s.AnalysisLoadMs} ms, " +
            $"handler to first events {s.FirstEventMs} ms (JIT {s.JitMs} ms in all; {s.Compilation})");
    }

    private void TimedOut(PendingInvocation invocation, WorkerProcess worker)
    {
        var message = $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {invocation.RequestId} Task timed out after {_options.Timeout.TotalSeconds:F2} seconds";
        if (!invocation.TryComplete(Failure(invocation.RequestId, "Sandbox.Timedout", message))) return;
        Interlocked.Increment(ref _timeouts);
        _options.Log?.Invoke($"[worker {worker.Index}] {message}: killing the worker");
        worker.Kill();
    }

    private void OnWorkerExited(WorkerProcess worker, int exitCode)
    {
        var invocation = worker.Current;
        worker.Current = null;
        Interlocked.Increment(ref _deaths);
        if (invocation is not null)
            invocation.TryComplete(Failure(invocation.RequestId, "Runtime.ExitError",
                $"RequestId: {invocation.RequestId} Error: Runtime exited with error: exit status {exitCode}"));
        _options.Log?.Invoke($"[worker {worker.Index}] exited with status {exitCode}; restarting");
        // A short pause keeps a host that crashes at start-up from spinning the CPU.
        _ = Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token).ContinueWith(t => { if (!t.IsCanceled) worker.Start(); }, TaskScheduler.Default);
    }

    private static InvocationOutcome Failure(string requestId, string type, string message) =>
        new(200, "Unhandled", PayloadJson.Serialize(new FunctionError { ErrorType = type, ErrorMessage = message }));

    private static async Task<byte[]?> ReadBodyAsync(HttpListenerRequest request, int limit)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await request.InputStream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + n > limit) return null;
            copy.Write(buffer, 0, n);
        }
        return copy.ToArray();
    }

    private static Task SendAsync(HttpListenerResponse response, byte[] body) => LoopbackHttpServer.SendAsync(response, body);

    private static Task WriteAsync(HttpListenerResponse response, int status, string type, string message, params (string, string)[] extra) =>
        LoopbackHttpServer.WriteErrorAsync(response, status, type, message, extra);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var w in _workers) w.Stop();
        await _server.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
