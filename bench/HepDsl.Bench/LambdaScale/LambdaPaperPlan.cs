using System.Globalization;
using HepDsl.Bench.Common;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Bench.LambdaScale;

/// <summary>
/// Mode 'lambda-plan': the real datasets on paper. <see cref="LambdaPlanner"/> (what <c>hep lambda plan</c> runs) for
/// the ADL benchmark dataset and the AGC ttbar nominal sample at 100, 1,000 and 3,000 concurrent functions, from
/// per-event rates measured by the 'queries' mode (docs/performance.md) and the driver's rate measured by
/// 'lambda-scale'. Every figure is an argument, printed with the table.
/// </summary>
internal static class LambdaPaperPlan
{
    public const string Help = "predicted wall time, cost and efficiency of ADL and AGC ttbar at 100/1,000/3,000 functions " +
                               "[--concurrency 100,1000,3000] [--partitions-per-slot 3] [--rates q1:51.1e6:3.6,q5:8.27e6:10.8,q6:1.70e6:48] [--cold-start 0.8] " +
                               "[--overhead 0.15] [--s3-mbps 80] [--driver-rate 1000] [--memory 1769] [--limit 1000]";

    private sealed record Dataset(string Name, long Events, int Files, string Source);

    private static readonly Dataset[] s_datasets =
    [
        new("ADL benchmark (CMS Run2012B SingleMu, NanoAOD-like)", 53_446_198, 1, "53.4 M events, ~17 GB in one file"),
        new("AGC ttbar nominal (CMS 2015 Open Data NanoAOD)", 276_079_127, 235, "276.1 M events in ~235 files (AGC nanoaod_inputs.json)"),
    ];

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        var concurrencies = args.List("concurrency", "100,1000,3000").Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        int perSlot = args.Int("partitions-per-slot", 3);
        var rates = args.List("rates", "q1:51.1e6:3.6,q5:8.27e6:10.8,q6:1.70e6:48").Select(r => r.Split(':')).Select(r =>
            (Query: r[0], Rate: double.Parse(r[1], CultureInfo.InvariantCulture), Bytes: double.Parse(r[2], CultureInfo.InvariantCulture))).ToList();
        double cold = double.Parse(args.Text("cold-start", "0.8"), CultureInfo.InvariantCulture);
        double overhead = double.Parse(args.Text("overhead", "0.15"), CultureInfo.InvariantCulture);
        double s3 = double.Parse(args.Text("s3-mbps", "80"), CultureInfo.InvariantCulture);
        double driver = double.Parse(args.Text("driver-rate", "1000"), CultureInfo.InvariantCulture);
        int memory = args.Int("memory", 1769);
        int limit = args.Int("limit", 1000);
        args.CheckAllUsed();

        var table = new Markdown("dataset", "query", "functions", "partitions", "events / partition", "wall s", "ideal s", "efficiency", "cold starts",
            "GB-s", "cost USD (x86)", "cost USD (arm64)");
        foreach (var dataset in s_datasets)
            foreach (var (query, rate, bytes) in rates)
                foreach (var c in concurrencies)
                {
                    // The account limit is raised to the concurrency asked for (AWS grants increases on request): 3,000 is planned as 3,000.
                    var limits = new LambdaLimits { ConcurrencyLimit = Math.Max(limit, c) };
                    var profile = new LambdaProfile
                    {
                        EventsPerSecond = rate, BasketBytesPerEvent = bytes, ColdStartSeconds = cold, InvocationOverheadSeconds = overhead,
                        S3MegabytesPerSecond = s3, DriverInvocationsPerSecond = driver, Source = "stated figures",
                    };
                    var partitions = LambdaPlanner.Describe(dataset.Events, dataset.Files, Math.Max(dataset.Files, perSlot * c));
                    var x86 = LambdaPlanner.Plan(partitions, profile, c, memory, LambdaPricing.X86, limits);
                    var arm = LambdaPlanner.Plan(partitions, profile, c, memory, LambdaPricing.Arm64, limits);
                    table.Row(dataset.Name.Split(' ')[0], query, c, x86.Partitions, dataset.Events / x86.Partitions, x86.WallSeconds, x86.IdealSeconds,
                        x86.ParallelEfficiency, x86.ColdStarts, x86.GbSeconds, x86.CostUsd, arm.CostUsd);
                }
        Console.WriteLine();
        Console.WriteLine("### Lambda on paper: ADL and AGC ttbar at " + string.Join(", ", concurrencies.Select(c => c.ToString("N0", CultureInfo.InvariantCulture))) + " functions");
        Console.WriteLine();
        table.Print();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            - Datasets: {string.Join("; ", s_datasets.Select(d => $"{d.Name}: {d.Source}"))}. Partitions: {perSlot} per function (at least one per file).
            - Per-event rates (events/s on one vCPU) and basket bytes per event: {string.Join(", ", rates.Select(r => $"{r.Query} {r.Rate / 1e6:G3} M/s, {r.Bytes:G3} B"))} (the 'queries' mode on the zstd NanoAOD-like benchmark dataset: Mev/CPU-s, and MB/s zipped over Mev/s).
            - Per invocation: {overhead:F2} s outside the event loop (Invoke API, file header and tree metadata from S3, result upload), S3 at {s3:F0} MB/s per function, a cold start of {cold:F2} s for every new environment (billed, as for custom runtimes); the driver dispatches at most {driver:N0} invocations/s.
            - AWS (us-east-1, prices of {LambdaPricing.PriceDate} as in LambdaPricing: x86_64 ${LambdaPricing.X86PerGbSecond}/GB-s, arm64 ${LambdaPricing.Arm64PerGbSecond}/GB-s, ${LambdaPricing.PerRequest * 1e6:F2} per million requests; S3 GETs not included): {memory} MB = one vCPU; new environments at 1,000 per 10 s per function; account concurrency {limit:N0} by default, raised to each row's functions.
            - Ideal = sum of the partitions' times / functions + the slowest partition; efficiency = ideal / predicted wall time. AGC: q6 (the trijet closest to the top mass, the core of the AGC ttbar reconstruction) stands in for the AGC analysis, which does more per event (systematic variations, b-tagging, histograms per region): scale the work columns by its rate.
            """));
        return 0;
    }
}
