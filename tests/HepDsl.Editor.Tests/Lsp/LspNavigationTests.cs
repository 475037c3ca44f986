using System.Text.Json.Nodes;
using HepDsl.Editor.Tests.Support;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Editor.Tests.Lsp;

/// <summary>Hover, go to definition, find references and the outline on samples/hzz.hep, from an independent client.</summary>
public sealed class LspNavigationTests
{
    private static readonly string Hzz = Path.Combine(RepoPaths.Root, "samples", "hzz.hep");
    private static readonly string Text = File.ReadAllText(Hzz);

    private static string HoverText(LspSession s, int step) => (string)s.Result(step)!["contents"]!["value"]!;

    [Fact]
    public void Hover_shows_types_with_absence_functions_and_root_branch_types()
    {
        var s = new LspSession(new JsonObject { ["inputFile"] = Path.Combine(RepoPaths.Root, "samples", "data", "uproot-HZZ.root") });
        s.Open(Hzz, Text);
        var (l, c) = TextPositions.Of(Text, "histogram mumu_mass", "dimuon.");
        var combination = s.Request("textDocument/hover", Hzz, l, c + 2);
        (l, c) = TextPositions.Of(Text, "histogram mumu_mass", "mass(");
        var function = s.Request("textDocument/hover", Hzz, l, c + 1);
        (l, c) = TextPositions.Of(Text, "weight EventWeight", "EventWeight");
        var branch = s.Request("textDocument/hover", Hzz, l, c + 3);
        (l, c) = TextPositions.Of(Text, "histogram leading_muon_pt", ".pt");
        var optional = s.Request("textDocument/hover", Hzz, l, c + 2);
        (l, c) = TextPositions.Of(Text, "let dimuon", "Charge");
        var field = s.Request("textDocument/hover", Hzz, l, c + 1);
        (l, c) = TextPositions.Of(Text, "cut \"two muons\"", "count");
        var count = s.Request("textDocument/hover", Hzz, l, c + 1);

        // The let holds the best pair, which some events lack: the type ends in '?'.
        Assert.Contains("dimuon: (a: Muon, b: Muon)?", HoverText(s, combination));
        Assert.Contains("let `dimuon`", HoverText(s, combination));
        Assert.Contains("mass(p: fourvector) -> float", HoverText(s, function));
        Assert.Contains("Invariant mass", HoverText(s, function));
        Assert.Contains("EventWeight: float", HoverText(s, branch));
        Assert.Contains("branch `EventWeight`: float32 (ROOT Float_t)", HoverText(s, branch));
        // The file's own type, read with the project's reader, is shown beside the declared one.
        Assert.Contains("in uproot-HZZ.root: `EventWeight` is `Float_t`", HoverText(s, branch));
        Assert.Contains("leading(Muon).pt: float?", HoverText(s, optional));
        Assert.Contains("field `Muon.Charge`: int32[NMuon], branch `Muon_Charge` (ROOT Int_t[NMuon])", HoverText(s, field));
        Assert.Contains("count(p", HoverText(s, count).Replace("count(X", "count(p")); // signature line present
        Assert.Contains("Number of objects", HoverText(s, count));
    }

    private static (int Line, int Character) Start(JsonNode location) =>
        ((int)location["range"]!["start"]!["line"]!, (int)location["range"]!["start"]!["character"]!);

