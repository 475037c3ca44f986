using HepDsl.Editor.Tests.Support;
using HepDsl.LanguageServer.Features;
using HepDsl.Parser;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Editor.Tests.Lsp;

/// <summary>The canonical layout: idempotent, and a formatted analysis checks to the same model.</summary>
public sealed class FormattingTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples"), "*.hep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoPaths.Root, f));
        return data;
    }

    private static string? ReadImport(string p) => File.Exists(p) ? File.ReadAllText(p) : null;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Formatting_a_sample_is_idempotent_and_keeps_its_meaning(string sample)
    {
        var path = Path.Combine(RepoPaths.Root, sample);
        var text = File.ReadAllText(path);
        var once = Formatter.Format(text);
        Assert.Equal(once, Formatter.Format(once));
        var before = HepCompiler.Compile(path, text, ReadImport);
        var after = HepCompiler.Compile(path, once, ReadImport);
        // Same diagnostics (ids and messages; positions move with spacing), and the same checked model.
        Assert.Equal(before.Diagnostics.Select(d => d.Id + " " + d.Message), after.Diagnostics.Select(d => d.Id + " " + d.Message));
        if (before.Model != null) Assert.Equal(ModelPrinter.Print(before.Model), ModelPrinter.Print(after.Model!));
    }

    private const string Messy = "analysis  messy   \"a title\"   # the name\n\n\n\ntree Events\nuse nanoaod\nlet jets=Jet with(pt>30 and abs( eta )<2.4)\ncut \"two\" :count( jets )>=2\n  # a comment inside the statement\nlet z = pair (a,b) in Muon where a.charge!=b.charge closest to 91.2 by mass(a+b)\nhistogram h \"x\":mass( z.a+z.b ) ,  10 bins from -5 to 5,x \"m [GeV]\"\nhistogram p: sqrt(MET.pt ^ 2), edges[0, -1e-3, 2.5] \ncollection X [ int32 n ] :\n\tfloat32 a ,b ;int32 c\nlet q = -MET.pt * - 2 + (1 - 3)\n\n\n";

    private const string Canonical = "analysis messy \"a title\"  # the name\n\ntree Events\nuse nanoaod\nlet jets = Jet with (pt > 30 and abs(eta) < 2.4)\ncut \"two\": count(jets) >= 2\n    # a comment inside the statement\nlet z = pair (a, b) in Muon where a.charge != b.charge closest to 91.2 by mass(a + b)\nhistogram h \"x\": mass(z.a + z.b), 10 bins from -5 to 5, x \"m [GeV]\"\nhistogram p: sqrt(MET.pt^2), edges [0, -1e-3, 2.5]\ncollection X[int32 n]:\n    float32 a, b; int32 c\nlet q = -MET.pt * -2 + (1 - 3)\n";

    [Fact]
    public void Messy_text_gets_the_one_canonical_layout()
    {
        Assert.Equal(Canonical, Formatter.Format(Messy));
        Assert.Equal(Canonical, Formatter.Format(Canonical));
    }

    [Fact]
    public void The_server_formats_to_the_canonical_layout_and_then_has_nothing_to_change()
    {
        var dir = Directory.CreateTempSubdirectory("hep-lsp-format-").FullName;
        try
        {
            var path = Path.Combine(dir, "messy.hep");
            var s = new LspSession();
            s.Open(path, Messy);
            var options = new System.Text.Json.Nodes.JsonObject { ["options"] = new System.Text.Json.Nodes.JsonObject { ["tabSize"] = 4, ["insertSpaces"] = true } };
            var first = s.Request("textDocument/formatting", path, extra: options);
            s.Change(path, Canonical);
            var second = s.Request("textDocument/formatting", path, extra: options);
            var edit = Assert.Single(s.Result(first)!.AsArray())!;
            Assert.Equal(Canonical, (string)edit["newText"]!);
            Assert.Equal(0, (int)edit["range"]!["start"]!["line"]!);
            Assert.Empty(s.Result(second)!.AsArray());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Every_builtin_function_has_a_signature_and_a_line_of_documentation()
    {
        Assert.Empty(FunctionDocs.Missing());
        Assert.Equal(HepSemantics.FunctionNames.Order(), FunctionDocs.All.Keys.Order());
    }

    [Fact]
    public void Every_statement_keyword_of_the_parser_has_a_completion_snippet()
    {
        Assert.Equal(HepDsl.Parser.Syntax.Keywords.Statements.Order(), StatementSnippets.Statements.Keys.Order());
        Assert.All(StatementSnippets.Statements, s => Assert.StartsWith(s.Key, s.Value.Snippet));
    }
}
