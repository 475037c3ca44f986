using System.Text;
using HepDsl.Compiler;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Execution.Tests.Compiler;

/// <summary>
/// Long operator chains and nesting at the limit go through the real generator and Roslyn (issue 11): the generated
/// C# compiles (no CS8078 "too long or complex", no compiler crash) and computes what the short forms compute.
/// </summary>
public class DeepExpressionTests
{
    private const int Max = HepDsl.Parser.Syntax.Nesting.MaxDepth;

    [Fact]
    public async Task A_15000_term_sum_and_a_10000_term_and_chain_compile_and_give_the_short_forms_results()
    {
        // E1 - E1 + E1 - E1 ... + E1: every partial result is 0 or E1 exactly, so the value is E1 to the bit.
        var sum = new StringBuilder("E1");
        for (var i = 0; i < 7500; i++) sum.Append(" - E1 + E1");
        var and = string.Join(" and ", Enumerable.Range(1, 10000).Select(i => $"pt1 > -{i}"));
        var deep = new string('(', Max - 1) + "E1" + new string(')', Max - 1);
        var nested = string.Concat(Enumerable.Repeat("abs(", Max - 2)) + "E1" + new string(')', Max - 2);
        var text = $"""
            analysis deep
            tree events
            branch float64 E1, pt1
            branch int32 Q1, Q2
            sum plain: E1
            sum chained: {sum}
            sum bracketed: {deep}
            sum nested: {nested}
            sum opposite: abs(Q1 - Q2) / 2
            cut "long": {and} and Q1 != Q2
            count passed
            """;
        var dir = Directory.CreateTempSubdirectory("hep-deep-").FullName;
        var path = Path.Combine(dir, "deep.hep");
        File.WriteAllText(path, text);

        var compiled = new AnalysisCompiler(new AnalysisCache(Path.Combine(dir, "cache"))).CompileFile(path);
        var run = await LocalExecutor.RunAsync(compiled.Create(), [TestData.Zmumu], new LocalRunOptions { Workers = 1 });
        var a = run.Result.Aggregates.ToDictionary(x => x.Name);
        Assert.True(a["plain"].Entries > 1000);
        Assert.Equal(a["plain"].Value, a["chained"].Value);
        Assert.Equal(a["plain"].Value, a["bracketed"].Value);
        Assert.Equal(a["plain"].Value, a["nested"].Value); // E1 is an energy: never negative
        Assert.Equal(a["opposite"].Value, a["passed"].Value);
        Assert.Equal((long)a["opposite"].Value, run.Result.Cutflow.Passed[^1]);
    }
}
