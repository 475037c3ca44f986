using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HepDsl.Bench.Common;
using HepDsl.Bench.Queries;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Bench.JsRoot;

/// <summary>
/// Mode 'jsroot': ADL Q1 and Q2 by JSROOT in Node (scripts/jsroot-bench.mjs) and by HepDsl's generated loops over the
/// same entries of the same files, runs alternating. A rate is reported only when JSROOT's histogram equals HepDsl's bin
/// for bin (as counts), so both did the same work.
/// </summary>
internal static class JsRootBenchmark
{
    public const string Help = "ADL q1, q2 by JSROOT in Node next to HepDsl on the same files, histograms checked equal [--data DIR] [--compression zstd] [--events N] [--runs R]";

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        string data = args.Text("data", BenchInputs.DefaultDataDir());
        string codec = args.Text("compression", "zstd");
        long events = args.Long("events", 1_000_000);
        int runs = args.Int("runs", 3);
        args.CheckAllUsed();

        var inputs = BenchInputs.Resolve(data, codec, events);
        var script = Path.Combine(BenchInputs.RepoRoot(), "scripts", "jsroot-bench.mjs");
        var table = new Markdown("query", "codec", "events", "JSROOT Mev/s (min t)", "(median t)", "JSROOT node process s (min)",
            "HepDsl Mev/s (min t)", "(median t)", "HepDsl/JSROOT rate", "histograms");
        int failures = 0;
        foreach (var query in new[] { "q1", "q2" })
        {
            var analysis = AdlQueries.Create(query);
            var axis = ((Histogram1D)analysis.CreateResult().Histograms[0]).X;
            // A warm-up of each (JIT, page cache), then alternating timed runs.
            var hep = LoopRunner.Run(analysis, inputs);
            var js = RunNode(script, query, axis, inputs);
            var samples = Stats.Repeat(0, runs, () => (Hep: LoopRunner.Run(analysis, inputs), Js: RunNode(script, query, axis, inputs)));
            string check = Compare(hep.Result.Histograms[0].SumW, js.Bins, js.Entries, inputs.Events);
            if (check != "identical") failures++;
            var j = Stats.MinMedian(samples.Select(s => s.Js.Seconds).ToList());
            var jw = Stats.MinMedian(samples.Select(s => s.Js.Wall).ToList());
            var h = Stats.MinMedian(samples.Select(s => s.Hep.Wall).ToList());
            table.Row(query, codec, inputs.Events, inputs.Events / j.Min / 1e6, inputs.Events / j.Median / 1e6, jw.Min,
                inputs.Events / h.Min / 1e6, inputs.Events / h.Median / 1e6, j.Min / h.Min, check);
            Console.Error.WriteLine($"jsroot: {query}: JSROOT {inputs.Events / j.Min / 1e6:0.00} Mev/s, HepDsl {inputs.Events / h.Min / 1e6:0.00} Mev/s, {check}");
        }
        Console.WriteLine($"{codec} files, {inputs.Events} events in {inputs.Slices.Count} file(s); {runs} timed runs of each after one warm-up, alternating.");
        Console.WriteLine();
        table.Print();
        Console.WriteLine("- JSROOT time: inside Node, from opening the first file to the last entry (node startup and module loading excluded; the whole node process is the 'process s' column). HepDsl time: the generated event loop on one worker, files opened before.");
        Console.WriteLine("- histograms: every bin (underflow and overflow included) of JSROOT's histogram equals HepDsl's, and JSROOT read exactly the same entries.");
        Console.WriteLine();
        return failures == 0 ? 0 : 1;
    }

    private sealed record NodeRun(double Seconds, double Wall, long Entries, double[] Bins);

    private static NodeRun RunNode(string script, string query, Axis axis, InputSet inputs)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        foreach (var a in new[] { script, query, axis.Bins.ToString(CultureInfo.InvariantCulture), Invariant(axis.Low), Invariant(axis.High) })
            info.ArgumentList.Add(a);
        foreach (var s in inputs.Slices)
        {
            info.ArgumentList.Add(s.Path);
            info.ArgumentList.Add(s.Entries.ToString(CultureInfo.InvariantCulture));
        }
        var wall = Stopwatch.StartNew();
        using var node = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var stderr = node.StandardError.ReadToEndAsync();
        string stdout = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        double seconds = wall.Elapsed.TotalSeconds;
        if (node.ExitCode != 0)
            throw new InvalidOperationException($"node jsroot-bench.mjs {query} failed ({node.ExitCode}): {stderr.Result.Trim()} (run scripts/ensure-node-tools.sh?)");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        return new NodeRun(root.GetProperty("seconds").GetDouble(), seconds, root.GetProperty("entries").GetInt64(),
            root.GetProperty("bins").EnumerateArray().Select(b => b.GetDouble()).ToArray());
    }

    private static string Compare(double[] hep, double[] js, long jsEntries, long events)
    {
        if (jsEntries != events) return $"JSROOT read {jsEntries} of {events} entries";
        if (hep.Length != js.Length) return $"{js.Length} bins from JSROOT, {hep.Length} from HepDsl";
        int differing = hep.Where((v, i) => v != js[i]).Count();
        return differing == 0 ? "identical" : $"{differing} bins differ";
    }

    private static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
