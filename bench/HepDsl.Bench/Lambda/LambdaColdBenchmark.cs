using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using HepDsl.Bench.Common;
using HepDsl.Compiler;
using HepDsl.Lambda.Emulator;
using HepDsl.Lambda.Host;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Bench.Lambda;

/// <summary>
/// Mode 'lambda-cold': where a cold invocation of the host goes, phase by phase, for one or more host builds. Every
/// sample is a fresh emulator with one fresh host process, given one partition of a compiled query over a local
/// s3rver: the host reports its own breakdown (runtime start, init, analysis fetch and load, first events, the whole
/// handler) and JIT time. Hosts are interleaved round by round so each sees the same machine load; round 0 is a
/// discarded warm-up (the bench's own driver code, disk caches). Every merged result is checked against a local run.
/// </summary>
internal static class LambdaColdBenchmark
{
    public const string Help = "cold starts of the Lambda host, phase by phase, per host build (fresh process per sample) " +
                               "[--query q6|FILE.hep] [--rounds 7] [--hosts LABEL=PATH[;VAR=VALUE...],...] (default: the bench's bootstrap.dll)";

    private const string Function = "hepdsl-cold";
    private const string DataBucket = "hepcold-data";
    private const string RunBucket = "hepcold-runs";
    private static readonly BasicAWSCredentials s_invokeCredentials = new("AKIDBENCH", "bench-secret");

    /// <summary>A host build and the environment its processes get (e.g. DOTNET_TieredPGO=0, HEPDSL_INIT_WARMUP=off).</summary>
    private sealed record HostVariant(string Label, string Bootstrap, IReadOnlyDictionary<string, string> Environment);

