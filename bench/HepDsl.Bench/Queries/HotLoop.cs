using System.Diagnostics;
using HepDsl.Bench.Common;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Bench.Queries;

/// <summary>
/// Mode 'hotloop': one query's processor over one input again and again on the same open sources, for profilers
/// (perf, valgrind) to see the steady-state loop rather than start-up; prints the time per pass.
/// </summary>
internal static class HotLoop
{
    public const string Help = "one query repeatedly on open sources, for profiling [--query q6] [--variant generated|before] [--data DIR] [--compression zstd] [--events N] [--seconds S]";

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        string data = args.Text("data", BenchInputs.DefaultDataDir());
        string codec = args.Text("compression", "zstd");
        string query = args.Text("query", "q6");
        // 'before': the emitted code from before the profile-driven fix (Profile/Before), to profile both.
        var analysis = args.Text("variant", "generated") == "before" ? Profile.ProfileBenchmark.Before[query]() : AdlQueries.Create(query);
        long events = args.Long("events", 1_000_000);
        double seconds = args.Long("seconds", 20);
        args.CheckAllUsed();

        var inputs = BenchInputs.Resolve(data, codec, events);
        var sources = inputs.Slices.Select(s => (Source: EventSources.Open(s.Path, BenchInputs.Tree), s.Entries)).ToList();
        var processor = analysis.CreateProcessor();
        var passes = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var result = analysis.CreateResult();
            long start = Stopwatch.GetTimestamp();
            foreach (var (source, entries) in sources) processor.Process(source, new EntryRange(0, entries), result);
            passes.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        foreach (var (source, _) in sources) source.Dispose();
        var (min, median) = Stats.MinMedian(passes);
        Console.WriteLine($"{analysis.Info.Name} on {codec}, {inputs.Events} events: {passes.Count} passes, min {min:0.0000} s ({inputs.Events / min / 1e6:0.00} Mev/s), median {median:0.0000} s");
        return 0;
    }
}
