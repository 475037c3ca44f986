using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using HepDsl.Bench.Common;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;

namespace HepDsl.Bench.Queries;

/// <summary>
/// The lower bound on a query's time: read exactly the baskets of the branches it reads (those holding its entries)
/// and decompress them, on one thread, doing nothing else. Embedded baskets (kept uncompressed in the TTree record)
/// cost nothing here.
/// </summary>
internal sealed class DecompressOnly : IDisposable
{
    private sealed record Basket(long Seek, int Bytes);

    private readonly List<(RootFile File, List<Basket> Baskets)> _files = [];

    public DecompressOnly(InputSet inputs, IEnumerable<string> branches)
    {
        var names = branches.ToList();
        foreach (var slice in inputs.Slices)
        {
            var baskets = new List<Basket>();
            using (var tree = EventSources.OpenTree(slice.Path, BenchInputs.Tree))
                foreach (var name in names)
                    foreach (var b in tree.Tree.Baskets(name))
                        if (!b.Embedded && b.FirstEntry < slice.Entries) baskets.Add(new Basket(b.Seek, b.Bytes));
            _files.Add((RootFile.Open(slice.Path), baskets));
        }
        CompressedBytes = _files.Sum(f => f.Baskets.Sum(b => (long)b.Bytes));
        UncompressedBytes = Pass().Uncompressed;
    }

    /// <summary>Bytes of the baskets on disk (keys included), as a query reads them.</summary>
    public long CompressedBytes { get; }
    /// <summary>Bytes after decompression.</summary>
    public long UncompressedBytes { get; }

    /// <summary>One timed pass: wall seconds.</summary>
    public double Time()
    {
        long start = Stopwatch.GetTimestamp();
        Pass();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private (long Uncompressed, int Baskets) Pass()
    {
        long uncompressed = 0;
        int count = 0;
        foreach (var (file, baskets) in _files)
        {
            foreach (var b in baskets)
            {
                var raw = ArrayPool<byte>.Shared.Rent(b.Bytes);
                file.Source.ReadAsync(b.Seek, raw.AsMemory(0, b.Bytes)).AsTask().GetAwaiter().GetResult();
                // TKey header: fNbytes(4) fVersion(2) fObjlen(4) fDatime(4) fKeylen(2): the payload follows the key.
                int objectLength = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(6));
                int keyLength = BinaryPrimitives.ReadInt16BigEndian(raw.AsSpan(14));
                var output = ArrayPool<byte>.Shared.Rent(objectLength);
                RootDecompressor.Decompress(raw.AsSpan(keyLength, b.Bytes - keyLength), output.AsSpan(0, objectLength), "decompress-only");
                ArrayPool<byte>.Shared.Return(output);
                ArrayPool<byte>.Shared.Return(raw);
                uncompressed += objectLength;
                count++;
            }
        }
        return (uncompressed, count);
    }

    public void Dispose()
    {
        foreach (var (file, _) in _files) file.Dispose();
    }
}
