using System.Buffers.Binary;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Trees.Writing;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Compression;

namespace HepDsl.Runtime.Tests.Trees.Writing;

/// <summary>Bad input is refused naming branch and entry; big baskets span several compression blocks.</summary>
public sealed class TreeWriterInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hep-tree-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly TreeBranch[] Jets =
    [
        TreeBranch.Scalar("nJet", ColumnType.Int32),
        TreeBranch.Jagged("Jet_pt", ColumnType.Float32, "nJet"),
    ];

    private TreeWriter Writer(string name = "t.root") => new(Path.Combine(_folder, name), "Events", Jets);

    private static TreeChunk Good(int entries) =>
        new TreeChunk(entries).Set("nJet", Enumerable.Repeat(2, entries).ToArray()).Set("Jet_pt", new float[2 * entries]);

    [Fact]
    public void Too_few_jagged_values_name_the_branch_and_the_first_entry_short_of_values()
    {
        using var w = Writer();
        w.WriteCluster(Good(1000));
        var chunk = new TreeChunk(3).Set("nJet", new[] { 1, 2, 3 }).Set("Jet_pt", new float[4]);
        var e = Assert.Throws<ArgumentException>(() => w.WriteCluster(chunk));
        Assert.Contains("branch 'Jet_pt' entry 1002", e.Message);
        Assert.Contains("counter 'nJet' asks for 6 values", e.Message);
    }

    [Fact]
    public void Too_many_jagged_values_name_the_branch_and_the_entries()
    {
        using var w = Writer();
        var chunk = new TreeChunk(3).Set("nJet", new[] { 1, 0, 1 }).Set("Jet_pt", new float[3]);
        var e = Assert.Throws<ArgumentException>(() => w.WriteCluster(chunk));
        Assert.Contains("branch 'Jet_pt': 3 values given, but counter 'nJet' sums to 2 over entries 0 to 2", e.Message);
    }

    [Fact]
    public void Per_entry_arrays_are_checked_entry_by_entry()
    {
        using var w = Writer();
        var chunk = new TreeChunk(3).Set("nJet", new[] { 1, 1, 2 }).SetJagged("Jet_pt", new[] { new[] { 1f }, new[] { 2f, 3f }, new[] { 4f } });
        var e = Assert.Throws<ArgumentException>(() => w.WriteCluster(chunk));
        Assert.Contains("branch 'Jet_pt' entry 1: 2 values, but counter 'nJet' says 1", e.Message);
    }

    [Fact]
    public void Negative_counter_wrong_type_missing_and_unknown_branches_are_refused()
    {
        using var w = Writer();
        Assert.Contains("counter branch 'nJet' is negative (-1) at entry 1",
            Assert.Throws<ArgumentException>(() => w.WriteCluster(new TreeChunk(2).Set("nJet", new[] { 0, -1 }).Set("Jet_pt", Array.Empty<float>()))).Message);
        Assert.Contains("branch 'Jet_pt' is Float32: its values must be Single[], not Double[]",
            Assert.Throws<ArgumentException>(() => w.WriteCluster(new TreeChunk(1).Set("nJet", new[] { 1 }).Set("Jet_pt", new[] { 1.0 }))).Message);
        Assert.Contains("branch 'Jet_pt': no values for entries 0 to 0",
            Assert.Throws<ArgumentException>(() => w.WriteCluster(new TreeChunk(1).Set("nJet", new[] { 0 }))).Message);
        Assert.Contains("'Jet_eta', which is not a branch",
            Assert.Throws<ArgumentException>(() => w.WriteCluster(Good(1).Set("Jet_eta", new float[2]))).Message);
        Assert.Contains("branch 'nJet': 2 values for 1 entries",
            Assert.Throws<ArgumentException>(() => w.WriteCluster(new TreeChunk(1).Set("nJet", new[] { 0, 0 }).Set("Jet_pt", Array.Empty<float>()))).Message);
    }

    [Fact]
    public void Counters_must_come_first_and_be_integers()
    {
        var path = Path.Combine(_folder, "bad.root");
        Assert.Contains("its counter 'nJet' must be declared before it", Assert.Throws<ArgumentException>(() =>
            new TreeWriter(path, "Events", [TreeBranch.Jagged("Jet_pt", ColumnType.Float32, "nJet"), TreeBranch.Scalar("nJet", ColumnType.Int32)])).Message);
        Assert.Contains("counter 'x' must be a scalar integer branch", Assert.Throws<ArgumentException>(() =>
            new TreeWriter(path, "Events", [TreeBranch.Scalar("x", ColumnType.Float64), TreeBranch.Jagged("y", ColumnType.Float32, "x")])).Message);
        Assert.Contains("two branches are named 'x'", Assert.Throws<ArgumentException>(() =>
            new TreeWriter(path, "Events", [TreeBranch.Scalar("x", ColumnType.Float64), TreeBranch.Scalar("x", ColumnType.Float32)])).Message);
    }

    [Fact]
    public void A_refused_chunk_leaves_the_clusters_before_it_intact()
    {
        string path = Path.Combine(_folder, "partial.root");
        using (var w = new TreeWriter(path, "Events", Jets))
        {
            w.WriteCluster(Good(10));
            Assert.Throws<ArgumentException>(() => w.WriteCluster(new TreeChunk(2).Set("nJet", new[] { 1, 1 }).Set("Jet_pt", new float[1])));
            w.WriteCluster(Good(5));
        }
        using var tree = TreeSource.Open(path, "Events");
        Assert.Equal(15, tree.Entries);
        Assert.Equal([new EntryRange(0, 10), new EntryRange(10, 5)], tree.Clusters);
    }

    [Theory]
    [InlineData("zlib")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    // LZMA goes through the same block loop; it is left out only because 20 MB take it ~20 s here.
    public void A_basket_over_16_MiB_is_compressed_in_several_blocks(string compression)
    {
        // 2.5 million doubles (20 MB) in one basket: ROOT's block limit is 16 MiB - 1 uncompressed bytes.
        const int n = 2_500_000;
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = Math.Round(Math.Sin(i * 0.001) * 100, 1);
        string path = Path.Combine(_folder, $"big-{compression}.root");
        using (var w = new TreeWriter(path, "t", [TreeBranch.Scalar("x", ColumnType.Float64)],
                   new TreeWriterOptions { Compression = RootCompression.Parse(compression), BasketSize = 24_000_000 }))
            w.WriteCluster(new TreeChunk(n).Set("x", values));

        using var tree = TreeSource.Open(path, "t");
        var basket = Assert.Single(tree.Baskets("x"));
        var blocks = BlockHeaders(path, basket.Seek);
        Assert.Equal(2, blocks.Count);
        Assert.Equal([0xFFFFFF, 8 * n - 0xFFFFFF], blocks.Select(b => b.Uncompressed));
        Assert.All(blocks, b => Assert.Equal(compression switch { "zlib" => "ZL", "lz4" => "L4", "zstd" => "ZS", _ => "XZ" }, b.Letters));
        var read = new ColumnBuffer<double>();
        tree.Column<double>("x").Read(0, n, read);
        Assert.Equal(values, read.Span.ToArray());
    }

    [Fact]
    public void Lzma_baskets_over_64_KiB_are_cut_into_single_chunk_blocks_that_jsroot_reads()
    {
        // JSROOT decodes an XZ block as one raw LZMA stream after its 29 header bytes: one LZMA2 chunk per block.
        const int n = 100_000;
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = Math.Round(Math.Cos(i * 0.01) * 50, 2);
        string path = Path.Combine(_folder, "lzma-big-basket.root");
        using (var w = new TreeWriter(path, "t", [TreeBranch.Scalar("x", ColumnType.Float64)],
                   new TreeWriterOptions { Compression = RootCompression.Lzma, BasketSize = 1_000_000 }))
            w.WriteCluster(new TreeChunk(n).Set("x", values));

        using var tree = TreeSource.Open(path, "t");
        var blocks = BlockHeaders(path, Assert.Single(tree.Baskets("x")).Seek);
        Assert.Equal((8 * n + 65535) / 65536, blocks.Count);
        Assert.All(blocks, b => Assert.Equal("XZ", b.Letters));
        var jsroot = Support.JsrootDump.Read(path, "t")["x"];
        Assert.Null(jsroot.Error);
        // jsroot-dump spells -0 (and NaN, infinities) as strings.
        Assert.Equal(values, jsroot.Values!.Select(v => v.ValueKind == System.Text.Json.JsonValueKind.String
            ? double.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : v.GetDouble()));
    }

    /// <summary>The compression block headers of the basket whose key starts at <paramref name="seek"/>.</summary>
    private static List<(string Letters, int Uncompressed)> BlockHeaders(string path, long seek)
    {
        var bytes = File.ReadAllBytes(path);
        int nbytes = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan((int)seek));
        int keyLength = BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan((int)seek + 14));
        var result = new List<(string, int)>();
        for (long at = seek + keyLength; at < seek + nbytes;)
        {
            var h = bytes.AsSpan((int)at, 9);
            int compressed = h[3] | h[4] << 8 | h[5] << 16;
            result.Add(($"{(char)h[0]}{(char)h[1]}", h[6] | h[7] << 8 | h[8] << 16));
            at += 9 + compressed;
        }
        return result;
    }
}
