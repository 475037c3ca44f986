using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Tests;

/// <summary>The parser's header scan is what the generator and compiler ask for imports and the analysis name.</summary>
public class HeaderScanTests
{
    [Fact]
    public void Scan_finds_imports_with_spans_and_the_analysis_name()
    {
        const string text = "# q\nanalysis   q7 \"title\"\ntree Events\nimport \"common/cuts.hep\"  # shared\n  \nimport \"../x.hep\"\ncut \"c\": true\n";
        var header = HepHeader.Scan("/a/b/q7.hep", text);

        Assert.Equal(["common/cuts.hep", "../x.hep"], header.Imports.Select(i => i.Path));
        Assert.Equal((4, 1), (header.Imports[0].Span.Line, header.Imports[0].Span.Column));
        Assert.Equal((6, 1), (header.Imports[1].Span.Line, header.Imports[1].Span.Column));
        Assert.Equal("q7", header.Analysis!.Name);
        Assert.Equal((2, 12, 14), (header.Analysis.Span.Line, header.Analysis.Span.Column, header.Analysis.Span.EndColumn));
        Assert.False(header.IsLibrary);
    }

    [Fact]
    public void A_file_with_errors_elsewhere_still_shows_its_imports()
    {
        var header = HepHeader.Scan("f.hep", "let x = = 3\nimport \"lib.hep\"\nlet y = (\n");
        Assert.Equal(["lib.hep"], header.Imports.Select(i => i.Path));
        Assert.Null(header.Analysis);
        Assert.True(header.IsLibrary);
    }

    [Fact]
    public void An_import_inside_a_comment_or_string_is_not_an_import()
    {
        var header = HepHeader.Scan("f.hep", "# import \"a.hep\"\ncut \"import \\\"b.hep\\\"\": true\n");
        Assert.Empty(header.Imports);
    }

    [Theory]
    [InlineData("/a/b/q.hep", "c.hep", "/a/b/c.hep")]
    [InlineData("/a/b/q.hep", "../c.hep", "/a/c.hep")]
    [InlineData("/a/b/q.hep", "./d/../c.hep", "/a/b/c.hep")]
    [InlineData("/a/b/q.hep", "/x/c.hep", "/x/c.hep")]
    [InlineData("q.hep", "c.hep", "c.hep")]
    public void Imports_resolve_against_the_importing_folder(string from, string import, string expected)
    {
        Assert.Equal(expected, ImportPaths.Resolve(from, import));
    }

    [Fact]
    public void Reserved_words_are_not_identifiers()
    {
        Assert.All(Keywords.Reserved, w => Assert.False(Keywords.IsIdentifier(w)));
        Assert.True(Keywords.IsIdentifier("Muon_pt"));
        Assert.False(Keywords.IsIdentifier("1x"));
        Assert.False(Keywords.IsIdentifier("a-b"));
    }
}
