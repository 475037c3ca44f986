using HepDsl.Bench.Common;

namespace HepDsl.Bench.Queries;

/// <summary>
/// Mode 'queries': every ADL query on every compression of the dataset, one worker. Per row: event rate by wall
/// time and per CPU second, MB/s of the branches read, allocations, and the ratio to a decompression-only pass over
/// the same baskets on as many threads as the reader decodes with, measured in the same run (interleaved with the
/// query runs, so both see the same machine state).
/// </summary>
internal static class QueryBenchmark
{
    public const string Help = "ADL q1..q8 per compression, 1 worker: events/s, MB/s, B/event, ratio to decompress-only [--data DIR] [--compressions zstd,lz4,zlib,lzma] [--queries q1,..] [--events N] [--events-<compression> N] [--runs R] [--warmups W]";

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        string data = args.Text("data", BenchInputs.DefaultDataDir());
        var compressions = args.List("compressions", "zstd,lz4,zlib,lzma");
        var queries = args.List("queries", string.Join(",", AdlQueries.All.Keys));
        long events = args.Long("events", long.MaxValue);
        var budgets = compressions.ToDictionary(c => c, c => args.Long("events-" + c, events));
        int runs = args.Int("runs", 3), warmups = args.Int("warmups", 1);
        args.CheckAllUsed();

        var table = new Markdown("query", "codec", "events", "Mev/s (min t)", "Mev/s (median t)", "Mev/CPU-s", "MB/s zipped", "MB/s unzipped",
            "loop B/ev", "run B/ev", "decompress s (min)", "decompress CPU-s (min)", "query/decompress");
        var files = new Markdown("codec", "files", "events used", "MB on disk (files used)", "bytes/event on disk");
        (string Query, string Codec, double Rate)? slowest = null;
        foreach (var codec in compressions)
        {
            var inputs = BenchInputs.Resolve(data, codec, budgets[codec]);
            long bytes = inputs.FileBytes;
            files.Row(codec, inputs.Slices.Count, inputs.Events, bytes / 1e6, (double)bytes / inputs.Events);
            Console.Error.WriteLine($"queries: {codec}: {inputs.Events} events in {inputs.Slices.Count} file(s)");
            foreach (var q in queries)
            {
                var analysis = AdlQueries.Create(q);
                using var decompress = new DecompressOnly(inputs, analysis.Info.Branches.Select(b => b.Name));
                var samples = Stats.Repeat(warmups, runs, () => (Loop: LoopRunner.Run(analysis, inputs), Codec: decompress.Time()));
                var wall = Stats.MinMedian(samples.Select(s => s.Loop.Wall).ToList());
                var cpu = Stats.MinMedian(samples.Select(s => s.Loop.Cpu).ToList());
                var codecTime = Stats.MinMedian(samples.Select(s => s.Codec.Wall).ToList());
                var codecCpu = Stats.MinMedian(samples.Select(s => s.Codec.Cpu).ToList());
                double steady = LoopRunner.SteadyBytesPerEvent(analysis, inputs.Slices[0]);
                double runBytes = samples.Min(s => s.Loop.TotalBytes) / (double)inputs.Events;
                double rate = inputs.Events / wall.Min;
                table.Row(q, codec, inputs.Events, rate / 1e6, inputs.Events / wall.Median / 1e6, inputs.Events / cpu.Min / 1e6,
                    decompress.CompressedBytes / wall.Min / 1e6, decompress.UncompressedBytes / wall.Min / 1e6,
                    steady, runBytes, codecTime.Min, codecCpu.Min, codecTime.Min > 0 ? wall.Min / codecTime.Min : double.NaN);
                if (slowest is null || rate < slowest.Value.Rate) slowest = (q, codec, rate);
                Console.Error.WriteLine($"  {q}: {rate / 1e6:0.00} Mev/s, decompress-only {codecTime.Min:0.000} s on {DecompressOnly.Threads} thread(s), {codecCpu.Min:0.000} CPU-s");
            }
        }

        Console.WriteLine($"Inputs ({Path.GetFullPath(data)}):");
        Console.WriteLine();
        files.Print();
        Console.WriteLine($"Single worker (one thread drives the loop; a read spanning several baskets of a branch decompresses them in parallel, so CPU time is also shown). {warmups} warm-up + {runs} timed runs per cell, interleaved with the decompression-only pass.");
        Console.WriteLine();
        table.Print();
        Console.WriteLine("- Mev/s: million events per second of wall time (min time = best run; median time = typical run). Mev/CPU-s: events per CPU second of the whole process, i.e. per core.");
        Console.WriteLine("- MB/s zipped / unzipped: on-disk (keys included) and decompressed bytes of exactly the baskets of the branches the query reads, per second of the best run.");
        Console.WriteLine("- loop B/ev: bytes the looping thread allocates per event in a second pass over the first file with the same processor and source (readers bound, buffers grown): the event loop itself. run B/ev: every thread, opening and closing the files included, per event of a whole run.");
        Console.WriteLine("  The generated event code itself allocates nothing (tests/HepDsl.Generator.Tests check 0 bytes per event once warm), and neither does reading a basket once warm, in any codec (tests/HepDsl.Runtime.Tests BasketAllocationTests): decoders are kept per thread (zstd; zlib through the runtime's own zlib, reset per block; LZMA through HepDsl's LZMA2 decoder, which writes into the basket buffer). What loop B/ev still shows is per pass, not per event: the result's record of the range processed.");
        Console.WriteLine($"- decompress s: wall time of reading and decompressing the same baskets and nothing else, on {DecompressOnly.Threads} thread(s) as the reader decodes with (the looping thread plus one pool thread when a read spans several baskets), both taking baskets from one list with no per-read wait: the lower bound on time (where reads rarely span baskets, Mev/CPU-s close to Mev/s, the reader decodes mostly on one thread and stays up to 2x above it). decompress CPU-s: process CPU time of that pass, i.e. the decompression work as one thread would do it. query/decompress: best query time over best decompression wall time.");
        if (slowest is { } s) Console.WriteLine($"- Slowest (hottest) query: {s.Query} on {s.Codec}, {s.Rate / 1e6:0.00} Mev/s.");
        Console.WriteLine();
        return 0;
    }
}
