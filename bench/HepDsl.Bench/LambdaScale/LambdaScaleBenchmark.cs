using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using HepDsl.Bench.Common;
using HepDsl.Bench.Dataset;
using HepDsl.Compiler;
using HepDsl.Lambda.Emulator;
using HepDsl.Lambda.Simulator;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Trees;

namespace HepDsl.Bench.LambdaScale;

/// <summary>
/// Mode 'lambda-scale': the real distributed driver (SigV4, retries, throttling backoff, straggler duplicates, ordered
/// merge, completeness, result verification) with a thousand invocations in flight against <see cref="SimulatedLambda"/>
/// in a child process (so this process's CPU and memory are the driver's alone). The simulator answers with the real
/// partial results of an ADL query over a generated NanoAOD-like file, so the merged result is compared bit for bit
/// with a local run of the same plan. Reports driver CPU and memory per invocation, invocations/s, merge time, and the
/// makespan against the ideal (sum of the partitions' work / concurrency + the slowest partition).
/// </summary>
internal static class LambdaScaleBenchmark
{
    public const string Help = "driver with N invocations in flight against a simulated AWS Invoke endpoint: CPU, memory, invocations/s, efficiency " +
                               "[--query q6] [--partitions 10000] [--concurrency 1000] [--limit 1000] [--events-per-partition 10] [--partition-seconds 8] " +
                               "[--cold-ms 600] [--failure-rate 0.005] [--timeout-rate 0.002] [--slow-rate 0.005] [--function-timeout-s 30] [--results inline|s3|s3rver] [--merge-memory-mb 128]";

