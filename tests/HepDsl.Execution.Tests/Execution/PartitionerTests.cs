using System.Text.Json;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;

namespace HepDsl.Execution.Tests.Execution;

public class PartitionerTests
{
    private static InputShape Input(string name, params long[] clusterSizes)
    {
        var clusters = new List<EntryRange>();
        long first = 0;
        foreach (var size in clusterSizes)
        {
            clusters.Add(new EntryRange(first, size));
            first += size;
        }
        return new InputShape(name, "Events", first, clusters);
    }

    private static void AssertTiles(IReadOnlyList<InputShape> inputs, IReadOnlyList<Partition> plan)
    {
        for (int i = 0; i < plan.Count; i++) Assert.Equal(i, plan[i].Index);
        foreach (var input in inputs)
        {
            long next = 0;
            foreach (var p in plan.Where(p => p.Location == input.Location))
            {
                Assert.Equal(next, p.FirstEntry);
                Assert.True(p.EntryCount > 0);
                next = p.Range.End;
            }
            Assert.Equal(input.Entries, next);
        }
    }

    [Fact]
    public void Many_clusters_are_grouped_along_cluster_boundaries()
    {
        var input = Input("a.root", 100, 100, 100, 100, 100, 100, 100, 100, 100, 100);
        var plan = Partitioner.Plan([input], PartitionTarget.Partitions(3));
        Assert.Equal(3, plan.Count);
        AssertTiles([input], plan);
        var boundaries = input.Clusters.Select(c => c.First).ToHashSet();
        Assert.All(plan, p => Assert.Contains(p.FirstEntry, boundaries));
        Assert.Equal([0L, 300, 700], plan.Select(p => p.FirstEntry)); // nearest cluster ends to 333 and 667
    }

    [Fact]
    public void Fewer_clusters_than_partitions_split_at_entry_boundaries()
    {
        var input = Input("a.root", 150, 50);
        var plan = Partitioner.Plan([input], PartitionTarget.Partitions(8));
        Assert.Equal(8, plan.Count);
        AssertTiles([input], plan);
        // No piece straddles the cluster boundary at 150.
        Assert.All(plan, p => Assert.True(p.Range.End <= 150 || p.FirstEntry >= 150));
        Assert.Equal(6, plan.Count(p => p.Range.End <= 150));
    }

    [Fact]
    public void More_partitions_than_entries_gives_one_entry_each()
    {
        var input = Input("a.root", 5);
        var plan = Partitioner.Plan([input], PartitionTarget.Partitions(64));
        Assert.Equal(5, plan.Count);
        AssertTiles([input], plan);
    }

    [Fact]
    public void Several_inputs_share_partitions_by_size_and_empty_inputs_get_none()
    {
        var inputs = new[] { Input("a.root", 1000), Input("empty.root"), Input("b.root", 100, 100, 100) };
        var plan = Partitioner.Plan(inputs, PartitionTarget.Partitions(13));
        Assert.Equal(13, plan.Count);
        AssertTiles(inputs, plan);
        Assert.DoesNotContain(plan, p => p.Location == "empty.root");
        Assert.Equal(10, plan.Count(p => p.Location == "a.root"));
        // Fewer partitions than inputs: still one per input, never one spanning two files.
        var few = Partitioner.Plan(inputs, PartitionTarget.Partitions(1));
        Assert.Equal(2, few.Count);
        AssertTiles(inputs, few);
    }

    [Fact]
    public void Entries_per_partition_target()
    {
        var input = Input("a.root", 1000, 1000, 1000, 1000, 1000);
        var plan = Partitioner.Plan([input], PartitionTarget.EntriesEach(2000));
        Assert.Equal(3, plan.Count);
        AssertTiles([input], plan);
    }

    [Fact]
    public void Broken_cluster_list_is_treated_as_one_cluster()
    {
        var input = new InputShape("a.root", "t", 100, [new EntryRange(0, 40)]); // does not reach the end
        var plan = Partitioner.Plan([input], PartitionTarget.Partitions(4));
        Assert.Equal(4, plan.Count);
        AssertTiles([input], plan);
    }

    [Fact]
    public void Partition_round_trips_through_json()
    {
        var p = new Partition(7, "s3://bucket/file.root", "Events", 4096, 1000);
        var json = JsonSerializer.Serialize(p);
        Assert.DoesNotContain("Range", json);
        Assert.Equal(p, JsonSerializer.Deserialize<Partition>(json));
    }
}
