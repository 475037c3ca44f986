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

    [Fact]
    public async Task Q1_and_q2_equal_plain_loops_over_the_import()
    {
        using var source = NTupleSource.Open(TestData.NanoAodRNTuple, "Events");
        int n = (int)source.Entries;
        var met = new ColumnBuffer<float>();
        source.Column<float>("MET_pt").Read(0, n, met);
        var jets = new ColumnBuffer<float>();
        source.Column<float>("Jet_pt").Read(0, n, jets);
        var nJet = new ColumnBuffer<uint>();
        source.Column<uint>("nJet").Read(0, n, nJet);
        Assert.Equal(nJet.Span.ToArray().Select(v => (int)v), Enumerable.Range(0, n).Select(i => jets.Entry(i).Length));

        var q1 = Single(await LocalExecutor.RunAsync(Samples.Compile("q1").Create(), [TestData.NanoAodRNTuple], new LocalRunOptions { Partitions = 3 }));
        Assert.Equal(Bins(met.Span.ToArray(), 100, 0, 200), q1.SumW);
        var q2 = Single(await LocalExecutor.RunAsync(Samples.Compile("q2").Create(), [TestData.NanoAodRNTuple], new LocalRunOptions { Partitions = 3 }));
        Assert.Equal(Bins(jets.Span.ToArray(), 100, 15, 60), q2.SumW);
        Assert.Equal(jets.Count, q2.Entries);
    }

    private static Histogram1D Single(RunOutcome run) => Assert.Single(run.Result.Histograms.OfType<Histogram1D>());

    /// <summary>Under- and overflow at 0 and bins+1, as ROOT counts.</summary>
    private static double[] Bins(float[] values, int bins, double low, double high)
    {
        var counts = new double[bins + 2];
        foreach (var v in values)
        {
            int bin = v < low ? 0 : v >= high ? bins + 1 : 1 + (int)((v - low) * bins / (high - low));
            counts[Math.Min(bin, bins + 1)]++;
        }
        return counts;
    }
}
