using HepDsl.Execution.Tests.HandWritten;
using HepDsl.Tests.HandWritten;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Execution.Tests.Execution;

/// <summary>
/// The hand-written reference loops, run by the parallel executor, agree bin by bin with JSROOT's independent
/// computation; the compiled samples are then held to the same comparison (CompiledAdlTests).
/// </summary>
public class HandWrittenVsJsrootTests
{
    [Theory]
    [InlineData("q1")]
    [InlineData("q5")]
    public async Task Histogram_matches_jsroot_bin_by_bin(string query)
    {
        IAnalysis analysis = query == "q1" ? new Q1Analysis() : new Q5Analysis();
        var run = await LocalExecutor.RunAsync(analysis, [TestData.NanoAod], new LocalRunOptions { Partitions = 7, Workers = 2 });
        var h = (Histogram1D)run.Result.Histograms.Single();
        var js = JsrootAdl.Run(TestData.NanoAod, query, h.X);
        Assert.Equal(run.Entries, js.Entries);
        Assert.Equal(js.Fills, h.Entries);
        Assert.Equal(js.Passed, run.Result.Cutflow.Passed[^1]);
        Assert.Equal(js.Bins, h.SumW);
    }
}
