using HepDsl.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace HepDsl.Generator.Tests.Pipeline;

/// <summary>A .hep error becomes a compiler error with the checker's id, pointing at the right place in the .hep file.</summary>
public class DiagnosticsTests
{
    private const string Header = "analysis broken\ntree Events\nuse nanoaod\n\n";

    [Fact]
    public void Unknown_field_is_a_compiler_error_at_its_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), "hep-diag", "broken.hep");
        //                                   column: 1        10        20
        var text = Header + "histogram met \"MET\": MET.nosuchfield, 10 bins from 0 to 100\n";
        var (_, diagnostics, run) = GeneratorHarness.Generate((path, text));

        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("HEP0006", error.Id);
        Assert.Equal("HepDsl", error.Descriptor.Category);
        var span = error.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal(4, span.StartLinePosition.Line); // zero-based: line 5 of the file
        // The reported column lies on "MET.nosuchfield" (columns 22-36, one-based).
        Assert.InRange(span.StartLinePosition.Character + 1, 22, 36);
        Assert.Matches(@"broken\.hep\(5,\d+\): error HEP0006: ", error.ToString());
        Assert.Contains("nosuchfield", error.GetMessage());
        Assert.Empty(run.GeneratedTrees);
    }

    [Fact]
    public void Text_span_covers_the_reported_range()
    {
        var path = "/analyses/broken.hep";
        var text = Header + "cut \"x\": count(Jet) >= undefined_name\n";
        var (_, diagnostics, _) = GeneratorHarness.Generate((path, text));

        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var location = error.Location;
        var line = location.GetLineSpan().StartLinePosition;
        var offsetOfLine = text.Split('\n').Take(line.Line).Sum(l => l.Length + 1);
        Assert.Equal(offsetOfLine + line.Character, location.SourceSpan.Start);
        Assert.Contains("undefined_name", text.Substring(location.SourceSpan.Start, Math.Max(location.SourceSpan.Length, "undefined_name".Length)));
    }

    [Fact]
    public void Error_in_an_imported_file_points_into_that_file()
    {
        var main = "/analyses/main.hep";
        var common = "/analyses/common/cuts.hep";
        var (_, diagnostics, _) = GeneratorHarness.Generate(
            (main, "analysis main\ntree Events\nuse nanoaod\nimport \"common/cuts.hep\"\nhistogram met \"MET\": MET.pt, 10 bins from 0 to 100\n"),
            (common, "cut \"bad\": count(Jet) >= nothing_here\n"));

        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == common);
    }

    [Fact]
    public void Import_resolves_among_additional_files_without_the_file_system()
    {
        var main = "/nonexistent/dir/main.hep";
        var common = "/nonexistent/dir/common/met.hep";
        var (output, diagnostics, run) = GeneratorHarness.Generate(
            (main, "analysis main\ntree Events\nuse nanoaod\nimport \"common/met.hep\"\n"),
            (common, "histogram met \"MET\": MET.pt, 10 bins from 0 to 100\n"));

        // The fragment is compiled as part of main.hep only: no "no tree statement" error for it on its own.
        Assert.Empty(diagnostics);
        var generated = Assert.Single(run.GeneratedTrees).GetText().ToString();
        Assert.Contains("class MainAnalysis", generated);
        GeneratorHarness.EmitAndLoad(output);
        Assert.Contains("new Histogram1D(\"met\"", generated);
    }

    [Fact]
    public void Two_files_with_the_same_analysis_name_are_a_located_error_not_a_crash()
    {
        var first = "/analyses/a/met.hep";
        var second = "/analyses/b/met_copy.hep";
        var body = "tree Events\nuse nanoaod\nhistogram met \"MET\": MET.pt, 10 bins from 0 to 100\n";
        var secondText = "# the same analysis again\n\nanalysis  met \"copy\"\n" + body;
        var (output, diagnostics, run) = GeneratorHarness.Generate(
            (second, secondText),
            (first, "analysis met\n" + body));

        Assert.All(run.Results, r => Assert.Null(r.Exception));
        var error = Assert.Single(diagnostics);
        Assert.Equal("HEP1002", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        var span = error.Location.GetLineSpan();
        Assert.Equal(second, span.Path);
        Assert.Equal(2, span.StartLinePosition.Line); // line 3, at the name
        Assert.Equal(10, span.StartLinePosition.Character);
        Assert.Equal("met", secondText.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));
        Assert.Contains("met.hep", error.GetMessage());
        Assert.Contains("MetAnalysis", error.GetMessage());
        // The first file by path is still generated and compiles.
        var generated = Assert.Single(run.GeneratedTrees).GetText().ToString();
        Assert.Contains("from met.hep", generated);
        GeneratorHarness.EmitAndLoad(output);
    }
}
