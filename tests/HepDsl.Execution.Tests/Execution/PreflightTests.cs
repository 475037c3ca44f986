using HepDsl.Execution.Tests.HandWritten;
using HepDsl.Tests.HandWritten;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Trees;

namespace HepDsl.Execution.Tests.Execution;

public class PreflightTests
{
    /// <summary>A real analysis whose declared branches are replaced, as a .hep file with a wrong declaration would be.</summary>
    private sealed class Declaring(IAnalysis inner, params BranchRequirement[] branches) : IAnalysis
    {
        public AnalysisInfo Info => inner.Info with { Branches = branches };
        public ResultSet CreateResult() => inner.CreateResult();
        public IEventProcessor CreateProcessor() => throw new InvalidOperationException("preflight must stop the run before any processor is made");
    }

    private static string Problems(params BranchRequirement[] branches)
    {
        using var source = TreeSource.Open(TestData.NanoAod, "Events");
        var e = Assert.Throws<PreflightException>(() => Preflight.Check(new Declaring(new Q5Analysis(), branches).Info, source));
        return e.Message;
    }

    [Fact]
    public void Declared_branches_that_exist_pass()
    {
        using var source = TreeSource.Open(TestData.NanoAod, "Events");
        Assert.Empty(Preflight.Problems(new Q5Analysis().Info, source));
    }

    [Fact]
    public void Wrong_type_names_file_branch_actual_and_declared()
    {
        var message = Problems(new BranchRequirement("Muon_charge", ColumnType.Float32, ColumnShape.Jagged));
        Assert.Contains("nanoAOD_2015_CMS_Open_Data_ttbar.root", message);
        Assert.Contains("'Muon_charge' is a jagged array of Int32", message);
        Assert.Contains("declares a jagged array of Float32", message);
    }

    [Fact]
    public void Missing_branch_suggests_close_names()
    {
        var message = Problems(new BranchRequirement("Muon_ptt", ColumnType.Float32, ColumnShape.Jagged));
        Assert.Contains("no branch 'Muon_ptt'", message);
        Assert.Contains("did you mean 'Muon_pt'", message);
    }

    [Fact]
    public void Wrong_shape_is_reported()
    {
        var message = Problems(new BranchRequirement("MET_pt", ColumnType.Float32, ColumnShape.Jagged));
        Assert.Contains("'MET_pt' is a scalar Float32", message);
        Assert.Contains("declares a jagged array of Float32", message);
    }

    [Fact]
    public async Task Every_problem_of_every_input_in_one_message_before_any_event_is_read()
    {
        var dir = Directory.CreateTempSubdirectory("hep-exec-").FullName;
        var second = Path.Combine(dir, "second.root");
        File.Copy(TestData.NanoAod, second);
        var analysis = new Declaring(new Q5Analysis(),
            new BranchRequirement("MET_pt", ColumnType.Float64, ColumnShape.Scalar),
            new BranchRequirement("Muon_ptt", ColumnType.Float32, ColumnShape.Jagged),
            new BranchRequirement("Jet_pt", ColumnType.Float32, ColumnShape.Jagged));
        var e = await Assert.ThrowsAsync<PreflightException>(() =>
            LocalExecutor.RunAsync(analysis, [TestData.NanoAod, second], new LocalRunOptions { Workers = 2 }));
        Assert.Contains("no event was read", e.Message);
        var lines = e.Message.Split('\n').Skip(1).ToList();
        Assert.Equal(4, lines.Count); // two problems in each of two files
        Assert.Equal(2, lines.Count(l => l.Contains("second.root")));
    }
}
