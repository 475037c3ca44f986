using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using HepDsl.Bench.Common;
using HepDsl.Compiler;
using HepDsl.Lambda.Emulator;
using HepDsl.Lambda.Host;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Bench.Lambda;

/// <summary>
/// Mode 'lambda': one compiled ADL query run through the whole serverless path on this machine (driver → SigV4 Invoke
/// API → `hep lambda serve`'s emulator → real host processes reading a local s3rver) with 1, 2, 4 and 8 emulated
/// workers: events/s, partitions, cold starts and what each invocation costs beyond the host's own work. Every run's
/// merged result is checked bin for bin against a local run over the same S3 objects.
/// </summary>
internal static class LambdaBenchmark
{
    public const string Help = "ADL query through the local Lambda emulator + local S3 with 1,2,4,8 host processes: events/s, cold starts, per-invocation overhead " +
                               "[--query q6|FILE.hep] [--input FILE|GLOB,...] [--copies 40] [--workers 1,2,4,8] [--partitions 64] [--repeats 3] [--roundtrips 20] [--bootstrap PATH]";

    private const string Function = "hepdsl-bench";
    private const string DataBucket = "hepbench-data";
    private const string RunBucket = "hepbench-runs";
    private static readonly BasicAWSCredentials s_invokeCredentials = new("AKIDBENCH", "bench-secret");

