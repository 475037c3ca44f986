using HepDsl.Compiler;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Trees;

namespace HepDsl.Execution.Tests.Compiler;

/// <summary>A static C# method in ANALYSIS.cs beside ANALYSIS.hep, called from the .hep at hep run time.</summary>
public class UserFunctionTests
{
    private const string Hep = "analysis userfn\ntree Events\nuse nanoaod\nfunction float64 scaled(float64 pt, int32 n) = Physics.Helpers.Scaled\n" +
        "let jets = Jet with pt > 25\ncut \"two jets\": count(jets) >= 2\nhistogram s: scaled(jets[0].pt, count(jets)), 20 bins from 0 to 400\n";

    private static string Write(string cs)
    {
        var dir = Directory.CreateTempSubdirectory("hep-userfn-").FullName;
        File.WriteAllText(Path.Combine(dir, "jets.hep"), Hep);
        File.WriteAllText(Path.Combine(dir, "jets.cs"), "namespace Physics;\npublic static class Helpers\n{\n    " + cs + "\n}\n");
        return Path.Combine(dir, "jets.hep");
    }

    private static AnalysisCompiler Compiler() => new(new AnalysisCache(Directory.CreateTempSubdirectory("hep-userfn-cache-").FullName));

    [Fact]
    public async Task The_method_runs_and_matches_a_plain_loop()
    {
        var analysis = Compiler().CompileFile(Write("public static double Scaled(double pt, int n) => pt * (1 + 0.1 * n);")).Create();
        var run = await LocalExecutor.RunAsync(analysis, [TestData.NanoAod], new LocalRunOptions { Partitions = 7, Workers = 2 });

        var axis = Axis.Regular(20, 0, 400);
        var expected = new double[22];
        using var tree = TreeSource.Open(TestData.NanoAod, "Events");
        var pt = new ColumnBuffer<float>();
        tree.Column<float>("Jet_pt").Read(0, (int)tree.Entries, pt);
        for (var e = 0; e < pt.Entries; e++)
        {
            var jets = pt.Entry(e).ToArray().Where(p => p > 25).ToList();
            if (jets.Count >= 2) expected[axis.Index(jets[0] * (1 + 0.1 * jets.Count))] += 1;
        }
        Assert.True(expected.Sum() > 10);
        Assert.Equal(expected, run.Result.Histogram("s").SumW);
    }

    [Fact]
    public void A_method_that_does_not_match_the_declaration_is_an_error_at_the_hep_line()
    {
        var e = Assert.Throws<AnalysisCompileException>(() => Compiler().CompileFile(Write("public static double Scaled(float pt, int n) => pt * n;")));
        var d = Assert.Single(e.Diagnostics, x => x.IsError);
        Assert.Equal(("jets.hep", 7, "CS1503"), (Path.GetFileName(d.File), d.Line, d.Id));
    }

    [Fact]
    public void An_error_in_the_csharp_file_is_reported_in_it()
    {
        var e = Assert.Throws<AnalysisCompileException>(() => Compiler().CompileFile(Write("public static double Scaled(double pt, int n) => nosuch * n;")));
        var d = Assert.Single(e.Diagnostics, x => x.IsError);
        Assert.Equal(("jets.cs", 4, "CS0103"), (Path.GetFileName(d.File), d.Line, d.Id));
    }
}
