using HepDsl.Generator.Diagnostics;
using HepDsl.Generator.Tests.Support;
using HepDsl.Parser.Diagnostics;
using Microsoft.CodeAnalysis;

namespace HepDsl.Generator.Tests.Pipeline;

/// <summary>
/// One Roslyn descriptor per entry of the parser's diagnostic catalog, each with the entry's own title, severity and
/// help link, and the descriptors the IDE sees are those (not one "HepDsl analysis file problem" for every id).
/// </summary>
public class DiagnosticDescriptorsTests
{
    private static DiagnosticSeverity Roslyn(Severity s) => s switch
    {
        Severity.Error => DiagnosticSeverity.Error,
        Severity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    [Fact]
    public void Each_catalog_entry_has_its_own_descriptor()
    {
        Assert.Equal(DiagnosticCatalog.Entries.Select(e => e.Id), DiagnosticDescriptors.All.Select(d => d.Id).Order(StringComparer.Ordinal));
        foreach (var e in DiagnosticCatalog.Entries)
        {
            var d = DiagnosticDescriptors.For(e.Id);
            Assert.Equal(e.Title, d.Title.ToString());
            Assert.Equal(Roslyn(e.DefaultSeverity), d.DefaultSeverity);
            Assert.Equal(e.HelpLink, d.HelpLinkUri);
            Assert.Equal(DiagnosticDescriptors.Category, d.Category);
            Assert.True(d.IsEnabledByDefault);
        }
        Assert.Equal(DiagnosticCatalog.Entries.Count, DiagnosticCatalog.Entries.Select(e => e.Title).Distinct().Count());
    }

    [Fact]
    public void The_release_file_lists_every_descriptor_with_its_severity()
    {
        var released = File.ReadAllLines(Path.Combine(RepoPaths.Root, "src", "HepDsl.Generator", "AnalyzerReleases.Unshipped.md"))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Where(c => c.Length == 4 && c[0].StartsWith("HEP", StringComparison.Ordinal))
            .ToDictionary(c => c[0], c => c[2]);
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).Order(StringComparer.Ordinal), released.Keys.Order(StringComparer.Ordinal));
        foreach (var d in DiagnosticDescriptors.All) Assert.Equal(d.DefaultSeverity.ToString(), released[d.Id]);
    }

    [Fact]
    public void A_checker_error_and_warning_reach_the_compiler_with_their_titles_and_links()
    {
        var (_, diagnostics, _) = GeneratorHarness.Generate(("/analyses/titles.hep",
            "analysis titles\ntree Events\nuse nanoaod\nlet a = nosuch + 1\nlet b = exists(MET.pt)\n"));
        var unknown = Assert.Single(diagnostics, d => d.Id == "HEP0005");
        Assert.Equal("Unknown name", unknown.Descriptor.Title.ToString());
        Assert.Equal("https://github.com/hepdsl/hepdsl/blob/main/docs/language.md#hep0005-unknown-name", unknown.Descriptor.HelpLinkUri);
        Assert.Equal(DiagnosticSeverity.Error, unknown.Severity);
        Assert.StartsWith("unknown name 'nosuch'", unknown.GetMessage());
        var never = Assert.Single(diagnostics, d => d.Id == "HEP0024");
        Assert.Equal("Value is never absent", never.Descriptor.Title.ToString());
        // A warning by default (the harness compiles with warnings as errors, which may raise it).
        Assert.Equal(DiagnosticSeverity.Warning, never.DefaultSeverity);
    }
}
