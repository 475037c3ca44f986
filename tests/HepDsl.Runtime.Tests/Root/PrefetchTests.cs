using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

public class PrefetchTests
{
    [Fact]
    public void OpeningAFileTakesFewRequests()
    {
        string path = TestFiles.Path("nanoAOD_2015_CMS_Open_Data_ttbar.root");
        var source = new MemorySource(File.ReadAllBytes(path), path);
        using var file = RootFile.Open(source);
        Assert.Equal(2, source.ReadCalls); // the head of the file (header and top directory), the key list
        using var tree = file.OpenTree("Events");
        Assert.Equal(3, source.ReadCalls); // the TTree record, embedded baskets and all
        Assert.Equal(0, source.ReadManyCalls);
    }

    [Fact]
    public void PrefetchFetchesAClusterInOneRequestAndReadsUseIt()
    {
        string path = TestFiles.Path("uproot-small-dy-withoffsets.root");
        var source = new MemorySource(File.ReadAllBytes(path), path);
        using var file = RootFile.Open(source);
        using var tree = file.OpenTree("tree");
        var jagged = tree.Columns.First(c => c.Shape == ColumnShape.Jagged && c.Type == ColumnType.Float32);
        var cluster = tree.Clusters[1];
        int readsBefore = source.ReadCalls;

        tree.Prefetch([jagged.Name], cluster.First, cluster.Count);
        Assert.Equal(1, source.ReadManyCalls);
        Assert.NotEmpty(source.ReadManyRanges);
        // The column's baskets in that cluster, and its counter's (used when baskets store no entry offsets).
        var expectedBaskets = tree.Baskets(jagged.Name).Concat(tree.Baskets(jagged.CounterBranch!))
            .Where(b => b.FirstEntry < cluster.End && b.EndEntry > cluster.First)
            .Select(b => (b.Seek, b.Bytes));
        Assert.Equal(expectedBaskets.Order(), source.ReadManyRanges.Select(r => (r.Offset, r.Length)).Order());

        var buffer = new ColumnBuffer<float>();
        tree.Column<float>(jagged.Name).Read(cluster.First, (int)cluster.Count, buffer);
        Assert.Equal(readsBefore, source.ReadCalls);
        Assert.Equal((int)cluster.Count, buffer.Entries);
        Assert.True(tree.BytesRead > 0);

        // An event loop prefetches once per chunk: chunks of the same cluster fetch nothing more.
        tree.Prefetch([jagged.Name], cluster.First, 10);
        tree.Prefetch([jagged.Name], cluster.First + 10, 10);
        Assert.Equal(1, source.ReadManyCalls);
        // The next cluster is fetched in one more request.
        var next = tree.Clusters[2];
        tree.Prefetch([jagged.Name], next.First, next.Count);
        Assert.Equal(2, source.ReadManyCalls);
        tree.Column<float>(jagged.Name).Read(next.First, (int)next.Count, buffer);
        Assert.Equal(readsBefore, source.ReadCalls);

        // The same read without prefetch gives the same values.
        tree.Column<float>(jagged.Name).Read(cluster.First, (int)cluster.Count, buffer);
        using var plain = file.OpenTree("tree");
        var expected = new ColumnBuffer<float>();
        plain.Column<float>(jagged.Name).Read(cluster.First, (int)cluster.Count, expected);
        Assert.Equal(expected.Span.ToArray(), buffer.Span.ToArray());
        Assert.Equal(expected.Offsets.AsSpan(0, expected.Entries + 1).ToArray(), buffer.Offsets.AsSpan(0, buffer.Entries + 1).ToArray());
    }
}

public class EmbeddedBasketTests
{
    [Fact]
    public void BasketsKeptInTheTreeRecordAreDescribedAndCountedAsRead()
    {
        // The NanoAOD sample was closed without flushing: every basket lives in the TTree record, none on disk.
        string path = TestFiles.Path("nanoAOD_2015_CMS_Open_Data_ttbar.root");
        using var file = RootFile.Open(new MemorySource(File.ReadAllBytes(path), path));
        using var tree = file.OpenTree("Events");
        var jetPt = tree.Branches.Single(b => b.Name == "Jet_pt");
        Assert.Equal(0, jetPt.CompressedBytes);
        Assert.True(jetPt.EmbeddedBytes > 0);

        Assert.Equal(0, tree.BytesRead);
        var buffer = new ColumnBuffer<float>();
        tree.Column<float>("Jet_pt").Read(0, (int)tree.Entries, buffer);
        Assert.True(tree.BytesRead >= jetPt.EmbeddedBytes, $"{tree.BytesRead} bytes counted, the basket holds {jetPt.EmbeddedBytes}");
    }
}
