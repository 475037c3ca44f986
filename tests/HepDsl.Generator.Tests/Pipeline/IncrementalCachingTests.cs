using HepDsl.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static HepDsl.Generator.HepAnalysisGenerator;

namespace HepDsl.Generator.Tests.Pipeline;

/// <summary>The generator must not re-parse or re-emit .hep files when only C# code changes (every keystroke in an IDE).</summary>
public class IncrementalCachingTests
{
    private static AdditionalText Sample(string name) =>
        new InMemoryAdditionalText(Path.Combine(RepoPaths.AdlSamples, name), File.ReadAllText(Path.Combine(RepoPaths.AdlSamples, name)));

    private static IReadOnlyList<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step]
            .SelectMany(s => s.Outputs)
            .Select(o => o.Reason)
            .ToList();

    [Fact]
    public void Editing_unrelated_csharp_reuses_parse_and_emit_results()
    {
        var compilation = GeneratorHarness.EmptyCompilation("Cache", "namespace User { public class A { } }");
        var driver = GeneratorHarness.Driver([Sample("q1.hep"), Sample("q5.hep")], trackSteps: true);
        driver = driver.RunGenerators(compilation);
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("namespace User { public class A { public int Changed; } }", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(edited);

        foreach (var step in new[] { StepNames.Files, StepNames.FileSet, StepNames.Inputs, StepNames.Parse, StepNames.Emit })
        {
            var reasons = Reasons(driver, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);
    }

    [Fact]
    public void Editing_one_hep_file_re_emits_only_that_analysis()
    {
        var q1 = Sample("q1.hep");
        var q5 = Sample("q5.hep");
        var compilation = GeneratorHarness.EmptyCompilation("Cache2");
        var driver = GeneratorHarness.Driver([q1, q5], trackSteps: true).RunGenerators(compilation);

        var q1Edited = new InMemoryAdditionalText(q1.Path, q1.GetText()!.ToString() + "\n# an edited comment\n");
        driver = driver.ReplaceAdditionalText(q1, q1Edited).RunGenerators(compilation);

        // q1's text changed, so its parse runs again; q5's inputs (its text and import closure) are equal, so its
        // parse is not run at all.
        Assert.Equal(IncrementalStepRunReason.Modified, ParseReasonOf(driver, "q1.hep"));
        Assert.Equal(IncrementalStepRunReason.Cached, ParseReasonOf(driver, "q5.hep"));
        var emit = Reasons(driver, StepNames.Emit);
        Assert.Contains(emit, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_an_imported_file_re_parses_its_importers_only()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hep-cache-imports");
        AdditionalText Text(string name, string text) => new InMemoryAdditionalText(Path.Combine(dir, name), text);
        var cuts = Text("cuts.hep", "let ht = sum(Jet.pt)\n");
        var uses = Text("uses.hep", "analysis uses\ntree Events\nuse nanoaod\nimport \"cuts.hep\"\nhistogram h: ht, 10 bins from 0 to 100\n");
        var other = Text("other.hep", "analysis other\ntree Events\nuse nanoaod\nhistogram m: MET.pt, 10 bins from 0 to 100\n");
        var compilation = GeneratorHarness.EmptyCompilation("Cache3");
        var driver = GeneratorHarness.Driver([cuts, uses, other], trackSteps: true).RunGenerators(compilation);
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);

        driver = driver.ReplaceAdditionalText(cuts, Text("cuts.hep", "let ht = sum(Jet.pt) + 1\n")).RunGenerators(compilation);

        Assert.Equal(IncrementalStepRunReason.Modified, ParseReasonOf(driver, "uses.hep"));
        Assert.Equal(IncrementalStepRunReason.Cached, ParseReasonOf(driver, "other.hep"));
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);
    }

    /// <summary>How the parse step treated one file's input in the last run.</summary>
    private static IncrementalStepRunReason ParseReasonOf(GeneratorDriver driver, string fileName) =>
        driver.GetRunResult().Results.Single().TrackedSteps[StepNames.Parse]
            .SelectMany(s => s.Outputs)
            .Single(o => o.Value is HepDsl.Generator.Pipeline.ParsedAnalysis p && p.File.FileName == fileName)
            .Reason;
}
