using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>Reading in chunks (crossing basket boundaries anywhere) gives exactly what one whole read gives.</summary>
public class ChunkingTests
{
    public static TheoryData<string, string> Trees() => new()
    {
        { "uproot-foriter.root", "foriter" },
        { "uproot-small-dy-withoffsets.root", "tree" },
        { "uproot-small-dy-nooffsets.root", "tree" },
        { "uproot-sample-6.20.04-zlib.root", "sample" },
        { "uproot-sample-5.23.02-zlib.root", "sample" },
        { "uproot-HZZ-lz4.root", "events" },
        { "nanoAOD_2015_CMS_Open_Data_ttbar.root", "Events" },
    };

    [Theory]
    [MemberData(nameof(Trees))]
    public void ChunkedReadsEqualWholeReads(string file, string treeName)
    {
        using var tree = TreeSource.Open(TestFiles.Path(file), treeName);
        foreach (var column in tree.Columns.Where(c => c.Type != ColumnType.String).Take(80))
        {
            var (whole, wholeOffsets) = TreeComparison.ReadAll(tree, column.Name);
            foreach (int chunk in new[] { 1, 7, 64 })
            {
                var values = new List<double>();
                var offsets = new List<int> { 0 };
                for (long first = 0; first < tree.Entries; first += chunk)
                {
                    int n = (int)Math.Min(chunk, tree.Entries - first);
                    var v = new List<double>();
                    var o = new List<int>();
                    tree.ReadAsDoubles(column.Name, first, n, v, o);
                    int baseCount = values.Count;
                    values.AddRange(v);
                    for (int i = 1; i < o.Count; i++) offsets.Add(baseCount + o[i]);
                }
                Assert.True(whole.SequenceEqual(values), $"{file}:{column.Name} in chunks of {chunk}");
                Assert.Equal(wholeOffsets, offsets);
            }
        }
    }

    [Fact]
    public void OneReaderReusesItsBuffersAcrossBaskets()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-foriter.root"), "foriter");
        var column = tree.Columns.Single();
        Assert.True(tree.Baskets(column.Name).Count > 5);
        var reader = tree.Column<int>(column.Name);
        Assert.Same(reader, tree.Column<int>(column.Name));
        var buffer = new ColumnBuffer<int>();
        var seen = new List<int>();
        for (long first = 0; first < tree.Entries; first += 5)
        {
            int n = (int)Math.Min(5, tree.Entries - first);
            reader.Read(first, n, buffer);
            Assert.Equal(n, buffer.Entries);
            seen.AddRange(buffer.Span.ToArray());
        }
        Assert.Equal(Enumerable.Range(0, 46), seen);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void ClustersCoverAllEntriesAndStartBaskets(string file, string treeName)
    {
        using var tree = TreeSource.Open(TestFiles.Path(file), treeName);
        long next = 0;
        foreach (var cluster in tree.Clusters)
        {
            Assert.Equal(next, cluster.First);
            Assert.True(cluster.Count > 0);
            foreach (var column in tree.Columns)
                Assert.Contains(tree.Baskets(column.Name), b => b.FirstEntry == cluster.First);
            next = cluster.End;
        }
        Assert.Equal(tree.Entries, next);
    }

    [Fact]
    public void SmallDyClustersFollowAutoFlush()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-small-dy-withoffsets.root"), "tree");
        Assert.Equal([new EntryRange(0, 200), new EntryRange(200, 200), new EntryRange(400, 101)], tree.Clusters);
    }
}
