using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.RNTuple;

namespace HepDsl.Execution.Tests.Compiler;

/// <summary>The ADL samples, unchanged, on the NanoAOD RNTuple import (uint32 counters, NanoAOD-typed fields).</summary>
public class AdlOnRNTupleTests
{
    public static TheoryData<string> Queries => ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Every_adl_sample_runs_on_the_import_with_the_same_result_for_any_partitioning(string query)
    {
        var analysis = Samples.Compile(query).Create();
        var baseline = await LocalExecutor.RunAsync(analysis, [TestData.NanoAodRNTuple], new LocalRunOptions { Partitions = 1, Workers = 1 });
        Assert.Equal(10, baseline.Entries);
        Assert.Equal(10, baseline.Result.Cutflow.Passed[0]);
        foreach (var partitions in new[] { 2, 7, 64 })
        {
            var run = await LocalExecutor.RunAsync(analysis, [TestData.NanoAodRNTuple], new LocalRunOptions { Partitions = partitions, Workers = 2 });
            ResultAssert.Same(baseline.Result, run.Result, $"{query} on the RNTuple import in {partitions} partitions");
        }
    }

    private static readonly Lazy<AdlImportPlainLoops> s_loops = new(() => new AdlImportPlainLoops(TestData.NanoAodRNTuple));

    /// <summary>
    /// Every histogram of every ADL sample equals a plain loop over the import's fields (AdlImportPlainLoops): the
    /// counts per bin, the number of fills, the in-range sum of the filled values, and the events passing each cut.
    /// </summary>
    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Every_adl_sample_equals_a_plain_loop_over_the_import(string query)
    {
        var (expected, passed) = s_loops.Value.Run(query);
        var run = await LocalExecutor.RunAsync(Samples.Compile(query).Create(), [TestData.NanoAodRNTuple], new LocalRunOptions { Partitions = 3, Workers = 2 });
        Assert.Equal(passed, run.Result.Cutflow.Passed);
        var histograms = run.Result.Histograms.OfType<Histogram1D>().ToList();
        Assert.Equal(expected.Select(h => h.Name), histograms.Select(h => h.Name));
        foreach (var (loop, h) in expected.Zip(histograms))
        {
            Assert.Equal((loop.Bins, loop.Low, loop.High), (h.X.Bins, h.X.Low, h.X.High));
            Assert.Equal(AdlImportPlainLoops.Bins(loop), h.SumW);
            Assert.Equal(loop.Values.Count, h.Entries);
            double inRange = loop.Values.Where(v => v >= loop.Low && v < loop.High).Sum();
            Assert.Equal(inRange, h.StatSumWX, 1e-9 * Math.Max(1, Math.Abs(inRange)));
        }
        // A query that fills nothing would compare empty with empty. Each fills something on these 10 events but Q5,
        // whose cut no event passes: then at least the loop must have had muon pairs to reject.
        if (query == "q5") Assert.True(s_loops.Value.OppositeChargeMuonPairs() > 0);
        else Assert.Contains(expected, h => h.Values.Count > 0);
    }
}
