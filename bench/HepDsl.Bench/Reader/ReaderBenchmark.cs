using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Bench.Reader;

/// <summary>
/// Reader throughput: reads a few branches of real files end to end (open tree, fetch, decompress, decode into column
/// buffers) and, for comparison, only decompresses the same baskets, so the reader's overhead above the codec shows.
/// </summary>
/// <remarks>
/// Baskets a tree was not flushed with (all of NanoAOD's here) live inside the TTree record and are decompressed with
/// it when the tree is opened, not when a branch is read: the TTree record's decompression is timed as its own column,
/// and the last column compares open + read with all decompression, so such files show their overhead too.
/// </remarks>
internal static class ReaderBenchmark
{
    private sealed record Case(string File, string Tree, string[] Branches);

    private static readonly Case[] Cases =
    [
        new("nanoAOD_2015_CMS_Open_Data_ttbar.root", "Events", ["nJet", "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "nMuon", "Muon_pt", "MET_pt"]),
        new("uproot-HZZ.root", "events", ["NJet", "Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "NMuon", "Muon_Px", "MET_px"]),
        new("uproot-HZZ-lz4.root", "events", ["NJet", "Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "NMuon", "Muon_Px", "MET_px"]),
        new("uproot-HZZ-zstd.root", "events", ["NJet", "Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "NMuon", "Muon_Px", "MET_px"]),
        new("uproot-HZZ-lzma.root", "events", ["NJet", "Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "NMuon", "Muon_Px", "MET_px"]),
        new("uproot-HZZ-uncompressed.root", "events", ["NJet", "Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "NMuon", "Muon_Px", "MET_px"]),
    ];

    public static int Run(string[] args)
    {
        string folder = args.Length > 0 ? args[0] : FindDataFolder();
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        Console.WriteLine($"reader benchmark: {folder}, {repeats} timed runs after warm-up; each run repeats the work for >= 100 ms");
        Console.WriteLine($"{"file",-38} {"entries",7} {"MB/s out",9} {"MB/s disk",9} {"Mentries/s",10} {"open ms",8} {"1st open",8} {"tree zip",8} {"read ms",8} {"(median)",8} {"codec ms",8} {"overhead",8} {"all ovh",8}");
        foreach (var c in Cases)
        {
            string path = Path.Combine(folder, c.File);
            using var file = RootFile.Open(path);
            var baskets = CollectBaskets(file, c);
            var treeRecord = TreeRecordBytes(file, c.Tree);
            long entries, disk;
            using (var tree = file.OpenTree(c.Tree))
            {
                entries = tree.Entries;
                disk = tree.Branches.Where(b => c.Branches.Contains(b.Name)).Sum(b => b.CompressedBytes);
            }
            _decodedBytes = 0;
            ReadAll(file, c);
            long unzipped = _decodedBytes;

            var open = Measure(repeats, () => Timed(() => { using var tree = file.OpenTree(c.Tree); }));
            var read = Measure(repeats, () => ReadAll(file, c));
            var codec = Measure(repeats, () => Timed(() => DecompressAll(baskets)));
            var treeCodec = treeRecord is null ? (Min: 0.0, Median: 0.0) : Measure(repeats, () => Timed(() => DecompressAll([treeRecord])));
            // A fresh RootFile each time: header, keys and the TTree record (decompressed and parsed) are read again.
            var firstOpen = Measure(repeats, () => Timed(() => { using var fresh = RootFile.Open(path); using var tree = fresh.OpenTree(c.Tree); }));
            double all = firstOpen.Min + read.Min;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.File,-38} {entries,7} {unzipped / read.Min / 1e6,9:0.0} {disk / read.Min / 1e6,9:0.0} {entries / read.Min / 1e6,10:0.00} {open.Min * 1e3,8:0.000} {firstOpen.Min * 1e3,8:0.000} {treeCodec.Min * 1e3,8:0.000} {read.Min * 1e3,8:0.000} {read.Median * 1e3,8:0.000} {codec.Min * 1e3,8:0.000} {(read.Min - codec.Min) / read.Min,8:P0} {(all - codec.Min - treeCodec.Min) / all,8:P0}"));
        }
        Console.WriteLine("MB/s out: value bytes delivered into column buffers; MB/s disk: the branches' compressed bytes (fZipBytes); per second of read (min).");
        Console.WriteLine("open: opening the tree of an open file (TTree record parsed once per file, planned per open); 1st open: opening the file and");
        Console.WriteLine("  the tree afresh (header, keys, TTree record read, decompressed and parsed); tree zip: only decompressing the TTree record, part of");
        Console.WriteLine("  1st open, which holds the embedded baskets (all of NanoAOD's); read: the chosen branches, open excluded (min, and median);");
        Console.WriteLine("codec: only decompressing the same baskets kept outside the TTree record; overhead: share of read not in codec;");
        Console.WriteLine("all ovh: share of 1st open + read not in tree zip + codec (all the decompression a fresh read of these branches does).");
        return 0;
    }

    private sealed record RawBasket(byte[] Raw, int KeyLength, int ObjectLength);

    private static List<RawBasket> CollectBaskets(RootFile file, Case c)
    {
        using var tree = file.OpenTree(c.Tree);
        var result = new List<RawBasket>();
        foreach (var branch in c.Branches)
            foreach (var b in tree.Baskets(branch).Where(b => !b.Embedded))
            {
                var raw = new byte[b.Bytes];
                file.Source.ReadAsync(b.Seek, raw).AsTask().GetAwaiter().GetResult();
                result.Add(new RawBasket(raw, BinaryPrimitives.ReadInt16BigEndian(raw.AsSpan(14)), BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(6))));
            }
        return result;
    }

    /// <summary>The TTree record's key and payload when it is compressed (null when stored as is: nothing to decompress).</summary>
    private static RawBasket? TreeRecordBytes(RootFile file, string tree)
    {
        var key = file.FindKey(tree, "TTree");
        if (!key.IsCompressed) return null;
        var raw = new byte[key.Nbytes];
        file.Source.ReadAsync(key.SeekKey, raw).AsTask().GetAwaiter().GetResult();
        return new RawBasket(raw, key.KeyLength, key.ObjectLength);
    }

    /// <summary>One full pass on a fresh tree (so nothing stays decoded between passes); times the reads, not the open.</summary>
    private static double ReadAll(RootFile file, Case c)
    {
        using var tree = file.OpenTree(c.Tree);
        var timer = Stopwatch.StartNew();
        long checksum = 0;
        int n = (int)tree.Entries;
        foreach (var name in c.Branches)
        {
            var info = tree.Columns.First(col => col.Name == name);
            checksum += info.Type switch
            {
                ColumnType.Float32 => Read<float>(tree, name, n),
                ColumnType.Float64 => Read<double>(tree, name, n),
                ColumnType.Int32 => Read<int>(tree, name, n),
                ColumnType.UInt32 => Read<uint>(tree, name, n),
                ColumnType.Bool => Read<bool>(tree, name, n),
                _ => throw new InvalidOperationException($"{name}: {info.Type} not in the benchmark"),
            };
        }
        double seconds = timer.Elapsed.TotalSeconds;
        GC.KeepAlive(checksum);
        return seconds;
    }

    private static double Timed(Action work)
    {
        var timer = Stopwatch.StartNew();
        work();
        return timer.Elapsed.TotalSeconds;
    }

    private static long _decodedBytes;

    private static unsafe long Read<T>(TreeSource tree, string name, int n) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        tree.Column<T>(name).Read(0, n, buffer);
        _decodedBytes += (long)buffer.Count * sizeof(T);
        return buffer.Count;
    }

    private static void DecompressAll(List<RawBasket> baskets)
    {
        foreach (var b in baskets)
        {
            var output = System.Buffers.ArrayPool<byte>.Shared.Rent(b.ObjectLength);
            RootDecompressor.Decompress(b.Raw.AsSpan(b.KeyLength), output.AsSpan(0, b.ObjectLength), "benchmark");
            System.Buffers.ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>
    /// Seconds per operation (min and median over <paramref name="repeats"/> runs, after a warm-up for JIT and file
    /// cache). <paramref name="work"/> returns the seconds of its timed part, so per-op setup stays out.
    /// </summary>
    private static (double Min, double Median) Measure(int repeats, Func<double> work)
    {
        var wall = Stopwatch.StartNew();
        while (wall.ElapsedMilliseconds < 200) work();
        var perOp = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            int ops = 0;
            double timed = 0;
            wall.Restart();
            do { timed += work(); ops++; } while (wall.ElapsedMilliseconds < 100);
            perOp.Add(timed / ops);
        }
        perOp.Sort();
        return (perOp[0], perOp[perOp.Count / 2]);
    }

    private static string FindDataFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "root"));
        var cwd = Path.GetFullPath(Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "data", "root"));
        return Directory.Exists(cwd) ? cwd : throw new DirectoryNotFoundException("shared/data/root not found; pass the folder as the first argument");
    }
}
