using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using HepDsl.Bench.Common;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Bench.Queries;

/// <summary>
/// The lower bound on a query's time: read exactly the baskets of the branches it reads (those holding its entries)
/// and decompress them, doing nothing else, on as many threads as the query's reader decodes with (the looping
/// thread plus one pool thread when a read spans several baskets, see ColumnReader.DecodeAhead). Here both threads
/// share every basket of the pass with no per-read barrier, so no schedule of the reader's can be faster. Embedded
/// baskets (kept uncompressed in the TTree record) cost nothing here. <see cref="ForPages"/> does the same for the
/// pages of an RNTuple's columns (read and decompressed; their checksums are not verified here).
/// </summary>
internal sealed class DecompressOnly : IDisposable
{
    /// <summary>A stored block: a basket behind its key (<paramref name="Raw"/> null: sizes from the key header), or a
    /// page of <paramref name="Raw"/> bytes once decompressed.</summary>
    private sealed record Basket(RootFile File, long Seek, int Bytes, int? Raw = null);

    private readonly List<RootFile> _files = [];
    private Basket[] _baskets;
    private int _next;

    public DecompressOnly(InputSet inputs, IEnumerable<string> branches)
    {
        var names = branches.ToList();
        var baskets = new List<Basket>();
        foreach (var slice in inputs.Slices)
        {
            var file = RootFile.Open(slice.Path);
            _files.Add(file);
            using var tree = EventSources.OpenTree(slice.Path, BenchInputs.Tree);
            foreach (var name in names)
                foreach (var b in tree.Tree.Baskets(name))
                    if (!b.Embedded && b.FirstEntry < slice.Entries) baskets.Add(new Basket(file, b.Seek, b.Bytes));
        }
        (_baskets, CompressedBytes, UncompressedBytes) = Prepare(baskets);
    }

    private DecompressOnly(List<RootFile> files, List<Basket> blocks)
    {
        _files = files;
        (_baskets, CompressedBytes, UncompressedBytes) = Prepare(blocks);
    }

    /// <summary>The pages of the RNTuple columns behind <paramref name="fields"/> that hold the slices' entries.</summary>
    public static DecompressOnly ForPages(InputSet inputs, IEnumerable<string> fields)
    {
        var names = fields.ToList();
        var files = new List<RootFile>();
        var pages = new List<Basket>();
        foreach (var slice in inputs.Slices)
        {
            var file = RootFile.Open(slice.Path);
            files.Add(file);
            using var opened = EventSources.OpenTree(slice.Path, BenchInputs.Tree);
            var ntuple = opened.NTuple ?? throw new InvalidOperationException($"{slice.Path}: not an RNTuple");
            var d = ntuple.Descriptor;
            foreach (int id in names.SelectMany(ntuple.PhysicalColumns).Distinct())
                foreach (var cluster in d.Clusters.Where(c => c.FirstEntry < slice.Entries))
                    if (cluster.Column(id) is { Suppressed: false } range)
                        foreach (var p in range.Pages)
                            pages.Add(new Basket(file, (long)p.Locator.Offset, p.Locator.Size, (int)((p.Elements * (long)d.Schema.Columns[id].Bits + 7) / 8)));
        }
        return new DecompressOnly(files, pages);
    }

    private (Basket[] Blocks, long Compressed, long Uncompressed) Prepare(List<Basket> blocks)
    {
        // Largest first: the two threads then finish close together, keeping the bound tight.
        _baskets = [.. blocks.OrderByDescending(b => b.Bytes)];
        return (_baskets, blocks.Sum(b => (long)b.Bytes), Pass());
    }

    /// <summary>Threads decoding at once: ColumnReader's (the reading thread plus one pool thread, on 2+ cores).</summary>
    public static int Threads => Environment.ProcessorCount < 2 ? 1 : 2;

    /// <summary>Bytes of the baskets on disk (keys included), as a query reads them.</summary>
    public long CompressedBytes { get; }
    /// <summary>Bytes after decompression.</summary>
    public long UncompressedBytes { get; }

    /// <summary>
    /// One timed pass on <see cref="Threads"/> threads: wall seconds (the bound), and process CPU seconds (the
    /// decompression work itself, as one thread would spend it).
    /// </summary>
    public (double Wall, double Cpu) Time()
    {
        var cpu0 = Environment.CpuUsage.TotalTime;
        long start = Stopwatch.GetTimestamp();
        Pass();
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (wall, (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds);
    }

    /// <summary>Decompresses every basket once, the calling thread and a pool thread claiming them in turn; returns the bytes after decompression.</summary>
    private long Pass()
    {
        _next = 0;
        // A pool thread, like the reader's helper, so both see the same thread pool.
        var helper = Threads > 1 ? Task.Run(Claim) : Task.FromResult(0L);
        long uncompressed = Claim();
        return uncompressed + helper.GetAwaiter().GetResult();
    }

    private long Claim()
    {
        long uncompressed = 0;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _baskets.Length)
        {
            var b = _baskets[i];
            var raw = ArrayPool<byte>.Shared.Rent(b.Bytes);
            b.File.Source.ReadAsync(b.Seek, raw.AsMemory(0, b.Bytes)).AsTask().GetAwaiter().GetResult();
            // TKey header: fNbytes(4) fVersion(2) fObjlen(4) fDatime(4) fKeylen(2): the payload follows the key.
            // A page has no key: it is the payload, stored raw when it did not shrink.
            int objectLength = b.Raw ?? BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(6));
            int keyLength = b.Raw is null ? BinaryPrimitives.ReadInt16BigEndian(raw.AsSpan(14)) : 0;
            var output = ArrayPool<byte>.Shared.Rent(objectLength);
            if (b.Raw is null || b.Bytes != objectLength)
                RootDecompressor.Decompress(raw.AsSpan(keyLength, b.Bytes - keyLength), output.AsSpan(0, objectLength), "decompress-only");
            ArrayPool<byte>.Shared.Return(output);
            ArrayPool<byte>.Shared.Return(raw);
            uncompressed += objectLength;
        }
        return uncompressed;
    }

    public void Dispose()
    {
        foreach (var file in _files) file.Dispose();
    }
}
