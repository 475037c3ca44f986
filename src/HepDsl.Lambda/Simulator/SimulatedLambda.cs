using System.Net;
using System.Text.Json;
using Amazon.S3;
using HepDsl.Lambda.Emulator;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.IO;

namespace HepDsl.Lambda.Simulator;

/// <summary>What the simulated endpoint did, for the harness's report.</summary>
public sealed record SimulationCounts(long Invocations, long Throttles, long ColdStarts, long Failures, long Timeouts, long Slow, int PeakConcurrency, int Environments);

/// <summary>
/// An Invoke API on 127.0.0.1 that answers like AWS Lambda does at scale, for driving the real distributed driver with
/// a thousand invocations in flight on one machine: SigV4-signed requests only; a concurrency limit and a scaling rate
/// (new execution environments per period) with 429 TooManyRequestsException beyond them; warm environments reused,
/// new ones paying a cold start drawn from a log-normal distribution; each partition's handler time proportional to its
/// events (the same every attempt, <see cref="NominalWorkMs"/>); a few invocations failing, hanging until the function
/// timeout (the environment is then discarded) or running on a slow sandbox. Answers carry the REAL partial result of
/// the partition (<see cref="PartitionResults"/>), inline or stored in S3 under the deterministic key as a host stores
/// it, so the driver's merged result can be compared exactly with a local run.
/// </summary>
public sealed class SimulatedLambda : IAsyncDisposable
{
    private const int MaxPayloadBytes = 6 * 1024 * 1024;
    private readonly SimulationOptions _options;
    private readonly PartitionResults _results;
    private readonly IAmazonS3? _store;
    private readonly LoopbackHttpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Random _random;
    private readonly double[] _workMs;
    private long _firstInvocation;
    private int _inflight, _idle, _environments, _peak;
    private long _invocations, _throttles, _cold, _failures, _timeouts, _slow;

    private SimulatedLambda(SimulationOptions options, PartitionResults results, IAmazonS3? store, LoopbackHttpServer server)
    {
        _options = options;
        _results = results;
        _store = store;
        _server = server;
        _random = new Random(options.Seed);
        _workMs = NominalWork(options, results.Partitions);
    }

    /// <summary>
    /// Each partition's handler time on a normal sandbox (ms): its events × <see cref="SimulationOptions.MsPerEvent"/>,
    /// spread log-normally by a draw fixed per partition (seed and index), so every attempt and every process agrees.
    /// </summary>
    public static double[] NominalWork(SimulationOptions options, IReadOnlyList<Runtime.Execution.Partition> partitions)
    {
        var work = new double[partitions.Count];
        foreach (var p in partitions)
        {
            var rng = new Random(options.Seed * 1_000_003 + p.Index);
            work[p.Index] = p.EntryCount * options.MsPerEvent * Math.Exp(options.RunSigma * Normal(rng));
        }
        return work;
    }

    public int Port => _server.Port;
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public string FunctionName => _options.FunctionName;

    /// <summary>The handler time partition <paramref name="index"/> takes on a normal sandbox (ms).</summary>
    public double NominalWorkMs(int index) => _workMs[index];

