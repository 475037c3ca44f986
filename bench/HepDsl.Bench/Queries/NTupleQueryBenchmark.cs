using HepDsl.Bench.Common;

namespace HepDsl.Bench.Queries;

/// <summary>
/// Mode 'rntuple': every ADL query per codec on the RNTuple dataset (DIR/rntuple-&lt;codec&gt;, written by the 'dataset'
/// mode) next to the same events as TTree (DIR/&lt;codec&gt;), one worker, and next to a pass that only reads and
/// decompresses the same RNTuple pages. The three passes of a run are interleaved, so they see the same machine
/// state; a row whose TTree and RNTuple results differ is marked.
/// </summary>
internal static class NTupleQueryBenchmark
{
    public const string Help = "ADL q1..q8 per codec, 1 worker: RNTuple vs the same events in TTree, and vs page decompression [--data DIR] [--compressions zstd,lz4,zlib,lzma] [--queries q1,..] [--events N] [--runs R] [--warmups W]";

    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        string data = args.Text("data", BenchInputs.DefaultDataDir());
        var compressions = args.List("compressions", "zstd,lz4,zlib,lzma");
        var queries = args.List("queries", string.Join(",", AdlQueries.All.Keys));
        long events = args.Long("events", long.MaxValue);
        int runs = args.Int("runs", 3), warmups = args.Int("warmups", 1);
        args.CheckAllUsed();

        var table = new Markdown("query", "codec", "events", "TTree Mev/s", "RNTuple Mev/s", "RNTuple/TTree speed", "TTree Mev/CPU-s", "RNTuple Mev/CPU-s",
            "pages decompress s", "RNTuple/decompress time", "results");
        var files = new Markdown("codec", "format", "files", "events", "MB on disk", "bytes/event");
        var ratios = new List<double>();
        foreach (var codec in compressions)
        {
            var tree = BenchInputs.Resolve(data, codec, events);
            var ntuple = BenchInputs.Resolve(data, "rntuple-" + codec, events);
            if (tree.Events != ntuple.Events)
                throw new InvalidOperationException($"{codec}: {tree.Events} TTree events but {ntuple.Events} RNTuple events; regenerate the dataset with both formats");
            files.Row(codec, "TTree", tree.Slices.Count, tree.Events, tree.FileBytes / 1e6, (double)tree.FileBytes / tree.Events);
            files.Row(codec, "RNTuple", ntuple.Slices.Count, ntuple.Events, ntuple.FileBytes / 1e6, (double)ntuple.FileBytes / ntuple.Events);
            Console.Error.WriteLine($"rntuple: {codec}: {ntuple.Events} events");
            foreach (var q in queries)
            {
                var analysis = AdlQueries.Create(q);
                using var pages = DecompressOnly.ForPages(ntuple, analysis.Info.Branches.Select(b => b.Name));
                var samples = Stats.Repeat(warmups, runs, () => (Tree: LoopRunner.Run(analysis, tree), NTuple: LoopRunner.Run(analysis, ntuple), Pages: pages.Time()));
                var treeWall = Stats.MinMedian(samples.Select(s => s.Tree.Wall).ToList());
                var ntupleWall = Stats.MinMedian(samples.Select(s => s.NTuple.Wall).ToList());
                var treeCpu = Stats.MinMedian(samples.Select(s => s.Tree.Cpu).ToList());
                var ntupleCpu = Stats.MinMedian(samples.Select(s => s.NTuple.Cpu).ToList());
                var pageWall = Stats.MinMedian(samples.Select(s => s.Pages.Wall).ToList());
                string status = ResultCompare.Difference(samples[0].Tree.Result, samples[0].NTuple.Result) ?? "identical";
                double speed = treeWall.Min / ntupleWall.Min;
                ratios.Add(speed);
                table.Row(q, codec, ntuple.Events, tree.Events / treeWall.Min / 1e6, ntuple.Events / ntupleWall.Min / 1e6, speed,
                    tree.Events / treeCpu.Min / 1e6, ntuple.Events / ntupleCpu.Min / 1e6, pageWall.Min,
                    pageWall.Min > 0 ? ntupleWall.Min / pageWall.Min : double.NaN, status);
                Console.Error.WriteLine($"  {q}: TTree {tree.Events / treeWall.Min / 1e6:0.00} Mev/s, RNTuple {ntuple.Events / ntupleWall.Min / 1e6:0.00} Mev/s ({speed:0.00}x), pages {pageWall.Min:0.000} s, {status}");
            }
        }
        Console.WriteLine($"Inputs ({Path.GetFullPath(data)}; the same events in both formats, written by the 'dataset' mode):");
        Console.WriteLine();
        files.Print();
        Console.WriteLine($"Single worker, {warmups} warm-up + {runs} timed runs per cell; TTree, RNTuple and page-decompression passes interleaved.");
        Console.WriteLine();
        table.Print();
        Console.WriteLine("- RNTuple/TTree speed: TTree best time over RNTuple best time (above 1: RNTuple faster).");
        Console.WriteLine($"- pages decompress s: reading and decompressing exactly the RNTuple pages the query reads, nothing else, on {DecompressOnly.Threads} thread(s); RNTuple/decompress time: the query's best time over it.");
        if (ratios.Count > 0)
            Console.WriteLine($"- RNTuple/TTree speed over all cells: min {ratios.Min():0.00}, median {Stats.MinMedian(ratios).Median:0.00}, max {ratios.Max():0.00}.");
        Console.WriteLine();
        return 0;
    }
}
