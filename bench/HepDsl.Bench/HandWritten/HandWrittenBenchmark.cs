using HepDsl.Bench.Common;
using HepDsl.Bench.Queries;
using HepDsl.Runtime.Analysis;

namespace HepDsl.Bench.HandWritten;

/// <summary>
/// Mode 'handwritten': the generated loops of Q1, Q5 and Q6 against hand-written C# over the same columns, run
/// alternately on the same files; the ratio is reported only when both fill identical histograms and cut-flows.
/// </summary>
internal static class HandWrittenBenchmark
{
    public const string Help = "generated vs hand-written C# for q1, q5, q6 (same columns, results checked equal) [--data DIR] [--compression zstd] [--events N] [--runs R] [--warmups W]";

    private static readonly (string Query, Func<IAnalysis> Hand)[] Pairs =
        [("q1", () => new HandQ1()), ("q5", () => new HandQ5()), ("q6", () => new HandQ6())];

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        string data = args.Text("data", BenchInputs.DefaultDataDir());
        string codec = args.Text("compression", "zstd");
        long events = args.Long("events", long.MaxValue);
        int runs = args.Int("runs", 5), warmups = args.Int("warmups", 1);
        args.CheckAllUsed();

        var inputs = BenchInputs.Resolve(data, codec, events);
        var table = new Markdown("query", "events", "generated Mev/s (min t)", "(median t)", "hand-written Mev/s (min t)", "(median t)",
            "generated/hand-written time (min)", "(median)", "results");
        int failures = 0;
        foreach (var (query, makeHand) in Pairs)
        {
            var generated = AdlQueries.Create(query);
            var hand = makeHand();
            var samples = Stats.Repeat(warmups, runs, () => (Gen: LoopRunner.Run(generated, inputs), Hand: LoopRunner.Run(hand, inputs)));
            var difference = ResultCompare.Difference(samples[0].Gen.Result, samples[0].Hand.Result);
            if (difference is not null) failures++;
            var g = Stats.MinMedian(samples.Select(s => s.Gen.Wall).ToList());
            var h = Stats.MinMedian(samples.Select(s => s.Hand.Wall).ToList());
            var ratios = Stats.MinMedian(samples.Select(s => s.Gen.Wall / s.Hand.Wall).ToList());
            table.Row(query, inputs.Events, inputs.Events / g.Min / 1e6, inputs.Events / g.Median / 1e6,
                inputs.Events / h.Min / 1e6, inputs.Events / h.Median / 1e6,
                g.Min / h.Min, ratios.Median, difference ?? "identical");
            Console.Error.WriteLine($"handwritten: {query}: generated/hand-written {g.Min / h.Min:0.000}");
        }
        Console.WriteLine($"{codec} files, {inputs.Events} events, one worker; generated and hand-written runs alternate, {warmups} warm-up + {runs} timed pairs.");
        Console.WriteLine();
        table.Print();
        Console.WriteLine("- Hand-written loops (bench/HepDsl.Bench/HandWritten) read the same branches as the generated ones (the counter nJet/nMuon included), use the same algorithm and fill the same histograms; 'results' compares every bin and cut-flow count of the two.");
        Console.WriteLine("- generated/hand-written: ratio of the best times, and median of the per-pair ratios; above 1 means the generated loop is slower.");
        Console.WriteLine("- q5: the hand-written loop builds two muons' four-vectors only for an opposite-charge pair and stops at the first Z candidate. q6: it builds each jet's four-vector once per event and sums a + b outside the innermost loop; the generated loop also builds each four-vector once per event (see the profile section) but adds all three jets in the innermost loop.");
        Console.WriteLine();
        return failures == 0 ? 0 : 1;
    }
}
