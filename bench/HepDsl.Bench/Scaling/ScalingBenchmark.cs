using HepDsl.Bench.Common;
using HepDsl.Bench.Queries;
using HepDsl.Runtime.Execution;

namespace HepDsl.Bench.Scaling;

/// <summary>
/// Mode 'scaling': whole runs through <see cref="LocalExecutor"/> (what 'hep run' does locally: survey, partitions,
/// worker threads, merge, completeness check) with 1 and 2 workers; the results must be identical.
/// </summary>
internal static class ScalingBenchmark
{
    public const string Help = "LocalExecutor with 1 and 2 workers [--data DIR] [--compression zstd] [--queries q1,q6] [--events N (whole files)] [--workers 1,2] [--runs R]";

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        string data = args.Text("data", BenchInputs.DefaultDataDir());
        string codec = args.Text("compression", "zstd");
        var queries = args.List("queries", "q1,q5,q6");
        long events = args.Long("events", long.MaxValue);
        var workerCounts = args.List("workers", "1,2").Select(int.Parse).ToList();
        int runs = args.Int("runs", 3);
        args.CheckAllUsed();

        var inputs = BenchInputs.Resolve(data, codec, events, wholeFiles: true);
        var paths = inputs.Slices.Select(s => s.Path).ToList();
        var table = new Markdown("query", "workers", "partitions", "events", "wall s (min)", "(median)", "Mev/s (min t)", "speed-up vs 1 worker", "results");
        int failures = 0;
        foreach (var query in queries)
        {
            var analysis = AdlQueries.Create(query);
            Runtime.Results.ResultSet? reference = null;
            double? single = null;
            foreach (var workers in workerCounts)
            {
                var options = new LocalRunOptions { Workers = workers };
                var outcomes = Stats.Repeat(1, runs, () => LocalExecutor.RunAsync(analysis, paths, options).GetAwaiter().GetResult());
                var wall = Stats.MinMedian(outcomes.Select(o => o.Elapsed.TotalSeconds).ToList());
                reference ??= outcomes[0].Result;
                var difference = ResultCompare.Difference(reference, outcomes[0].Result);
                if (difference is not null) failures++;
                single ??= wall.Min;
                table.Row(query, workers, outcomes[0].Partitions.Count, outcomes[0].Entries, wall.Min, wall.Median,
                    outcomes[0].Entries / wall.Min / 1e6, single.Value / wall.Min, difference ?? "identical");
                Console.Error.WriteLine($"scaling: {query} x{workers}: {wall.Min:0.000} s");
            }
        }
        Console.WriteLine($"{codec} files, {inputs.Events} events in {paths.Count} file(s); LocalExecutor with default partitioning; 1 warm-up + {runs} timed runs; {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        table.Print();
        Console.WriteLine("- wall: the whole run as 'hep run' does it (input survey, partitioning, workers, merge, completeness check). results: every bin and cut-flow count equal to the 1-worker run.");
        Console.WriteLine();
        return failures == 0 ? 0 : 1;
    }
}
