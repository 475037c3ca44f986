using System.Diagnostics;
using HepDsl.Bench.Common;
using HepDsl.Compiler;
using HepDsl.Runtime.Execution;

namespace HepDsl.Bench.Agc;

/// <summary>
/// Mode 'agc': samples/agc/ttbar.hep on the benchmark dataset, one worker, with all its 12 variations (3 event passes:
/// the nominal, which also fills the 10 weight variations, and the two jet-pT variations) and with the nominal only (the same file without its 'variation' lines): events/s per core, and the cost
/// of the variations as the ratio of the two. With --agc-like N, the same on N generated AGC-like events where 4j2b (and so
/// the trijet combinatorics) is filled, which the benchmark dataset never is.
/// </summary>
internal static class AgcBenchmark
{
    public const string Help = "AGC ttbar with all variations vs nominal only, one worker [--data DIR] [--compression zstd] [--events N] [--runs 3] [--agc-like N: also on N generated AGC-like events, 4j2b filled]";

    public static int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var data = options.Text("data", BenchInputs.DefaultDataDir());
        var compression = options.Text("compression", "zstd");
        var events = options.Long("events", 500_000);
        var runs = options.Int("runs", 3);
        var agcLike = options.Long("agc-like", 0);
        options.CheckAllUsed();
        var inputs = BenchInputs.Resolve(data, compression, events, wholeFiles: true);
        var files = inputs.Slices.Select(s => s.Path).Distinct().ToList();

        var full = Path.Combine(BenchInputs.RepoRoot(), "samples", "agc", "ttbar.hep");
        var nominal = Path.Combine(Directory.CreateTempSubdirectory("hep-agc-bench-").FullName, "ttbar_nominal.hep");
        File.WriteAllLines(nominal, File.ReadAllLines(full).Where(l => !l.StartsWith("variation ", StringComparison.Ordinal)));

        Console.WriteLine($"AGC ttbar on {inputs.Events:N0} {compression} events ({files.Count} file(s)), 1 worker, best of {runs}");
        Measure(files, full, nominal, runs);
        if (agcLike > 0)
        {
            // The benchmark dataset has no 4j2b event (it is resampled from the 200-event file): the trijet combinatorics
            // run only on a file where that region is filled.
            var folder = Directory.CreateTempSubdirectory("hep-agc-like-").FullName;
            try
            {
                var path = HepDsl.Execution.Tests.Agc.AgcFiles.Write(Path.Combine(folder, "agc-like.root"), checked((int)agcLike), 7);
                Console.WriteLine();
                Console.WriteLine($"AGC ttbar on {agcLike:N0} generated AGC-like events (3-8 jets, b-tags uniform in [0, 1]), 1 worker, best of {runs}");
                Measure([path], full, nominal, runs);
            }
            finally { Directory.Delete(folder, recursive: true); }
        }
        return 0;
    }

    private static void Measure(IReadOnlyList<string> files, string full, string nominal, int runs)
    {
        Console.WriteLine("| analysis | variations | events/s per core | 4j1b fills | 4j2b fills |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var rates = new List<double>();
        foreach (var (label, path) in new[] { ("all variations", full), ("nominal only", nominal) })
        {
            var analysis = AnalysisCompiler.Compile(path).Create();
            var passes = analysis.Info.Variations?.Count ?? 0;
            double best = 0;
            RunOutcome? last = null;
            for (var r = 0; r < runs; r++)
            {
                var clock = Stopwatch.StartNew();
                last = LocalExecutor.RunAsync(analysis, files, new LocalRunOptions { Workers = 1 }).GetAwaiter().GetResult();
                best = Math.Max(best, last.Entries / clock.Elapsed.TotalSeconds);
            }
            rates.Add(best);
            var ht = last!.Result.Histogram("ht").Entries;
            var m = last.Result.Histogram("trijet_mass").Entries;
            Console.WriteLine($"| {label} | {passes} | {best:N0} | {ht:N0} | {m:N0} |");
        }
        Console.WriteLine($"cost of the variations: {rates[1] / rates[0]:F2}x the nominal-only time per event");
    }
}
