using System.Text.Json.Nodes;
using HepDsl.Editor.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Editor.Tests.Lsp;

/// <summary>Completion while typing: each scenario edits a real sample the way a user would and asks at the cursor.</summary>
public sealed class LspCompletionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hep-lsp-complete-").FullName;
    private static readonly string HzzText = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "hzz.hep"));
    private static readonly string HzzData = Path.Combine(RepoPaths.Root, "samples", "data", "uproot-HZZ.root");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<JsonNode> Items(LspSession s, int step) => s.Result(step)!["items"]!.AsArray().Select(i => i!).ToList();
    private static List<string> Labels(LspSession s, int step) => Items(s, step).Select(i => (string)i["label"]!).ToList();

    /// <summary>Types <paramref name="typed"/> on a new last line of <paramref name="text"/> and asks for completion at its end.</summary>
    private static int TypeAndComplete(LspSession s, string path, string text, string typed)
    {
        var edited = text.TrimEnd('\n') + "\n" + typed;
        s.Change(path, edited);
        var (l, c) = TextPositions.End(edited);
        return s.Request("textDocument/completion", path, l, c);
    }

    [Fact]
    public void Completes_keywords_fields_after_a_dot_functions_names_in_scope_and_bound_variables()
    {
        var path = Path.Combine(_dir, "hzz.hep");
        var s = new LspSession();
        s.Open(path, HzzText);
        var keyword = TypeAndComplete(s, path, HzzText, "");
        var muon = TypeAndComplete(s, path, HzzText, "histogram q: Muon.");
        var union = TypeAndComplete(s, path, HzzText, "cut \"x\": any l in Lepton: l.");
        var let = TypeAndComplete(s, path, HzzText, "let best = Muon max by pt\nhistogram b: best.");
        var expression = TypeAndComplete(s, path, HzzText, "cut \"y\": any m in Muon: m.pt > 10 and ");
        var combination = TypeAndComplete(s, path, HzzText, "histogram z: mass(dimuon.");
        // In the middle of the file, a let declared further down is not in scope yet.
        var before = HzzText.Replace("histogram met ", "histogram early: ma\nhistogram met ");
        s.Change(path, before);
        var (l, c) = TextPositions.Of(before, "histogram early", "ma");
        var early = s.Request("textDocument/completion", path, l, c + 2);

        var keywords = Items(s, keyword);
        Assert.Equal(HepDsl.Parser.Syntax.Keywords.Statements,
            keywords.Select(i => (string)i["label"]!));
        Assert.All(keywords, k => Assert.Equal(2, (int)k["insertTextFormat"]!)); // snippets
        Assert.Equal(["Px", "Py", "Pz", "E", "Iso", "Charge", "pt", "eta", "phi", "mass", "energy", "px", "py", "pz", "rapidity", "index"], Labels(s, muon));
        Assert.Contains("field `Muon.Px`: float32[NMuon]", (string)Items(s, muon)[0]["detail"]!);
        Assert.Equal(["Px", "Py", "Pz", "E", "Iso", "Charge", "pt", "eta", "phi", "mass", "energy", "px", "py", "pz", "rapidity", "index", "flavour"], Labels(s, union));
        Assert.Contains("Charge", Labels(s, let));
        Assert.Equal(["a", "b"], Labels(s, combination));
        Assert.All(Items(s, combination), i => Assert.Equal("object Muon", (string)i["detail"]!));
        var names = Labels(s, expression);
        Assert.Contains("m", names); // the bound variable
        Assert.Contains("dimuon", names);
        Assert.Contains("Lepton", names);
        Assert.Contains("EventWeight", names);
        Assert.Contains("electron", names); // union flavour tag
        Assert.Contains("with", names);
        var mass = Items(s, expression).Single(i => (string)i["label"]! == "mass");
        Assert.Equal("mass(p: fourvector) -> float", (string)mass["detail"]!);
        Assert.Contains("deltaR", names);
        Assert.Contains("exists", names);
        Assert.DoesNotContain("dimuon", Labels(s, early));
        Assert.Contains("mass", Labels(s, early));
    }

    [Fact]
    public void Completes_nanoaod_fields_after_use_nanoaod()
    {
        var path = Path.Combine(_dir, "nano.hep");
        var text = "analysis nano\ntree Events\nuse nanoaod\nlet jets = Jet with pt > 30\n";
        var s = new LspSession();
        s.Open(path, text);
        var jet = TypeAndComplete(s, path, text, "histogram x: Jet.");
        var selection = TypeAndComplete(s, path, text, "histogram x: jets.");
        var met = TypeAndComplete(s, path, text, "histogram x: MET.");
        var schema = TypeAndComplete(s, path, text.Replace("use nanoaod\n", "use "), "");
        Assert.Contains("btagDeepB", Labels(s, jet));
        Assert.Contains("hadronFlavour", Labels(s, jet));
        Assert.Contains("(from `use nanoaod`)", (string)Items(s, jet).Single(i => (string)i["label"]! == "btagDeepB")["detail"]!);
        Assert.Contains("btagDeepB", Labels(s, selection)); // through the let's type
        Assert.Contains("sumEt", Labels(s, met));
        Assert.DoesNotContain("btagDeepB", Labels(s, met));
        _ = schema;
    }

    [Fact]
    public void Offers_the_branches_of_the_input_file_named_in_the_settings()
    {
        var path = Path.Combine(_dir, "flat.hep");
        var text = "analysis flat\ntree events\n";
        var s = new LspSession();
        s.Open(path, text);
        var none = TypeAndComplete(s, path, text, "branch float32 ");
        s.Configure(new JsonObject { ["hep"] = new JsonObject { ["inputFile"] = HzzData } });
        var declaration = TypeAndComplete(s, path, text, "branch float32 ");
        var tree = TypeAndComplete(s, path, "analysis flat\n", "tree ");

        // What the project's own reader says the file holds, independently of the server.
        List<ColumnInfo> columns;
        using (var file = RootFile.Open(HzzData))
        using (var t = file.OpenTree("events"))
            columns = t.Columns.ToList();
        Assert.True(columns.Count > 20);
        Assert.DoesNotContain("EventWeight", Labels(s, none));
        var offered = Items(s, declaration).Where(i => (int)i["kind"]! == 5).ToDictionary(i => (string)i["label"]!, i => (string)i["detail"]!);
        foreach (var column in columns)
            Assert.Equal($"{column.RootTypeName} (branch of events in uproot-HZZ.root)", offered[column.Name]);
        Assert.Contains("float32", Labels(s, declaration));
        Assert.Equal(["events"], Labels(s, tree));
    }
}