    private const string DataBucket = "hepscale-data";
    private const string RunBucket = "hepscale-runs";

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        var settings = new Settings(
            Query: args.Text("query", "q6"),
            Partitions: args.Int("partitions", 10_000),
            Concurrency: args.Int("concurrency", 1000),
            Limit: args.Int("limit", 1000),
            EventsPerPartition: args.Int("events-per-partition", 10),
            PartitionSeconds: double.Parse(args.Text("partition-seconds", "8"), CultureInfo.InvariantCulture),
            ColdMs: double.Parse(args.Text("cold-ms", "600"), CultureInfo.InvariantCulture),
            FailureRate: double.Parse(args.Text("failure-rate", "0.005"), CultureInfo.InvariantCulture),
            TimeoutRate: double.Parse(args.Text("timeout-rate", "0.002"), CultureInfo.InvariantCulture),
            SlowRate: double.Parse(args.Text("slow-rate", "0.005"), CultureInfo.InvariantCulture),
            FunctionTimeoutSeconds: args.Int("function-timeout-s", 30),
            Results: args.Text("results", "inline"),
            MergeMemoryMb: args.Int("merge-memory-mb", 128));
        args.CheckAllUsed();
        // s3: results PUT and fetched over the S3 protocol from an in-memory store in the endpoint's process (everything
        // else forwarded to s3rver); s3rver: results stored in s3rver itself, which limits the run (docs/performance.md).
        if (settings.Results is not ("inline" or "s3" or "s3rver")) throw new ArgumentException("--results is inline, s3 or s3rver");
        return RunAsync(settings).GetAwaiter().GetResult();
    }

    internal sealed record Settings(string Query, int Partitions, int Concurrency, int Limit, int EventsPerPartition, double PartitionSeconds,
        double ColdMs, double FailureRate, double TimeoutRate, double SlowRate, int FunctionTimeoutSeconds, string Results, int MergeMemoryMb)
    {
        public SimulationOptions Simulation => new()
        {
            ConcurrencyLimit = Limit,
            ColdStartMedianMs = ColdMs,
            MsPerEvent = PartitionSeconds * 1000 / EventsPerPartition,
            FailureRate = FailureRate,
            TimeoutRate = TimeoutRate,
            SlowRate = SlowRate,
            Timeout = TimeSpan.FromSeconds(FunctionTimeoutSeconds),
        };
    }

    private static async Task<int> RunAsync(Settings settings)
    {
        var root = BenchInputs.RepoRoot();
        var hep = Path.Combine(root, "samples", "adl", settings.Query + ".hep");
        var compiled = AnalysisCompiler.Compile(hep);
        var analysis = compiled.Create();
        var folder = Directory.CreateTempSubdirectory("hep-lambda-scale-").FullName;
        try
        {
            // The data: partitions × events-per-partition NanoAOD-like events in clusters of 100.
            var clock = Stopwatch.StartNew();
            var localPath = Path.Combine(folder, "nanoaod-like.root");
            var source = new NanoAodSource(Path.Combine(root, "..", "shared", "data", "root", "nanoAOD_2015_CMS_Open_Data_ttbar.root"),
                Path.Combine(root, "..", "shared", "data", "root", "uproot-Zmumu.root"));
            long events = (long)settings.Partitions * settings.EventsPerPartition;
            NanoAodDatasetFile.Write(source, localPath, events, 0, seed: 2015, RootCompression.Zstd, clusterEntries: 100);
            Log($"{events:N0} events written in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(localPath).Length / 1e6:F1} MB)");

            using var s3 = LocalS3Server.Start(LocalS3Server.FindScripts(root));
            s3.CreateBucket(DataBucket);
            s3.CreateBucket(RunBucket);
            var input = s3.Upload(DataBucket, "scale/nanoaod-like.root", await File.ReadAllBytesAsync(localPath));

            clock.Restart();
            var results = PartitionResults.Compute(analysis, localPath, input, "Events", settings.Partitions);
            var resultsFile = Path.Combine(folder, "results.bin");
            results.Save(resultsFile);
            Log($"{results.Count:N0} partial results precomputed in {clock.Elapsed.TotalSeconds:F1} s ({results.TotalBytes / results.Count:N0} bytes each)");

            // The reference: the local executor over the same S3 object (read from the local copy), the same plan.
            clock.Restart();
            var local = await LocalExecutor.RunAsync(analysis, [input], new LocalRunOptions
            {
                Partitions = settings.Partitions,
                Open = (location, tree) => location == input ? TreeSource.Open(localPath, tree) : throw new InvalidOperationException(location),
            });
            Log($"local reference: {local.Entries:N0} events, {local.Partitions.Count:N0} partitions in {clock.Elapsed.TotalSeconds:F1} s");

            var simulation = settings.Simulation;
            var work = SimulatedLambda.NominalWork(simulation, results.Partitions);
            await using var endpoint = EndpointProcess.Start(resultsFile, settings, settings.Results == "inline" ? null : s3.Options);
            Log($"simulated endpoint at {endpoint.Endpoint} (process {endpoint.ProcessId})");

            var options = new DistributedOptions
            {
                Function = simulation.FunctionName,
                Bucket = RunBucket,
                Prefix = $"scale/{Guid.NewGuid():N}",
                Region = "us-east-1",
                Endpoint = endpoint.Endpoint,
                S3 = endpoint.S3Endpoint is { } front ? s3.Options with { ServiceUrl = front } : s3.Options,
                InvokeCredentials = new BasicAWSCredentials("AKIDSCALE", "scale-secret"),
                Concurrency = settings.Concurrency,
                Partitions = settings.Partitions,
                InlineResultBytes = settings.Results == "inline" ? 64 * 1024 : 0,
                InvokeTimeout = TimeSpan.FromSeconds(settings.FunctionTimeoutSeconds * 2),
                MemoryMb = simulation.MemoryMb,
                MergeMemoryBytes = settings.MergeMemoryMb * 1024L * 1024,
            };

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var sampler = new DriverSampler();
            var progress = new ProgressLine(settings.Partitions);
            var outcome = await DistributedExecutor.RunAsync(compiled.Assembly, analysis, [input], options, progress);
            var driver = sampler.Stop();
            var counts = await endpoint.StopAsync();

            var difference = HepDsl.Bench.Lambda.LambdaBenchmark.Difference(local.Result, outcome.Run.Result);
            Print(settings, analysis.Info.Name, outcome, driver, counts, work, difference, results.TotalBytes / results.Count);
            return difference is null ? 0 : 1;
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static void Print(Settings settings, string query, DistributedOutcome outcome, DriverSample driver, SimulationCounts counts,
        double[] work, string? difference, long resultBytes)
    {
        var report = outcome.Report;
        int slots = Math.Min(settings.Concurrency, settings.Limit);
        double ideal = work.Sum() / slots / 1000 + work.Max() / 1000;
        double makespan = outcome.Run.Elapsed.TotalSeconds;
        int invocations = report.Invocations;
        var table = new Markdown("partitions", "in flight", "invocations (429s)", "cold", "failed / timed out / slow", "duplicates (won)",
            "makespan s", "ideal s", "efficiency", "invocations/s", "driver CPU s", "CPU ms / invocation", "peak heap MB", "peak live heap MB", "live kB / partition",
            "peak working set MB", "merge s", "max held (spilled)", "equal to local");
        table.Row(report.Partitions, counts.PeakConcurrency, $"{invocations:N0} ({report.Throttles:N0})", counts.ColdStarts,
            $"{counts.Failures} / {counts.Timeouts} / {counts.Slow}", $"{report.Stragglers} ({report.StragglerWins})",
            makespan, ideal, ideal / makespan, invocations / makespan, driver.CpuSeconds, driver.CpuSeconds * 1000 / invocations,
            driver.PeakHeapBytes / 1e6, driver.PeakLiveHeapBytes / 1e6, (driver.PeakLiveHeapBytes - driver.BaselineHeapBytes) / 1e3 / report.Partitions,
            driver.PeakWorkingSetBytes / 1e6, report.MergeSeconds, $"{report.MaxResultsHeld:N0} ({report.SpilledResults:N0})", difference is null ? "yes" : "NO: " + difference);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"### Lambda driver at scale: {query}, {settings.Partitions:N0} partitions, {settings.Concurrency:N0} in flight (simulated limit {settings.Limit:N0}), results {settings.Results}"));
        Console.WriteLine();
        table.Print();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            - Simulated endpoint (separate process): partition handler time = events × {settings.PartitionSeconds * 1000 / settings.EventsPerPartition:F0} ms (mean {settings.PartitionSeconds:F1} s, log-normal sigma 0.15), cold start log-normal median {settings.ColdMs:F0} ms, Invoke API latency 20 ms, limit {settings.Limit:N0} concurrent, 1,000 new environments per 10 s, {settings.FailureRate:P1} failures, {settings.TimeoutRate:P1} hangs until the {settings.FunctionTimeoutSeconds} s timeout, {settings.SlowRate:P1} on a sandbox 5× slower.
            - Ideal = sum of partition work / {slots:N0} + slowest partition = {work.Sum() / 1000:N0} s / {slots:N0} + {work.Max() / 1000:F1} s; makespan = the driver's whole run (survey, analysis upload, invocations, merge, completeness check); efficiency = ideal / makespan.
            - Driver: CPU time and heap of this process during the run (s3rver and the simulator are other processes); peak heap includes garbage not yet collected; live heap: after a forced full collection every 5 s (the process's CPU time during them taken out of the CPU column), per partition = (peak live − live before the run) / partitions; {resultBytes:N0}-byte results ({settings.Results switch { "s3" => "each PUT by the simulated host and fetched by the driver over S3 from an in-memory store in the endpoint's process", "s3rver" => "each fetched from the local s3rver", _ => "inline in the answers" }}). Thread pool peak {driver.PeakThreads} threads.
            - Merge s: the driver's time folding results in partition order (deserialising and checking them is in the CPU column); max held: results that arrived ahead of a missing partition, held at once, and how many of them went to the driver's spill file (merge memory budget {settings.MergeMemoryMb} MB).
            - Invoke answers: {counts.Invocations:N0} invocations reached a sandbox, {counts.Throttles:N0} throttled; host-reported per-partition ms median {report.PartitionMs.Median}, p90 {report.PartitionMs.P90}, max {report.PartitionMs.Max}; per-invocation overhead ms median {report.OverheadMs.Median}, p90 {report.OverheadMs.P90}.
            """));
    }

    private static void Log(string line) => Console.Error.WriteLine($"lambda-scale: {line}");

    /// <summary>A progress line every 10 s: partitions done.</summary>
    private sealed class ProgressLine(int total) : IProgress<RunProgress>
    {
        private long _last = Environment.TickCount64;

        public void Report(RunProgress value)
        {
            long now = Environment.TickCount64;
            if (now - Interlocked.Read(ref _last) < 10_000 && value.PartitionsDone < total) return;
            Interlocked.Exchange(ref _last, now);
            Log(string.Create(CultureInfo.InvariantCulture, $"{value.PartitionsDone:N0}/{total:N0} partitions after {value.Elapsed.TotalSeconds:F0} s"));
        }
    }
}
