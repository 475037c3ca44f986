using HepDsl.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace HepDsl.Generator.Tests.Samples;

/// <summary>
/// For each sample .hep: the generator reports no diagnostics, its output equals the checked-in golden file
/// (Golden/README.md), and it compiles against HepDsl.Runtime with warnings as errors.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string> Samples => [.. SampleFiles.Names];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Generated_source_matches_golden_and_compiles(string name)
    {
        var path = SampleFiles.PathOf(name);
        var (output, diagnostics, run) = GeneratorHarness.Generate((path, File.ReadAllText(path)));

        Assert.Empty(diagnostics.Select(d => d.ToString()));
        var tree = Assert.Single(run.GeneratedTrees);
        GoldenFile.Verify(name, tree.GetText().ToString());

        GeneratorHarness.EmitAndLoad(output);
    }

    [Fact]
    public void All_samples_compile_together_into_one_assembly()
    {
        var (output, diagnostics, run) = GeneratorHarness.Generate(SampleFiles.All());
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
        Assert.Equal(SampleFiles.Names.Count, run.GeneratedTrees.Length);
        var assembly = GeneratorHarness.EmitAndLoad(output);
        var entries = assembly.GetCustomAttributes(typeof(HepDsl.Runtime.Analysis.AnalysisEntryAttribute), false);
        Assert.Equal(SampleFiles.Names.Count, entries.Length);
    }
}
