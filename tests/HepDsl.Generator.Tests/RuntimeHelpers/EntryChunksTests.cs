using HepDsl.Runtime.Analysis.Generated;
using HepDsl.Runtime.Columns;

namespace HepDsl.Generator.Tests.RuntimeHelpers;

public class EntryChunksTests
{
    private static List<EntryRange> Chunks(IReadOnlyList<EntryRange> clusters, EntryRange range)
    {
        var chunks = new List<EntryRange>();
        for (var first = range.First; first < range.End;)
        {
            var n = EntryChunks.Next(clusters, range, first);
            Assert.True(n > 0);
            chunks.Add(new EntryRange(first, n));
            first += n;
        }
        return chunks;
    }

    [Fact]
    public void Chunks_stop_at_cluster_boundaries_and_cover_the_range_exactly()
    {
        EntryRange[] clusters = [new(0, 100), new(100, 100), new(200, 50)];
        var chunks = Chunks(clusters, new EntryRange(50, 180));
        Assert.Equal([new EntryRange(50, 50), new EntryRange(100, 100), new EntryRange(200, 30)], chunks);
    }

    [Fact]
    public void Large_clusters_are_cut_into_bounded_chunks()
    {
        EntryRange[] clusters = [new(0, 10_000)];
        var chunks = Chunks(clusters, new EntryRange(0, 10_000));
        Assert.Equal([new EntryRange(0, 4096), new EntryRange(4096, 4096), new EntryRange(8192, 1808)], chunks);
    }

    [Fact]
    public void Without_cluster_information_only_the_size_limit_applies()
    {
        var chunks = Chunks([], new EntryRange(7, 5000));
        Assert.Equal([new EntryRange(7, 4096), new EntryRange(4103, 904)], chunks);
    }

    [Fact]
    public void Index_list_grows_and_is_reused()
    {
        var list = new IndexList(2);
        for (var i = 0; i < 5; i++) list.Add(i * 10);
        Assert.Equal([0, 10, 20, 30, 40], list.Span.ToArray());
        Assert.True(list.Contains(30));
        list.Clear();
        Assert.Equal(0, list.Count);
        Assert.False(list.Contains(30));
        list.Add(7);
        Assert.Equal(7, list[0]);
    }
}