    public SimulationCounts Counts
    {
        get
        {
            lock (_lock)
                return new SimulationCounts(Interlocked.Read(ref _invocations), Interlocked.Read(ref _throttles), Interlocked.Read(ref _cold),
                    Interlocked.Read(ref _failures), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _slow), _peak, _environments);
        }
    }

    /// <summary>
    /// Starts the endpoint. With <paramref name="store"/> every result is also PUT to S3 (as the real host does) and
    /// those above the payload's inline limit come from there; without, results must fit inline.
    /// </summary>
    public static SimulatedLambda Start(SimulationOptions options, PartitionResults results, IAmazonS3? store)
    {
        if (options.ConcurrencyLimit < 1 || options.ScalingStep < 1) throw new ArgumentOutOfRangeException(nameof(options), "concurrency limit and scaling step must be at least 1");
        var simulator = new SimulatedLambda(options, results, store, LoopbackHttpServer.Bind(0));
        simulator._server.Serve(simulator.HandleAsync);
        return simulator;
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var parts = (context.Request.Url?.AbsolutePath ?? "/").Trim('/').Split('/');
        if (parts is ["2015-03-31", "functions", var name, "invocations"] && context.Request.HttpMethod == "POST")
            await InvokeAsync(context, Uri.UnescapeDataString(name)).ConfigureAwait(false);
        else
            await LoopbackHttpServer.WriteErrorAsync(context.Response, 404, "ResourceNotFoundException", "no such route").ConfigureAwait(false);
    }

    private async Task InvokeAsync(HttpListenerContext context, string name)
    {
        var request = context.Request;
        if (SigV4HeaderCheck.Problem(request.Headers["Authorization"], request.Headers["X-Amz-Date"]) is { } problem)
        {
            await LoopbackHttpServer.WriteErrorAsync(context.Response, 403, "IncompleteSignatureException", problem).ConfigureAwait(false);
            return;
        }
        if (name != _options.FunctionName)
        {
            await LoopbackHttpServer.WriteErrorAsync(context.Response, 404, "ResourceNotFoundException", $"Function not found: {name}").ConfigureAwait(false);
            return;
        }
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        if (body.Length > MaxPayloadBytes)
        {
            await LoopbackHttpServer.WriteErrorAsync(context.Response, 413, "RequestTooLargeException", "Request must be smaller than 6291456 bytes").ConfigureAwait(false);
            return;
        }
        if (!TryTakeEnvironment(out bool cold))
        {
            Interlocked.Increment(ref _throttles);
            await LoopbackHttpServer.WriteErrorAsync(context.Response, 429, "TooManyRequestsException", "Rate Exceeded.").ConfigureAwait(false);
            return;
        }
        Interlocked.Increment(ref _invocations);
        bool keep = true;
        try
        {
            var (functionError, answer, discard) = await RunAsync(body.ToArray(), cold).ConfigureAwait(false);
            keep = !discard;
            await Task.Delay(TimeSpan.FromMilliseconds(_options.ApiLatencyMs), _stop.Token).ConfigureAwait(false);
            var response = context.Response;
            response.StatusCode = 200;
            response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            if (functionError is not null) response.Headers["X-Amz-Function-Error"] = functionError;
            response.ContentType = "application/json";
            response.ContentLength64 = answer.Length; // one write: no chunked tail held back by Nagle
            await response.OutputStream.WriteAsync(answer, _stop.Token).ConfigureAwait(false);
        }
        finally { ReleaseEnvironment(keep); }
    }

    // One invocation inside its environment: init (when cold), the handler for the partition's time, the answer.
    private async Task<(string? FunctionError, byte[] Body, bool Discard)> RunAsync(byte[] body, bool cold)
    {
        InvocationPayload payload;
        try { payload = PayloadJson.Deserialize<InvocationPayload>(body, "the invocation payload"); }
        catch (InvalidDataException e) { return (Unhandled, Error(FunctionErrorTypes.BadPayload, e.Message), false); }
        var p = payload.Partition;
        if (p.Index < 0 || p.Index >= _results.Count || _results.Partitions[p.Index] != p || payload.Input is null)
            return (Unhandled, Error(FunctionErrorTypes.DataError, $"the simulator has no result for {p} (it was prepared for another plan)"), false);

        double coldMs = 0, factor = 1;
        bool fail, hang;
        lock (_random)
        {
            if (cold) coldMs = _options.ColdStartMedianMs * Math.Exp(_options.ColdStartSigma * Normal(_random));
            double draw = _random.NextDouble();
            hang = draw < _options.TimeoutRate;
            fail = !hang && draw < _options.TimeoutRate + _options.FailureRate;
            if (!hang && !fail && _random.NextDouble() < _options.SlowRate) factor = _options.SlowFactor;
        }
        if (cold) Interlocked.Increment(ref _cold);
        await Task.Delay(TimeSpan.FromMilliseconds(coldMs), _stop.Token).ConfigureAwait(false);
        if (hang)
        {
            Interlocked.Increment(ref _timeouts);
            await Task.Delay(_options.Timeout, _stop.Token).ConfigureAwait(false);
            return (Unhandled, Error("Sandbox.Timedout", $"Task timed out after {_options.Timeout.TotalSeconds:F2} seconds"), true);
        }
        double work = _workMs[p.Index] * factor;
        if (factor > 1) Interlocked.Increment(ref _slow);
        if (fail)
        {
            Interlocked.Increment(ref _failures);
            await Task.Delay(TimeSpan.FromMilliseconds(work / 2), _stop.Token).ConfigureAwait(false);
            return (Unhandled, Error(FunctionErrorTypes.PartitionFailed, $"simulated storage failure reading {p}"), false);
        }
        await Task.Delay(TimeSpan.FromMilliseconds(work), _stop.Token).ConfigureAwait(false);

        // Stored and answered as a host does: bound to the analysis, input version, range and format.
        var result = PartialResultFile.Write(PartialResultBinding.For(payload.Analysis.Sha256, p, payload.Input),
            Runtime.Results.ResultSetSerializer.Deserialize(_results.Serialized(p.Index)));
        var key = DistributedKeys.Result(payload.Results.Prefix, payload.Analysis.Sha256, p, payload.Input);
        bool inline = result.Length <= payload.InlineResultBytes;
        if (_store is not null)
            await S3Upload.PutBytesAsync(_store, payload.Results.Bucket, key, result, _stop.Token).ConfigureAwait(false);
        else if (!inline)
            return (Unhandled, Error(FunctionErrorTypes.Internal, $"result of {result.Length} bytes exceeds the inline limit and the simulator stores nothing in S3"), false);
        var response = new InvocationResponse
        {
            PartitionIndex = p.Index,
            ResultKey = key,
            ResultSha256 = DistributedKeys.Sha256Hex(result),
            ResultBytes = result.Length,
            InlineResult = inline ? Convert.ToBase64String(result) : null,
            Entries = p.EntryCount,
            BytesRead = 0,
            BasketBytes = 0,
            FetchMs = 0,
            ProcessMs = (long)work,
            UploadMs = 0,
            TotalMs = (long)(work + coldMs),
            PeakMemoryBytes = 0,
            MemoryMb = _options.MemoryMb,
            ColdStart = cold,
        };
        return (null, PayloadJson.Serialize(response), false);
    }

    private const string Unhandled = "Unhandled";

    // A warm idle environment if there is one, else a new one (a cold start) within the concurrency limit and the
    // environments the scaling rate allows so far; else the invocation is throttled.
    private bool TryTakeEnvironment(out bool cold)
    {
        cold = false;
        lock (_lock)
        {
            long now = Environment.TickCount64;
            if (_firstInvocation == 0) _firstInvocation = now;
            if (_inflight >= _options.ConcurrencyLimit) return false;
            if (_idle > 0) _idle--;
            else
            {
                long periods = (now - _firstInvocation) / (long)_options.ScalingPeriod.TotalMilliseconds;
                long allowed = Math.Min(_options.ConcurrencyLimit, _options.ScalingStep * (1 + periods));
                if (_environments >= allowed) return false;
                _environments++;
                cold = true;
            }
            _inflight++;
            _peak = Math.Max(_peak, _inflight);
            return true;
        }
    }

    private void ReleaseEnvironment(bool keep)
    {
        lock (_lock)
        {
            _inflight--;
            if (keep) _idle++;
            else _environments--; // discarded after a timeout: the next one is cold
        }
    }

    private static byte[] Error(string type, string message) => PayloadJson.Serialize(new FunctionError { ErrorType = type, ErrorMessage = message });

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _server.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
