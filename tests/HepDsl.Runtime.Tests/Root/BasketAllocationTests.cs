using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Trees.Writing;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Root.Keys;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>
/// Once warm, decompressing a basket allocates nothing on the reading thread, whatever the codec: zlib through a
/// per-thread inflate state, LZMA through a per-thread LZMA2 decoder writing into the basket's buffer. (Before, each
/// zlib block created a ZLibStream, ~330 bytes, each XZ block a SharpCompress XZStream with its 64 KiB window, and
/// every block built an error-message prefix, ~230 bytes.) Allocations are counted on the test's own thread with
/// GC.GetAllocatedBytesForCurrentThread, so tests running in parallel do not disturb them; reads that span one basket
/// each keep the reader from decoding ahead on a pool thread.
/// </summary>
public sealed class BasketAllocationTests : IDisposable
{
    /// <summary>Bytes per basket a warm second pass may allocate: a fraction of any per-block object.</summary>
    private const double BytesPerBasket = 8;

    private readonly string _folder = Directory.CreateTempSubdirectory("hep-basket-alloc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("zlib")]
    [InlineData("lzma")]
    public void Reading_a_branch_again_allocates_nothing_per_basket(string compression)
    {
        // Compressible doubles and a jagged float column in ~8 KB baskets: dozens of compressed baskets per branch.
        const int n = 24_000;
        var x = new double[n];
        var counts = new int[n];
        var values = new List<float>();
        for (int i = 0; i < n; i++)
        {
            x[i] = Math.Round(Math.Sin(i * 0.01) * 100, 1);
            counts[i] = i % 5;
            for (int k = 0; k < counts[i]; k++) values.Add((float)Math.Round(i * 0.25 + k, 2));
        }
        string path = Path.Combine(_folder, $"alloc-{compression}.root");
        var branches = new[]
        {
            TreeBranch.Scalar("x", ColumnType.Float64),
            TreeBranch.Scalar("n", ColumnType.Int32),
            TreeBranch.Jagged("v", ColumnType.Float32, "n"),
        };
        using (var w = new TreeWriter(path, "t", branches,
                   new TreeWriterOptions { Compression = RootCompression.Parse(compression), BasketSize = 8000 }))
            w.WriteCluster(new TreeChunk(n).Set("x", x).Set("n", counts).Set("v", values.ToArray()));

        using var tree = TreeSource.Open(path, "t");
        var xBaskets = tree.Baskets("x").ToArray();
        var vBaskets = tree.Baskets("v").ToArray();
        Assert.True(xBaskets.Length >= 20 && vBaskets.Length >= 20, $"{xBaskets.Length} and {vBaskets.Length} baskets");
        // Compressed, so the codec runs (a basket stored as is would only be copied).
        Assert.All(xBaskets, b => Assert.True(b.Bytes < 8 * b.Entries, $"basket {b.Index}: {b.Bytes} bytes on disk"));

        var xReader = tree.Column<double>("x");
        var vReader = tree.Column<float>("v");
        var xBuffer = new ColumnBuffer<double>();
        var vBuffer = new ColumnBuffer<float>();
        void Pass()
        {
            for (int i = 0; i < xBaskets.Length; i++) xReader.Read(xBaskets[i].FirstEntry, (int)xBaskets[i].Entries, xBuffer);
            for (int i = 0; i < vBaskets.Length; i++) vReader.Read(vBaskets[i].FirstEntry, (int)vBaskets[i].Entries, vBuffer);
        }

        Pass(); // binds the readers, grows the buffers, creates this thread's decoder
        long before = GC.GetAllocatedBytesForCurrentThread();
        Pass();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        int baskets = xBaskets.Length + vBaskets.Length;
        Assert.True(bytes <= BytesPerBasket * baskets,
            $"{compression}: the second pass allocated {bytes} bytes for {baskets} baskets ({(double)bytes / baskets:0.0} per basket)");

        // And the values are right: the last basket of each read last, then everything at once.
        var all = new ColumnBuffer<double>();
        xReader.Read(0, n, all);
        Assert.Equal(x, all.Span.ToArray());
        var jagged = new ColumnBuffer<float>();
        vReader.Read(0, n, jagged);
        Assert.Equal(values, jagged.Span.ToArray());
    }

    /// <summary>
    /// The same on baskets written by ROOT itself (liblzma's xz streams, ROOT's zlib): every compressed payload of the
    /// file decompressed twice, the second time without allocating, and to the same bytes.
    /// </summary>
    [Theory]
    [InlineData("uproot-HZZ-lzma.root", "XZ")]
    [InlineData("uproot-Zmumu-lzma.root", "XZ")]
    [InlineData("uproot-HZZ-zlib.root", "ZL")]
    [InlineData("uproot-Zmumu.root", "ZL")]
    public void Decompressing_real_baskets_again_allocates_nothing(string name, string codec)
    {
        var payloads = Payloads(name);
        Assert.True(payloads.Count >= 15, $"{payloads.Count} compressed payloads");
        Assert.All(payloads, p => Assert.Equal(codec, $"{(char)p.Payload[0]}{(char)p.Payload[1]}"));
        var first = payloads.Select(p => new byte[p.Length]).ToList();
        var second = payloads.Select(p => new byte[p.Length]).ToList();
        for (int i = 0; i < payloads.Count; i++) RootDecompressor.Decompress(payloads[i].Payload, first[i], name);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < payloads.Count; i++) RootDecompressor.Decompress(payloads[i].Payload, second[i], name);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(bytes <= BytesPerBasket * payloads.Count, $"{name}: {bytes} bytes allocated for {payloads.Count} payloads");
        for (int i = 0; i < payloads.Count; i++) Assert.Equal(first[i], second[i]);
    }

    private static List<(byte[] Payload, int Length)> Payloads(string name)
    {
        string path = TestFiles.Path(name);
        var bytes = File.ReadAllBytes(path);
        using var file = RootFile.Open(path);
        using var tree = file.OpenTree("events");
        var result = new List<(byte[], int)>();
        foreach (var column in tree.Columns)
        {
            foreach (var basket in tree.Baskets(column.Name))
            {
                var key = RootKey.Read(new RootBuffer(bytes.AsMemory((int)basket.Seek, basket.Bytes), "basket"), "");
                if (!key.IsCompressed) continue;
                result.Add((bytes.AsSpan((int)basket.Seek + key.KeyLength, basket.Bytes - key.KeyLength).ToArray(), key.ObjectLength));
            }
        }
        return result;
    }
}