    private sealed record Sample(ColdStartBreakdown Startup, long HandlerMs, long InvokeMs)
    {
        /// <summary>Process start to the response being ready: what a caller waits for beyond the Invoke API itself.</summary>
        public long ToResponseMs => Startup.RuntimeStartMs + Startup.InitMs + HandlerMs;
        /// <summary>The handler's own way to its first events beyond fetching and loading the analysis: payload, input open, JIT of the loop.</summary>
        public long OpenAndFirstEventsMs => Math.Max(0, Startup.FirstEventMs - Startup.AnalysisFetchMs - Startup.AnalysisLoadMs);
    }

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        string query = args.Text("query", "q6");
        int rounds = args.Int("rounds", 7);
        var hosts = args.List("hosts", "jit=" + Path.Combine(AppContext.BaseDirectory, "bootstrap.dll")).Select(ParseVariant).ToList();
        args.CheckAllUsed();
        if (rounds < 1) throw new ArgumentException("--rounds must be at least 1");
        if (hosts.Select(h => h.Label).Distinct(StringComparer.Ordinal).Count() != hosts.Count) throw new ArgumentException("--hosts: labels must differ");
        foreach (var h in hosts.Where(h => !File.Exists(h.Bootstrap))) throw new FileNotFoundException($"--hosts {h.Label}: no host at {h.Bootstrap}");
        return RunAsync(query, rounds, hosts, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static HostVariant ParseVariant(string text)
    {
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var head = parts[0].Split('=', 2);
        if (head.Length != 2 || head[0].Length == 0 || head[1].Length == 0) throw new ArgumentException($"--hosts '{text}': expected LABEL=PATH[;VAR=VALUE...]");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parts.Skip(1))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length != 2 || kv[0].Length == 0) throw new ArgumentException($"--hosts '{text}': '{pair}' is not VAR=VALUE");
            environment[kv[0]] = kv[1];
        }
        return new HostVariant(head[0], Path.GetFullPath(head[1]), environment);
    }

    private static async Task<int> RunAsync(string query, int rounds, List<HostVariant> hosts, CancellationToken cancellationToken)
    {
        var root = BenchInputs.RepoRoot();
        var hep = query.EndsWith(".hep", StringComparison.OrdinalIgnoreCase) ? Path.GetFullPath(query) : Path.Combine(root, "samples", "adl", query + ".hep");
        var compiled = AnalysisCompiler.Compile(hep);
        var analysis = compiled.Create();
        var file = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "root", "nanoAOD_2015_CMS_Open_Data_ttbar.root"));

        using var s3 = LocalS3Server.Start(LocalS3Server.FindScripts(root));
        s3.CreateBucket(DataBucket);
        s3.CreateBucket(RunBucket);
        await S3Upload.PutBytesAsync(s3.Client, DataBucket, "inputs/ttbar.root", await File.ReadAllBytesAsync(file, cancellationToken), cancellationToken);
        var inputs = new List<string> { $"s3://{DataBucket}/inputs/ttbar.root" };
        var local = await LocalExecutor.RunAsync(analysis, inputs, new LocalRunOptions
        {
            Partitions = 1,
            Open = EventSources.Opener(new ByteSourceOptions { S3 = s3.Options }),
        }, null, cancellationToken);

        var samples = hosts.ToDictionary(h => h.Label, _ => new List<Sample>());
        int differed = 0;
        var load = new List<double>();
        for (int round = 0; round <= rounds; round++)
        {
            foreach (var host in hosts)
            {
                load.Add(LoadAverage());
                // A fresh prefix: nothing stored to reuse, so the host fetches the analysis and computes the partition.
                var prefix = $"cold/{host.Label}-{round}-{Guid.NewGuid():N}";
                await using var emulator = LambdaEmulator.Start(new EmulatorOptions
                {
                    FunctionName = Function,
                    Workers = 1,
                    QueueCapacity = 1,
                    Timeout = TimeSpan.FromMinutes(2),
                    MemoryMb = 1769,
                    BootstrapPath = host.Bootstrap,
                    Host = new HostSettings { ResultsBucket = RunBucket, Prefix = prefix, Inputs = InputAllowList.Parse($"s3://{DataBucket}/inputs/"), S3Endpoint = s3.Endpoint },
                    Environment = s3.WorkerEnvironment.Concat(host.Environment).ToDictionary(p => p.Key, p => p.Value),
                    Log = line => { if (line.Contains("warm-up", StringComparison.Ordinal)) Console.Error.WriteLine($"lambda-cold: {host.Label}, round {round}: {line}"); },
                });
                var outcome = await DistributedExecutor.RunAsync(compiled.Assembly, analysis, inputs, new DistributedOptions
                {
                    Function = Function,
                    Bucket = RunBucket,
                    Prefix = prefix,
                    Region = "us-east-1",
                    Endpoint = emulator.Endpoint,
                    EmulatorToken = emulator.Token,
                    S3 = s3.Options,
                    InvokeCredentials = s_invokeCredentials,
                    Concurrency = 1,
                    Partitions = 1,
                    InvokeTimeout = TimeSpan.FromMinutes(3),
                    StragglerMinimum = TimeSpan.FromMinutes(10),
                }, null, cancellationToken);
                if (LambdaBenchmark.Difference(local.Result, outcome.Run.Result) is { } difference)
                {
                    differed++;
                    Console.Error.WriteLine($"lambda-cold: {host.Label}, round {round}: RESULT DIFFERS from the local run: {difference}");
                }
                var cold = outcome.Report.Attempts.FirstOrDefault(a => a.Outcome == "ok" && a.Startup is not null);
                if (cold is null)
                {
                    Console.Error.WriteLine($"lambda-cold: {host.Label}, round {round}: no cold invocation reported a breakdown ({outcome.Report.Attempts.Count} attempt(s)); sample dropped");
                    continue;
                }
                var sample = new Sample(cold.Startup!, cold.BilledMs, cold.DurationMs);
                var s = sample.Startup;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"lambda-cold: {host.Label}, round {round}{(round == 0 ? " (warm-up, discarded)" : "")}: runtime {s.RuntimeStartMs} ms, init {s.InitMs} (warm-up {s.WarmUpMs}), fetch {s.AnalysisFetchMs}, load {s.AnalysisLoadMs}, first events {s.FirstEventMs}, handler {sample.HandlerMs}, to response {sample.ToResponseMs}, JIT {s.JitMs}, invoke {sample.InvokeMs}; load {load[^1]:F1}; {s.Compilation}"));
                if (round > 0) samples[host.Label].Add(sample);
            }
        }

        var table = new Markdown("host", "samples", "runtime start ms", "host init ms", "(of it warm-up)", "analysis fetch ms", "analysis load ms", "payload, input open, first events ms",
            "handler to first events ms", "process start to first events ms", "(min)", "handler total ms", "process start to response ms", "(min)", "JIT ms");
        foreach (var host in hosts)
        {
            var list = samples[host.Label];
            if (list.Count == 0) continue;
            long M(Func<Sample, long> f) => DurationStats.Of(list.Select(f).ToList()).Median;
            long Min(Func<Sample, long> f) => list.Min(f);
            table.Row(host.Label, list.Count, M(s => s.Startup.RuntimeStartMs), M(s => s.Startup.InitMs), M(s => s.Startup.WarmUpMs), M(s => s.Startup.AnalysisFetchMs), M(s => s.Startup.AnalysisLoadMs),
                M(s => s.OpenAndFirstEventsMs), M(s => s.Startup.FirstEventMs), M(s => s.Startup.TotalMs), Min(s => s.Startup.TotalMs), M(s => s.HandlerMs),
                M(s => s.ToResponseMs), Min(s => s.ToResponseMs), M(s => s.Startup.JitMs));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"### Lambda host cold start: {analysis.Info.Name}, one partition of {Path.GetFileName(file)} ({local.Entries:N0} events), {rounds} fresh host(s) per row"));
        Console.WriteLine();
        table.Print();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            - Medians over the samples (the (min) columns: fastest sample). Each sample: a fresh emulator and host process, one invocation, a fresh results prefix. Hosts: {string.Join("; ", hosts.Select(h => $"{h.Label} = {Path.GetFileName(h.Bootstrap)}{string.Concat(h.Environment.Select(e => $" {e.Key}={e.Value}"))}"))}.
            - runtime start: OS process start to Main; host init: Main to the first request for an event (anything done before it runs in Lambda's init phase); handler to first events = analysis fetch + load + payload, input open and the loop's JIT; JIT ms: the runtime's compile time up to the response.
            - Load average during the samples: median {Stats.MinMedian(load).Median:F1}, max {load.Max():F1} on {Environment.ProcessorCount} core(s) (shared machine). Results: {(differed == 0 ? "every run identical to the local run" : $"{differed} run(s) DIFFERED")}.
            """));
        return differed == 0 ? 0 : 1;
    }

    private static double LoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return double.NaN; }
    }
}
