using System.Text.Json.Nodes;
using HepDsl.Cli.Commands;
using HepDsl.Editor.Tests.Support;

namespace HepDsl.Editor.Tests.Lsp;

/// <summary>Diagnostics published as the user types are the ones `hep check` prints: same ids, positions, messages.</summary>
public sealed class LspDiagnosticsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hep-lsp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Good = """
        analysis typing "typing test"
        tree Events
        use nanoaod
        let jets = Jet with pt > 30
        cut "two jets": count(jets) >= 2
        histogram ht: sum(jets.pt), 10 bins from 0 to 500
        """;

    // Three independent mistakes (unknown field with a suggestion, a syntax error, a bad binning) and a warning.
    private const string Broken = """
        analysis typing "typing test"
        tree Events
        use nanoaod
        let jets = Jet with ptt > 30
        cut "two jets": count(jets) >=
        histogram ht: sum(Jet.pt), 10 bins from 500 to 0
        cut "w": not exists(MET) or MET.pt > 10
        """;

    /// <summary>`hep check` on the same text, as its printed lines.</summary>
    private List<string> Check(string path, string text)
    {
        File.WriteAllText(path, text);
        var output = new StringWriter();
        CheckCommand.Run([path], printModel: false, output);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(": error ") || l.Contains(": warning ")).ToList();
    }

    private static List<string> AsCheckLines(string path, JsonArray diagnostics) =>
        diagnostics.Select(d =>
        {
            var start = d!["range"]!["start"]!;
            var severity = (int)d["severity"]! == 1 ? "error" : "warning";
            Assert.Equal("hep", (string)d["source"]!);
            return $"{path}:{(int)start["line"]! + 1}:{(int)start["character"]! + 1}: {severity} {(string)d["code"]!}: {(string)d["message"]!}";
        }).ToList();

    [Fact]
    public void Diagnostics_follow_each_edit_and_match_hep_check()
    {
        var path = Path.Combine(_dir, "typing.hep");
        var session = new LspSession();
        var opened = session.Open(path, Good);
        var broken = session.Change(path, Broken);
        var fixedAgain = session.Change(path, Good);

        Assert.Empty(session.Diagnostics(opened));
        var expected = Check(path, Broken);
        Assert.True(expected.Count >= 4, string.Join("\n", expected));
        Assert.Equal(expected, AsCheckLines(path, session.Diagnostics(broken)));
        Assert.Contains(expected, l => l.Contains("HEP0005") && l.Contains("'ptt'") && l.Contains("did you mean"));
        Assert.Contains(expected, l => l.Contains("error HEP0001"));
        Assert.Contains(expected, l => l.Contains("HEP0012"));
        Assert.Contains(expected, l => l.Contains("warning HEP0024"));
        // End positions are the checker's too: the unknown field's range covers exactly 'ptt'.
        var unknown = session.Diagnostics(broken).Single(d => (string)d!["code"]! == "HEP0005")!;
        Assert.Equal(3, (int)unknown["range"]!["start"]!["line"]!);
        Assert.Equal((int)unknown["range"]!["start"]!["character"]! + 3, (int)unknown["range"]!["end"]!["character"]!);
        Assert.Empty(session.Diagnostics(fixedAgain));
    }

    [Fact]
    public void Each_diagnostic_links_its_id_to_the_section_of_docs_language_md_that_explains_it()
    {
        var path = Path.Combine(_dir, "unknown.hep");
        var session = new LspSession();
        var opened = session.Open(path, "analysis a\ntree Events\nuse nanoaod\nhistogram h: met_pt, 10 bins from 0 to 100\n");
        var unknown = Assert.Single(session.Diagnostics(opened))!;
        Assert.Equal("HEP0005", (string)unknown["code"]!);
        Assert.Contains("'met_pt'", (string)unknown["message"]!);
        // The heading "### HEP0005 Unknown name" of docs/language.md, on the repository's web page.
        Assert.Equal("https://github.com/hepdsl/hepdsl/blob/main/docs/language.md#hep0005-unknown-name",
            (string)unknown["codeDescription"]!["href"]!);
        Assert.Contains("\n### HEP0005 Unknown name\n", File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "language.md")));
    }

    [Fact]
    public void Help_links_point_into_the_repository_the_vscode_extension_declares()
    {
        var package = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "editors", "vscode", "package.json")))!;
        var repository = ((string)package["repository"]!["url"]!).Replace(".git", "");
        Assert.Equal(HepDsl.Parser.Diagnostics.DiagnosticCatalog.RepositoryFiles, repository + "/blob/main/");
    }

    [Fact]
    public void Errors_in_an_imported_file_are_published_for_that_file_and_unsaved_imports_are_read_from_the_editor()
    {
        var common = Path.Combine(_dir, "common.hep");
        var main = Path.Combine(_dir, "main.hep");
        File.WriteAllText(common, "use nanoaod\nlet good_muons = Muon with pt > 20\n");
        var mainText = "analysis main\ntree Events\nimport \"common.hep\"\nhistogram n: count(good_muons), 5 bins from 0 to 5\n";
        var session = new LspSession();
        var first = session.Open(main, mainText);
        // The import is opened and edited in the editor (not saved): the main file is rechecked against that text
        // when it changes next.
        var importOpened = session.Open(common, "use nanoaod\nlet good_muons = Muon with ptx > 20\n");
        var mainAgain = session.Change(main, mainText + "\n");
        Assert.Empty(session.Diagnostics(first));
        var expected = Check(main, mainText);
        Assert.Empty(expected);
        // The import checked on its own, as `hep check common.hep` would: 'ptx' unknown (and no tree statement).
        Assert.Equal(Check(common + ".check.hep", "use nanoaod\nlet good_muons = Muon with ptx > 20\n").Select(l => l.Replace(".check.hep", "")),
            AsCheckLines(common, session.Diagnostics(importOpened)));
        // The main file's check reports the import's error; the server publishes it for common.hep, not main.hep.
        Assert.Empty(session.Diagnostics(mainAgain));
        var forImport = Assert.Single(session.Published(mainAgain), p => p.Uri == LspSession.Uri(common)).Diagnostics;
        var error = Assert.Single(forImport)!;
        Assert.Equal("HEP0005", (string)error["code"]!);
        Assert.Contains("'ptx'", (string)error["message"]!);
        Assert.Equal(1, (int)error["range"]!["start"]!["line"]!);
    }
}
