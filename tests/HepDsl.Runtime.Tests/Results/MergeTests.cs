using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Tests.Results;

public class MergeTests
{
    private const int Total = 6000;

    /// <summary>Splits [0, Total) into <paramref name="parts"/> random contiguous ranges and fills each separately.</summary>
    private static List<ResultSet> Partials(int parts, bool weighted, int seed)
    {
        var rng = new Random(seed);
        var cuts = Enumerable.Range(0, parts - 1).Select(_ => (long)rng.Next(1, Total)).Distinct().Order().ToList();
        var bounds = new List<long> { 0 };
        bounds.AddRange(cuts);
        bounds.Add(Total);
        return bounds.Zip(bounds.Skip(1)).Select(b => SampleResults.Fill(b.First, b.Second - b.First, weighted)).ToList();
    }

    private static ResultSet MergeInOrder(IEnumerable<ResultSet> parts)
    {
        var merged = SampleResults.Book();
        foreach (var p in parts) merged.Merge(p);
        return merged;
    }

    /// <summary>Pairwise tree reduction, as a merger that combines results as they arrive would do.</summary>
    private static ResultSet MergeAsTree(IReadOnlyList<ResultSet> parts)
    {
        var level = parts.ToList();
        while (level.Count > 1)
        {
            var next = new List<ResultSet>();
            for (var i = 0; i < level.Count; i += 2)
            {
                if (i + 1 < level.Count) level[i].Merge(level[i + 1]);
                next.Add(level[i]);
            }
            level = next;
        }
        return level[0];
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 4)]
    [InlineData(32, 5)]
    public void UnweightedBinsAndCountsAreIdenticalForAnyWorkerCountGroupingAndOrder(int workers, int seed)
    {
        var whole = SampleResults.Fill(0, Total, weighted: false);
        var inOrder = MergeInOrder(Partials(workers, false, seed));
        var shuffled = Partials(workers, false, seed);
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
        var tree = MergeAsTree(shuffled);
        foreach (var merged in new[] { inOrder, tree })
        {
            // Counts and integer-valued sums: bit for bit.
            for (var i = 0; i < whole.Histograms.Count; i++)
            {
                Assert.Equal(whole.Histograms[i].SumW, merged.Histograms[i].SumW);
                Assert.Equal(whole.Histograms[i].SumW2, merged.Histograms[i].SumW2);
                Assert.Equal(whole.Histograms[i].Entries, merged.Histograms[i].Entries);
                Assert.False(merged.Histograms[i].IsWeighted);
            }
            Assert.Equal(whole.Cutflow.Passed, merged.Cutflow.Passed);
            Assert.Equal(whole.Cutflow.SumW, merged.Cutflow.SumW);
            Assert.Equal(whole.Aggregate("n_muons").SumW, merged.Aggregate("n_muons").SumW);
            // Moments of x are non-integer sums: equal to rounding.
            ResultAssert.Equal(whole, merged, relativeTolerance: 1e-12);
            Assert.Equal(Total, merged.EntriesProcessed);
        }
    }

    [Theory]
    [InlineData(2, 11)]
    [InlineData(5, 12)]
    [InlineData(19, 13)]
    public void WeightedSumsAgreeToRounding(int workers, int seed)
    {
        var whole = SampleResults.Fill(0, Total, weighted: true);
        var shuffled = Partials(workers, true, seed);
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
        var merged = MergeAsTree(shuffled);
        ResultAssert.Equal(whole, merged, relativeTolerance: 1e-12);
        Assert.Equal(whole.Cutflow.Passed, merged.Cutflow.Passed);
        Assert.True(merged.Histograms.All(h => h.IsWeighted));
    }

    [Fact]
    public void MergingWeightedIntoUnweightedGivesWeightedStorage()
    {
        var a = SampleResults.Fill(0, 100, weighted: false);
        a.Merge(SampleResults.Fill(100, 100, weighted: true));
        Assert.True(a.Histogram("mass").IsWeighted);
    }

    public static TheoryData<string, Func<ResultSet>> Incompatible => new()
    {
        { "'other' into 'sample'", () => new ResultSet("other", SampleResults.Book().Histograms, SampleResults.Book().Cutflow, SampleResults.Book().Aggregates) },
        { "different bookings", () => new ResultSet(SampleResults.Analysis, SampleResults.Book().Histograms.Take(3), SampleResults.Book().Cutflow, SampleResults.Book().Aggregates) },
        { "different x axis", () => Replace(0, new Histogram1D("mass", "Dimuon mass", Axis.Regular(40, 60, 121, "m"))) },
        { "different names", () => Replace(0, new Histogram1D("massX", "Dimuon mass", Axis.Regular(40, 60, 120, "m"))) },
        { "2D histogram 'mass' into 1D", () => Replace(0, new Histogram2D("mass", "", Axis.Regular(40, 60, 120), Axis.Regular(1, 0, 1))) },
        { "different axes", () => Replace(2, new Histogram2D("eta_phi", "", Axis.Regular(10, -2.5, 2.5), Axis.Variable([-3.2, -1.5, 0, 0.6, 1.5, 3.2]))) },
        { "different cuts", () => new ResultSet(SampleResults.Analysis, SampleResults.Book().Histograms, new Cutflow(["two muons"]), SampleResults.Book().Aggregates) },
        { "(Sum) into 'mean_pt' (Mean)", () => new ResultSet(SampleResults.Analysis, SampleResults.Book().Histograms, SampleResults.Book().Cutflow,
            [new Aggregate("n_muons", AggregateKind.Count), new Aggregate("sum_ht", AggregateKind.Sum), new Aggregate("mean_pt", AggregateKind.Sum)]) },
    };

    private static ResultSet Replace(int index, Histogram replacement)
    {
        var book = SampleResults.Book();
        var histograms = book.Histograms.ToList();
        histograms[index] = replacement;
        return new ResultSet(book.Analysis, histograms, book.Cutflow, book.Aggregates);
    }

    [Theory]
    [MemberData(nameof(Incompatible))]
    public void IncompatibleResultsAreRefusedAndLeaveTheTargetUnchanged(string reason, Func<ResultSet> other)
    {
        var target = SampleResults.Fill(0, 500, weighted: true);
        var before = ResultSetSerializer.Serialize(target);
        var e = Assert.Throws<InvalidOperationException>(() => target.Merge(other()));
        Assert.Contains(reason, e.Message);
        Assert.Equal(before, ResultSetSerializer.Serialize(target));
    }

    [Fact]
    public void AResultCannotBeMergedIntoItself()
    {
        var r = SampleResults.Fill(0, 10, weighted: false);
        Assert.Contains("themselves", Assert.Throws<InvalidOperationException>(() => r.Merge(r)).Message);
    }
}
