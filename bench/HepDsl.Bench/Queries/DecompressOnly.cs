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
/// baskets (kept uncompressed in the TTree record) cost nothing here.
/// </summary>
internal sealed class DecompressOnly : IDisposable
{
    private sealed record Basket(RootFile File, long Seek, int Bytes);

    private readonly List<RootFile> _files = [];
    private readonly Basket[] _baskets;
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
        // Largest first: the two threads then finish close together, keeping the bound tight.
        _baskets = [.. baskets.OrderByDescending(b => b.Bytes)];
        CompressedBytes = baskets.Sum(b => (long)b.Bytes);
        UncompressedBytes = Pass();
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
            int objectLength = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(6));
            int keyLength = BinaryPrimitives.ReadInt16BigEndian(raw.AsSpan(14));
            var output = ArrayPool<byte>.Shared.Rent(objectLength);
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
