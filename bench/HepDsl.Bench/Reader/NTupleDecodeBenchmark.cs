using System.Diagnostics;
using System.Globalization;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.RNTuple;

namespace HepDsl.Bench.Reader;

/// <summary>
/// RNTuple decoding throughput per column: reading a column end to end (fetch, checksum, decompress, decode into the
/// column buffer, as the event loop does) next to only decompressing the same pages held in memory, so the
/// reader's cost above the codec shows per column encoding. Also the bytes allocated per pass (0 once warm).
/// </summary>
internal static class NTupleDecodeBenchmark
{
    public const string Help = "RNTuple per-column decode throughput next to pure page decompression [data-folder | FILE NTUPLE COLUMN...] [runs]";

    private sealed record Case(string File, string NTuple, string[] Columns);

    private static readonly Case[] Cases =
    [
        new("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root", "Events", ["nMuon", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge"]),
        new("cmsopendata2015_ttbar_19980_NANOAOD_RNTupleImporter_rntuple_v1-0-0-1.root", "Events",
            ["nJet", "Jet_pt", "Jet_eta", "Jet_btagCSVV2", "nMuon", "Muon_pt", "Muon_charge", "MET_pt", "run", "luminosityBlock", "event"]),
        new("test_int_5e4_rntuple_v1-0-0-0.root", "ntuple", ["one_integers"]),
        new("ntpl001_staff_rntuple_v1-0-0-0.root", "Staff", ["Category", "Age", "Service", "Children", "Cost"]),
    ];

    public static int Run(string[] args)
    {
        int runs = 7;
        List<(string Path, Case Case)> cases;
        if (args.Length >= 3 && File.Exists(args[0]))
        {
            var columns = args[2..].Where(a => !int.TryParse(a, out _)).ToArray();
            if (args[^1] is var last && int.TryParse(last, out int r)) runs = r;
            cases = [(args[0], new Case(Path.GetFileName(args[0]), args[1], columns))];
        }
        else
        {
            string folder = args.Length > 0 ? args[0] : Path.GetFullPath(Path.Combine(HepDsl.Bench.Common.BenchInputs.RepoRoot(), "..", "shared", "data", "root"));
            if (args.Length > 1) runs = int.Parse(args[1], CultureInfo.InvariantCulture);
            cases = Cases.Select(c => (Path.Combine(folder, c.File), c)).Where(c => File.Exists(c.Item1)).ToList();
        }
        Console.WriteLine($"RNTuple decode benchmark: {runs} rounds of >= 100 ms after warm-up; fastest single pass (min) per column");
        Console.WriteLine($"{"file",-28} {"column",-16} {"encoding",-22} {"pages",5} {"values",8} {"MB out",7} {"read MB/s",9} {"codec MB/s",10} {"read/codec",10} {"alloc B",8}");
        WarmUp(cases);
        foreach (var (path, c) in cases)
        {
            using var file = RootFile.Open(path);
            using var probe = NTupleSource.Open(file, c.NTuple);
            int entries = (int)probe.Entries;
            double readTotal = 0, codecTotal = 0;
            long outTotal = 0;
            foreach (var name in c.Columns)
            {
                var info = probe.Columns.FirstOrDefault(col => col.Name == name);
                if (info is null) { Console.WriteLine($"{name}: no such column in {c.File}"); continue; }
                var pages = RawPages(file, probe, name, out string encoding);
                long outBytes = 0;
                var read = Measure(runs, () => ReadColumn(file, c.NTuple, info, entries, out outBytes));
                var codec = Measure(runs, () => Decompress(pages));
                long alloc = Allocated(() => ReadColumn(file, c.NTuple, info, entries, out _));
                long values = _values;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Short(c.File),-28} {name,-16} {encoding,-22} {pages.Count,5} {values,8} {outBytes / 1e6,7:0.000} {outBytes / read.Min / 1e6,9:0} {outBytes / codec.Min / 1e6,10:0} {read.Min / codec.Min,10:0.00} {alloc,8}"));
                readTotal += read.Min;
                codecTotal += codec.Min;
                outTotal += outBytes;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Short(c.File),-28} {"(all above)",-16} {"",-22} {"",5} {"",8} {outTotal / 1e6,7:0.000} {outTotal / readTotal / 1e6,9:0} {outTotal / codecTotal / 1e6,10:0} {readTotal / codecTotal,10:0.00}"));
        }
        Console.WriteLine("read: a fresh source per pass (opened untimed) reads all entries of the column into a reused ColumnBuffer (pages fetched from the");
        Console.WriteLine("  OS cache, checksummed, decompressed, decoded, widened); codec: only decompressing the same pages, held in memory");
        Console.WriteLine("  (uncompressed pages: a copy). MB out = the column's value bytes (offsets of jagged columns not counted).");
        Console.WriteLine("  read/codec: time ratio (1.00 = decoding costs nothing above decompression); alloc B: bytes allocated by one");
        Console.WriteLine("  warm pass, including opening the per-worker source (the layout is parsed once per file).");
        return 0;
    }

    /// <summary>
    /// Every column read for about a second before anything is timed, so that the tiered JIT has compiled the reader's
    /// loops fully (otherwise the first column measured pays for it).
    /// </summary>
    private static void WarmUp(List<(string Path, Case Case)> cases)
    {
        var wall = Stopwatch.StartNew();
        while (wall.ElapsedMilliseconds < 1500)
            foreach (var (path, c) in cases)
            {
                using var file = RootFile.Open(path);
                using var probe = NTupleSource.Open(file, c.NTuple);
                foreach (var info in probe.Columns.Where(col => c.Columns.Contains(col.Name)))
                    ReadColumn(file, c.NTuple, info, (int)probe.Entries, out _);
            }
    }

    private static string Short(string file) => file.Length <= 28 ? file : file[..25] + "...";

    private sealed record RawPage(byte[] Stored, int Unpacked);

    /// <summary>The stored bytes of every page the column reads (primary representation per cluster), and its encodings.</summary>
    private static List<RawPage> RawPages(RootFile file, NTupleSource source, string column, out string encoding)
    {
        var ids = source.PhysicalColumns(column).ToHashSet();
        var columns = source.Descriptor.Schema.Columns.Where(c => ids.Contains(c.Id)).ToList();
        encoding = string.Join("+", columns.Select(c => ColumnKinds.Describe(c.Kind, c.Bits)).Distinct());
        var result = new List<RawPage>();
        foreach (var cluster in source.Descriptor.Clusters)
            foreach (var col in columns)
            {
                var range = cluster.Column(col.Id);
                if (range is null || range.Suppressed) continue;
                foreach (var page in range.Pages)
                {
                    var stored = new byte[page.Locator.Size];
                    file.Source.ReadAsync((long)page.Locator.Offset, stored).AsTask().GetAwaiter().GetResult();
                    result.Add(new RawPage(stored, (int)((page.Elements * (long)col.Bits + 7) / 8)));
                }
            }
        return result;
    }

    private static byte[] _unzipped = [];

    private static double Decompress(List<RawPage> pages)
    {
        var timer = Stopwatch.StartNew();
        foreach (var p in pages)
        {
            if (_unzipped.Length < p.Unpacked) _unzipped = new byte[p.Unpacked];
            if (p.Stored.Length == p.Unpacked) p.Stored.CopyTo(_unzipped, 0);
            else RootDecompressor.Decompress(p.Stored, _unzipped.AsSpan(0, p.Unpacked), "benchmark");
        }
        return Seconds(timer);
    }

    private static readonly Dictionary<Type, object> Buffers = [];
    private static long _values;

    private static double ReadColumn(RootFile file, string ntuple, ColumnInfo info, int entries, out long outBytes) => info.Type switch
    {
        ColumnType.Float32 => Read<float>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.Float64 => Read<double>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.Int32 => Read<int>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.UInt32 => Read<uint>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.Int64 => Read<long>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.UInt64 => Read<ulong>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.Int16 => Read<short>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.UInt8 => Read<byte>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.Int8 => Read<sbyte>(file, ntuple, info.Name, entries, out outBytes),
        ColumnType.Bool => Read<bool>(file, ntuple, info.Name, entries, out outBytes),
        _ => throw new InvalidOperationException($"{info.Name}: {info.Type} not in the benchmark"),
    };

    private static unsafe double Read<T>(RootFile file, string ntuple, string name, int entries, out long outBytes) where T : unmanaged
    {
        if (!Buffers.TryGetValue(typeof(T), out var held)) Buffers[typeof(T)] = held = new ColumnBuffer<T>();
        var buffer = (ColumnBuffer<T>)held;
        using var source = NTupleSource.Open(file, ntuple);
        var timer = Stopwatch.StartNew();
        source.Column<T>(name).Read(0, entries, buffer);
        double seconds = Seconds(timer);
        outBytes = (long)buffer.Count * sizeof(T);
        _values = buffer.Count;
        return seconds;
    }

    /// <summary>Stopwatch ticks, not TimeSpan's 100 ns ticks: a pass over a small page takes well under a microsecond.</summary>
    private static double Seconds(Stopwatch timer) => timer.ElapsedTicks / (double)Stopwatch.Frequency;

    private static long Allocated(Action work)
    {
        work();
        long before = GC.GetAllocatedBytesForCurrentThread();
        work();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>
    /// Seconds of one operation: the fastest single run, and the median, over <paramref name="repeats"/> rounds of
    /// >= 100 ms each (after a warm-up). Operations take microseconds on these small files, so on a shared machine the
    /// fastest run is the stable estimate; a round's average would mostly measure preemption.
    /// </summary>
    private static (double Min, double Median) Measure(int repeats, Func<double> work)
    {
        var wall = Stopwatch.StartNew();
        while (wall.ElapsedMilliseconds < 100) work();
        var all = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            wall.Restart();
            do all.Add(work()); while (wall.ElapsedMilliseconds < 100);
        }
        all.Sort();
        return (all[0], all[all.Count / 2]);
    }
}
