using HepDsl.Tests.HandWritten;
using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Generator.Tests.RealData;

/// <summary>The hand-written target shape runs through the real TTree reader on the CMS NanoAOD sample.</summary>
public class HandWrittenOnNanoAodTests
{
    [Theory]
    [InlineData(typeof(Q1Analysis))]
    [InlineData(typeof(Q5Analysis))]
    [InlineData(typeof(Q6Analysis))]
    public void Runs_on_NanoAOD_and_covers_every_entry(Type analysisType)
    {
        using var file = RootFile.Open(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"));
        using var tree = file.OpenTree("Events");
        var analysis = (IAnalysis)Activator.CreateInstance(analysisType)!;
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(tree, new EntryRange(0, tree.Entries), result);

        Assert.Equal(200, result.EntriesProcessed);
        Assert.Equal(200, result.Cutflow.Passed[0]);
        // Each of these fills its first histogram once per event passing the last cut.
        Assert.Equal(result.Cutflow.Passed[^1], result.Histograms[0].Entries);
        Assert.Equal(0, AllocationChecks.ExtraBytesOnceWarm(analysis, tree));
    }
}