    [Fact]
    public void Definition_and_references_resolve_lets_fields_variables_collections_and_unions()
    {
        var s = new LspSession();
        s.Open(Hzz, Text);
        var (l, c) = TextPositions.Of(Text, "histogram mumu_mass", "dimuon.", 2);
        var letDefinition = s.Request("textDocument/definition", Hzz, l, c);
        var letReferences = s.Request("textDocument/references", Hzz, l, c, new JsonObject { ["context"] = new JsonObject { ["includeDeclaration"] = true } });
        (l, c) = TextPositions.Of(Text, "let dimuon", "Charge", 2);
        var fieldDefinition = s.Request("textDocument/definition", Hzz, l, c);
        (l, c) = TextPositions.Of(Text, "let dimuon", "b.Charge");
        var variableDefinition = s.Request("textDocument/definition", Hzz, l, c);
        (l, c) = TextPositions.Of(Text, "collection Muon", "Muon");
        var collectionReferences = s.Request("textDocument/references", Hzz, l, c + 1, new JsonObject { ["context"] = new JsonObject { ["includeDeclaration"] = false } });
        (l, c) = TextPositions.Of(Text, "histogram mumu_mass", "dimuon.b");
        var slotDefinition = s.Request("textDocument/definition", Hzz, l, c + "dimuon.".Length);
        (l, c) = TextPositions.Of(Text, "cut \"four leptons\"", "Lepton");
        var unionDefinition = s.Request("textDocument/definition", Hzz, l, c);

        Assert.Equal(TextPositions.Of(Text, "let dimuon", "dimuon"), Start(s.Result(letDefinition)!));
        Assert.Equal(LspSession.Uri(Hzz), (string)s.Result(letDefinition)!["uri"]!);
        var refs = s.Result(letReferences)!.AsArray().Select(r => Start(r!)).ToList();
        Assert.Equal([TextPositions.Of(Text, "let dimuon", "dimuon"), TextPositions.Of(Text, "histogram mumu_mass", "dimuon.", 1), TextPositions.Of(Text, "histogram mumu_mass", "dimuon.", 2)], refs.Order().ToList());
        // b.Charge is the field Charge declared in Muon's collection line.
        Assert.Equal(TextPositions.Of(Text, "collection Muon", "Charge"), Start(s.Result(fieldDefinition)!));
        Assert.Equal(TextPositions.Of(Text, "let dimuon", "b)"), Start(s.Result(variableDefinition)!));
        Assert.Equal(TextPositions.Of(Text, "let dimuon", "b)"), Start(s.Result(slotDefinition)!)); // dimuon.b is the pair's b
        var muonUses = s.Result(collectionReferences)!.AsArray().Select(r => Start(r!)).ToList();
        Assert.Contains(TextPositions.Of(Text, "union Lepton", "Muon"), muonUses);
        Assert.Contains(TextPositions.Of(Text, "cut \"two muons\"", "Muon"), muonUses);
        Assert.Contains(TextPositions.Of(Text, "let dimuon", "Muon"), muonUses);
        Assert.DoesNotContain(TextPositions.Of(Text, "collection Muon", "Muon"), muonUses);
        Assert.Equal(TextPositions.Of(Text, "union Lepton", "Lepton"), Start(s.Result(unionDefinition)!));
    }

