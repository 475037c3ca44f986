using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Tests.Distributed;

/// <summary>
/// The driver's merge: results are folded in as they arrive, but in partition order, so weighted sums (where the
/// order of floating-point additions shows in the last bits) equal the in-order merge a local run does, for any
/// arrival order; results are held only while a partition before them is missing.
/// </summary>
public sealed class OrderedResultMergerTests
{
    private const int Partitions = 40;

    // One weighted fill per partition into one bin, weights spread over many magnitudes so the order of addition matters.
    private static ResultSet Partial(int index)
    {
        var h = new Histogram1D("w", "weighted", Axis.Regular(4, 0, 4));
        var random = new Random(1000 + index);
        h.Fill(1.5, (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-8, 17)));
        var result = new ResultSet("t", [h], new Cutflow(["cut"]), []);
        result.Cutflow.Passed[0] = 1;
        result.MarkProcessed("s3://b/f.root", new EntryRange(index * 10, 10));
        return result;
    }

    private static ResultSet Empty() => new("t", [new Histogram1D("w", "weighted", Axis.Regular(4, 0, 4))], new Cutflow(["cut"]), []);

    private static ResultSet InOrder()
    {
        var merged = Empty();
        for (int i = 0; i < Partitions; i++) merged.Merge(Partial(i));
        return merged;
    }

    [Fact]
    public void Any_arrival_order_gives_the_in_order_merge_bit_for_bit()
    {
        var expected = InOrder();
        // The test means something only if arrival-order merging would differ in the last bits.
        var reversed = Empty();
        for (int i = Partitions - 1; i >= 0; i--) reversed.Merge(Partial(i));
        Assert.NotEqual(expected.Histograms[0].SumW, reversed.Histograms[0].SumW);

        for (int seed = 0; seed < 20; seed++)
        {
            var order = Enumerable.Range(0, Partitions).ToArray();
            new Random(seed).Shuffle(order);
            var merger = new OrderedResultMerger(Empty(), Partitions);
            foreach (var i in order) Assert.True(merger.Add(i, Partial(i)));
            var merged = merger.Result();
            Assert.Equal(expected.Histograms[0].SumW, merged.Histograms[0].SumW);
            Assert.Equal(expected.Histograms[0].SumW2, merged.Histograms[0].SumW2);
            Assert.Equal(expected.Cutflow.Passed, merged.Cutflow.Passed);
            Assert.Equal(expected.Processed, merged.Processed);
        }
    }

    [Fact]
    public void Contiguous_prefixes_are_merged_and_released_as_they_complete()
    {
        var merger = new OrderedResultMerger(Empty(), 5);
        Assert.True(merger.Add(2, Partial(2)));
        Assert.Equal((0, 1), (merger.Merged, merger.Waiting));
        Assert.True(merger.Add(0, Partial(0)));
        Assert.Equal((1, 1), (merger.Merged, merger.Waiting)); // 0 folded in, 2 still waits for 1
        Assert.True(merger.Add(1, Partial(1)));
        Assert.Equal((3, 0), (merger.Merged, merger.Waiting));
        Assert.False(merger.Add(1, Partial(1))); // a duplicate's result is ignored
        Assert.True(merger.Add(4, Partial(4)));
        Assert.Equal((3, 1), (merger.Merged, merger.Waiting));
        var missing = Assert.Throws<InvalidOperationException>(merger.Result);
        Assert.Contains("1 of 5 partition result(s) never arrived: 3", missing.Message);
        Assert.True(merger.Add(3, Partial(3)));
        Assert.Equal((5, 0, 1), (merger.Merged, merger.Waiting, merger.MaxWaiting)); // 2, then 4, held; results folded at once never are
        Assert.Equal(50, merger.Result().EntriesProcessed);
    }

    [Fact]
    public void Results_held_beyond_the_memory_budget_spill_to_disk_and_merge_bit_for_bit()
    {
        var expected = InOrder();
        var order = Enumerable.Range(0, Partitions).Reverse().ToArray(); // the worst case: every result waits for partition 0
        long oneResult = ResultSetSerializer.Serialize(Partial(1)).Length;
        using var merger = new OrderedResultMerger(Empty(), Partitions, memoryBudgetBytes: 3 * oneResult);
        foreach (var i in order) Assert.True(merger.Add(i, Partial(i), i % 2 == 0 ? ResultSetSerializer.Serialize(Partial(i)) : null));
        var merged = merger.Result();
        Assert.Equal(Partitions - 1, merger.MaxWaiting);
        Assert.Equal(Partitions - 1 - 3, merger.Spilled); // three held in memory, the rest on disk
        Assert.Equal(3 * oneResult, merger.MaxHeldBytes);
        Assert.Equal(expected.Histograms[0].SumW, merged.Histograms[0].SumW);
        Assert.Equal(expected.Histograms[0].SumW2, merged.Histograms[0].SumW2);
        Assert.Equal(expected.Cutflow.Passed, merged.Cutflow.Passed);
        Assert.Equal(expected.Processed, merged.Processed);
    }
}