    private sealed record RunSample(int Repeat, DistributedOutcome Outcome)
    {
        public double EventsPerSecond => Outcome.Run.Entries / Outcome.Run.Elapsed.TotalSeconds;
        public IEnumerable<AttemptRecord> Ok => Outcome.Report.Attempts.Where(a => a.Outcome == "ok");
    }

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        string query = args.Text("query", "q6");
        var inputArgs = args.List("input", "");
        int copies = args.Int("copies", 40);
        var workerCounts = args.List("workers", "1,2,4,8").Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList();
        int partitions = args.Int("partitions", 64);
        int repeats = args.Int("repeats", 3);
        int roundTrips = args.Int("roundtrips", 20);
        string bootstrap = args.Text("bootstrap", Path.Combine(AppContext.BaseDirectory, "bootstrap.dll"));
        args.CheckAllUsed();
        if (repeats < 1 || roundTrips < 1 || partitions < 1 || workerCounts.Any(w => w < 1)) throw new ArgumentException("--repeats, --roundtrips, --partitions and --workers must be at least 1");

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return RunAsync(query, inputArgs, copies, workerCounts, partitions, repeats, roundTrips, bootstrap, cancel.Token).GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunAsync(string query, string[] inputArgs, int copies, List<int> workerCounts, int partitions, int repeats,
        int roundTrips, string bootstrap, CancellationToken cancellationToken)
    {
        var root = BenchInputs.RepoRoot();
        var hep = query.EndsWith(".hep", StringComparison.OrdinalIgnoreCase) ? Path.GetFullPath(query) : Path.Combine(root, "samples", "adl", query + ".hep");
        var compileClock = Stopwatch.StartNew();
        var compiled = AnalysisCompiler.Compile(hep); // what hep run does: the bytes shipped to the functions
        var analysis = compiled.Create();
        Console.Error.WriteLine($"lambda bench: {Path.GetRelativePath(root, hep)} {(compiled.FromCache ? "loaded from the compile cache" : "compiled")} in {compileClock.ElapsedMilliseconds} ms ({compiled.Assembly.Length / 1024} KiB assembly)");

        var files = inputArgs.Length > 0
            ? InputGlobs.Expand(inputArgs).Select(Path.GetFullPath).ToList()
            : Enumerable.Repeat(Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "root", "nanoAOD_2015_CMS_Open_Data_ttbar.root")), copies).ToList();
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0) throw new FileNotFoundException($"input(s) not found: {string.Join(", ", missing.Distinct())}");

        using var s3 = LocalS3Server.Start(LocalS3Server.FindScripts(root));
        s3.CreateBucket(DataBucket);
        s3.CreateBucket(RunBucket);
        var uploadClock = Stopwatch.StartNew();
        var inputs = new List<string>();
        long inputBytes = 0;
        for (int i = 0; i < files.Count; i++)
        {
            var bytes = await File.ReadAllBytesAsync(files[i], cancellationToken);
            inputBytes += bytes.Length;
            await S3Upload.PutBytesAsync(s3.Client, DataBucket, $"inputs/{i:D4}-{Path.GetFileName(files[i])}", bytes, cancellationToken);
            inputs.Add($"s3://{DataBucket}/inputs/{i:D4}-{Path.GetFileName(files[i])}");
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lambda bench: s3rver at {s3.Endpoint}; {files.Count} object(s), {inputBytes / 1e6:F1} MB uploaded in {uploadClock.Elapsed.TotalSeconds:F1} s"));

        // The reference: the local executor over the same S3 objects and the same partitioning.
        var local = await LocalExecutor.RunAsync(analysis, inputs, new LocalRunOptions
        {
            Partitions = partitions,
            Open = EventSources.Opener(new ByteSourceOptions { S3 = s3.Options }),
        }, null, cancellationToken);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lambda bench: local reference over S3: {local.Entries:N0} events in {local.Partitions.Count} partitions on {local.Workers} thread(s), {local.EventsPerSecond:N0} events/s"));

        var table = new Markdown("workers", "partitions", "events", "cold starts", "events/s cold run", "events/s warm (median)", "(best)",
            "invoke ms (median)", "host ms (median)", "event loop ms (median)", "overhead ms (median)", "(p90)", "empty-event round trip ms (min)", "(median)");
        int failures = 0;
        var coldStarts = new List<ColdStartSummary>();
        foreach (var workers in workerCounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var emulatorClock = Stopwatch.StartNew();
            // The hosts write under one configured prefix only; each repeat removes the previous one's results there
            // so that it computes every partition again instead of reusing them.
            var prefix = $"bench/{workers}w-{Guid.NewGuid():N}";
            await using var emulator = LambdaEmulator.Start(new EmulatorOptions
            {
                FunctionName = Function,
                Workers = workers,
                QueueCapacity = workers,
                Timeout = TimeSpan.FromMinutes(5),
                MemoryMb = 1769,
                BootstrapPath = bootstrap,
                Host = new HostSettings { ResultsBucket = RunBucket, Prefix = prefix, Inputs = InputAllowList.Parse($"s3://{DataBucket}/inputs/"), S3Endpoint = s3.Endpoint },
                Environment = s3.WorkerEnvironment,
            });
            var samples = new List<RunSample>();
            for (int r = 0; r < repeats; r++)
            {
                await DeleteStoredResultsAsync(s3, prefix, cancellationToken);
                var options = new DistributedOptions
                {
                    Function = Function,
                    Bucket = RunBucket,
                    Prefix = prefix,
                    Region = "us-east-1",
                    Endpoint = emulator.Endpoint,
                    EmulatorToken = emulator.Token,
                    S3 = s3.Options,
                    InvokeCredentials = s_invokeCredentials,
                    Concurrency = workers, // one invocation per host process: no queueing inside the emulator
                    Partitions = partitions,
                    InvokeTimeout = TimeSpan.FromMinutes(6),
                    StragglerMinimum = TimeSpan.FromMinutes(10), // no duplicates: they would be extra work, not overhead
                };
                var outcome = await DistributedExecutor.RunAsync(compiled.Assembly, analysis, inputs, options, null, cancellationToken);
                if (Difference(local.Result, outcome.Run.Result) is { } difference)
                {
                    failures++;
                    Console.Error.WriteLine($"lambda bench: {workers} worker(s), run {r + 1}: RESULT DIFFERS from the local run: {difference}");
                }
                var sample = new RunSample(r, outcome);
                samples.Add(sample);
                var note = r == 0 ? string.Create(CultureInfo.InvariantCulture, $" (emulator started {emulatorClock.Elapsed.TotalSeconds:F1} s ago)") : "";
                if (outcome.Report.ColdStart is { } c)
                {
                    coldStarts.Add(c);
                    note += string.Create(CultureInfo.InvariantCulture, $"; cold start ms (median): runtime start {c.RuntimeStartMs}, init {c.InitMs}, analysis fetch {c.AnalysisFetchMs} + load {c.AnalysisLoadMs}, handler to first events {c.FirstEventMs}, JIT {c.JitMs}");
                }
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"lambda bench: {workers} worker(s), run {r + 1}/{repeats}: {outcome.Run.Entries:N0} events, {outcome.Report.Invocations} invocations, {outcome.Report.ColdStarts} cold, {outcome.Run.Elapsed.TotalSeconds:F2} s, {sample.EventsPerSecond:N0} events/s, overhead median {outcome.Report.OverheadMs.Median} ms{note}"));
            }
            var trips = await EmptyRoundTripsAsync(emulator, roundTrips, cancellationToken);

            var cold = samples[0];
            var warm = samples.Count > 1 ? samples.Skip(1).ToList() : samples;
            var warmRate = Stats.MinMedian(warm.Select(s => s.EventsPerSecond).ToList());
            var warmAttempts = warm.SelectMany(s => s.Ok).ToList();
            var overhead = DurationStats.Of(warmAttempts.Select(a => a.OverheadMs).ToList());
            var tripStats = Stats.MinMedian(trips);
            table.Row(workers, cold.Outcome.Run.Partitions.Count, cold.Outcome.Run.Entries, cold.Outcome.Report.ColdStarts,
                cold.EventsPerSecond, warmRate.Median, warm.Max(s => s.EventsPerSecond),
                Median(warmAttempts.Select(a => (double)a.DurationMs)), Median(warmAttempts.Select(a => (double)a.BilledMs)),
                Median(warmAttempts.Select(a => (double)a.ProcessMs)), (double)overhead.Median, (double)overhead.P90, tripStats.Min, tripStats.Median);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"### Lambda emulator: {analysis.Info.Name} ({Path.GetRelativePath(root, hep)}), {files.Count} input object(s), {local.Entries:N0} events, {partitions} partitions requested"));
        Console.WriteLine();
        table.Print();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            - This machine has {Environment.ProcessorCount} core(s): every emulated worker is a real host process, so with more workers than cores they time-share the cores (with the driver, the emulator and s3rver, a single Node process serving every read). Scaling past {Environment.ProcessorCount} workers shows overhead, not capacity.
            - Each worker count gets a fresh emulator: run 1 ("cold run") pays the host processes' cold starts (runtime start, JIT, analysis fetch and load); "warm" are runs 2..{repeats} on the same processes. Concurrency = workers, so invocations never queue in the emulator. Events/s is the whole run as a user sees it (input survey, analysis upload check, invocations, merge).
            - invoke ms: driver wall time of one Invoke call; host ms: the host's handler (analysis from cache, event loop, result stored to S3); event loop ms: the partition's events alone; overhead = invoke − host per invocation (SigV4 Invoke API, emulator, Runtime API, payload JSON), warm runs.
            - Empty-event round trip: an invocation whose event the warm host rejects at once (no S3, no analysis), {roundTrips} in sequence: the protocol's floor on this machine.
            - Cold starts (hosts' own breakdown, medians per cold run, then the median over runs): {ColdText(coldStarts)}; bootstrap {Path.GetFileName(bootstrap)} ({(bootstrap.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "framework-dependent, JIT only" : "published executable")}).
            - Local reference (local executor, {local.Workers} thread(s), same S3 objects and partitioning): {local.EventsPerSecond:N0} events/s. Every Lambda run's histograms and cut-flow were compared with it: {(failures == 0 ? "all identical" : $"{failures} run(s) DIFFERED")}.
            """));
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Sequential invocations with an empty event: the host answers a typed BadPayload error without doing any work.</summary>
    private static async Task<List<double>> EmptyRoundTripsAsync(LambdaEmulator emulator, int count, CancellationToken cancellationToken)
    {
        using var invoker = new LambdaInvoker(emulator.Endpoint, "us-east-1", s_invokeCredentials, TimeSpan.FromSeconds(60), emulator.Token);
        var times = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            var answer = await invoker.InvokeAsync(Function, "{}"u8.ToArray(), cancellationToken);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (answer.Status != 200 || answer.FunctionError is null
                || PayloadJson.Deserialize<FunctionError>(answer.Body, "error").ErrorType != FunctionErrorTypes.BadPayload)
                throw new InvalidOperationException($"empty-event invocation answered {answer.Status} {answer.FunctionError}: {System.Text.Encoding.UTF8.GetString(answer.Body)}");
        }
        return times;
    }

    private static string ColdText(List<ColdStartSummary> cold)
    {
        if (cold.Count == 0) return "none reported";
        long M(Func<ColdStartSummary, long> f) => DurationStats.Of(cold.Select(f).ToList()).Median;
        return string.Create(CultureInfo.InvariantCulture,
            $"runtime start {M(c => c.RuntimeStartMs)} ms, host init {M(c => c.InitMs)} ms, analysis fetch {M(c => c.AnalysisFetchMs)} ms + load {M(c => c.AnalysisLoadMs)} ms, handler to first events {M(c => c.FirstEventMs)} ms, JIT {M(c => c.JitMs)} ms of it all");
    }

    private static async Task DeleteStoredResultsAsync(LocalS3Server s3, string prefix, CancellationToken cancellationToken)
    {
        var listing = await s3.Client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = RunBucket, Prefix = prefix + "/results/" }, cancellationToken);
        foreach (var o in listing.S3Objects ?? []) await s3.Client.DeleteObjectAsync(RunBucket, o.Key, cancellationToken);
        if (listing.IsTruncated == true) await DeleteStoredResultsAsync(s3, prefix, cancellationToken);
    }

    private static double Median(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? double.NaN : Stats.MinMedian(list).Median;
    }

    /// <summary>Histogram bins (sums of weights and of squares), cut-flow, aggregates and processed ranges.</summary>
    internal static string? Difference(ResultSet expected, ResultSet actual)
    {
        if (ResultCompare.Difference(expected, actual) is { } d) return d;
        for (int h = 0; h < expected.Histograms.Count; h++)
            if (!expected.Histograms[h].SumW2.AsSpan().SequenceEqual(actual.Histograms[h].SumW2)) return $"histogram '{expected.Histograms[h].Name}' sums of squares differ";
        if (!expected.Aggregates.Select(a => (a.Entries, a.SumW, a.SumWX, a.SumWX2)).SequenceEqual(actual.Aggregates.Select(a => (a.Entries, a.SumW, a.SumWX, a.SumWX2))))
            return "aggregates differ";
        return expected.Processed.SequenceEqual(actual.Processed) ? null : "processed ranges differ";
    }
}