    [Fact]
    public void Definition_follows_imports_into_the_imported_file()
    {
        var dir = Directory.CreateTempSubdirectory("hep-lsp-import-").FullName;
        try
        {
            var common = Path.Combine(dir, "lib", "common.hep");
            Directory.CreateDirectory(Path.GetDirectoryName(common)!);
            File.WriteAllText(common, "use nanoaod\n\nlet good_muons = Muon with pt > 20\n");
            var main = Path.Combine(dir, "main.hep");
            var text = "analysis main\ntree Events\nimport \"lib/common.hep\"\nhistogram n: count(good_muons), 5 bins from 0 to 5\n";
            var s = new LspSession();
            var opened = s.Open(main, text);
            var (l, c) = TextPositions.Of(text, "histogram n", "good_muons");
            var let = s.Request("textDocument/definition", main, l, c + 1);
            (l, c) = TextPositions.Of(text, "import", "common");
            var import = s.Request("textDocument/definition", main, l, c);
            Assert.Empty(s.Diagnostics(opened));
            Assert.Equal(LspSession.Uri(common), (string)s.Result(let)!["uri"]!);
            Assert.Equal((2, 4), Start(s.Result(let)!));
            Assert.Equal(LspSession.Uri(common), (string)s.Result(import)!["uri"]!);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_failing_request_is_answered_with_an_error_and_the_server_carries_on()
    {
        var s = new LspSession();
        s.Open(Hzz, Text);
        var missing = s.Request("textDocument/hover", Path.Combine(RepoPaths.Root, "samples", "no-such-file.hep"), 0, 0);
        var unknown = s.Request("textDocument/codeLens", Hzz);
        var after = s.Request("textDocument/documentSymbol", Hzz);
        Assert.Equal(-32603, (int)s.Error(missing)["code"]!);
        Assert.Contains("no-such-file.hep is neither open nor on disk", (string)s.Error(missing)["message"]!);
        Assert.Equal(-32601, (int)s.Error(unknown)["code"]!); // method not found
        Assert.NotEmpty(s.Result(after)!.AsArray());
    }

    [Fact]
    public void Document_symbols_outline_declarations_cuts_and_histograms_in_file_order()
    {
        var s = new LspSession();
        s.Open(Hzz, Text);
        var symbols = s.Request("textDocument/documentSymbol", Hzz);
        var top = s.Result(symbols)!.AsArray();
        var names = top.Select(n => (string)n!["name"]!).ToList();
        Assert.Equal(["hzz", "Muon", "Electron", "MET", "EventWeight", "met", "muon_pt_eta", "cut \"two muons\"", "mt_met_muon", "dimuon", "mumu_mass",
            "Lepton", "electron", "muon", "leading_muon_pt", "cut \"four leptons\"", "m4l", "four_lepton_events"], names);
        Assert.Equal(24, (int)top.Single(n => (string)n!["name"]! == "cut \"two muons\"")!["kind"]!); // Event
        Assert.Equal("Muon pT vs eta", (string)top.Single(n => (string)n!["name"]! == "muon_pt_eta")!["detail"]!);
        var muonFields = top.Single(n => (string)n!["name"]! == "Muon")!["children"]!.AsArray().Select(n => (string)n!["name"]!);
        Assert.Equal(["Px", "Py", "Pz", "E", "Iso", "Charge"], muonFields);
    }

    [Fact]
    public void Document_symbols_hold_each_regions_statements_under_it()
    {
        var agc = Path.Combine(RepoPaths.Root, "samples", "agc", "ttbar.hep");
        var s = new LspSession();
        s.Open(agc, File.ReadAllText(agc));
        var top = s.Result(s.Request("textDocument/documentSymbol", agc))!.AsArray();
        var regions = top.Where(n => (int)n!["kind"]! == 3).ToList(); // Namespace
        Assert.Equal(["4j1b", "4j2b"], regions.Select(n => (string)n!["name"]!));
        Assert.Equal("4 jets, exactly one b-tag", (string)regions[0]!["detail"]!);
        Assert.Equal(["cut \"exactly one b-tag\"", "ht"], regions[0]!["children"]!.AsArray().Select(n => (string)n!["name"]!));
        Assert.Equal(["cut \"at least two b-tags\"", "top", "trijet_mass"], regions[1]!["children"]!.AsArray().Select(n => (string)n!["name"]!));
        Assert.DoesNotContain(top, n => (string)n!["name"]! == "ht");
    }

    [Fact]
    public void Definition_of_a_let_finds_the_one_of_its_region_when_two_regions_reuse_the_name()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("hep-lsp-regions-").FullName, "regions.hep");
        const string text = "analysis r\ntree Events\nuse nanoaod\n"
            + "region a\nlet x = MET.pt\nhistogram ha: x, 10 bins from 0 to 100\n"
            + "region b\nlet x = MET.phi\nhistogram hb: x, 10 bins from -4 to 4\n";
        File.WriteAllText(path, text);
        var s = new LspSession();
        s.Open(path, text);
        var (l, c) = TextPositions.Of(text, "histogram hb", "x,");
        var inB = s.Request("textDocument/definition", path, l, c);
        (l, c) = TextPositions.Of(text, "histogram ha", "x,");
        var inA = s.Request("textDocument/definition", path, l, c);
        Assert.Equal(TextPositions.Of(text, "let x = MET.phi", "x"), Start(s.Result(inB)!));
        Assert.Equal(TextPositions.Of(text, "let x = MET.pt", "x"), Start(s.Result(inA)!));
    }
}
