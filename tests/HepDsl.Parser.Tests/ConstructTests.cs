using HepDsl.Parser;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Tests;

/// <summary>Each language construct, checked through the printed model (position-free, see ModelPrinter).</summary>
public class ConstructTests
{
    private const string N = TestSupport.Nano;

    private static string[] Statements(string body)
    {
        var model = TestSupport.Model(N + body);
        return model.Substring(model.IndexOf("statements:\n", StringComparison.Ordinal) + "statements:\n".Length)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
    }

    [Fact]
    public void Chained_comparison_keeps_all_operands()
    {
        Assert.Equal(new[] { "cut #0 \"z\": (60 < MET.pt <= 120)" }, Statements("cut \"z\": 60 < MET.pt <= 120"));
    }

    [Fact]
    public void Selection_sorting_and_index()
    {
        Assert.Equal(new[]
        {
            "let j: collection Jet = sort[it2 in filter[it in Jet: ((it.pt > 30) and (Abs(it.eta) < 2.4))] by it2.pt descending]",
            "histogram1d h \"h\" x=(10 bins 0..100, \"\") y=\"\" fill @j[0].pt",
        }, Statements("let j = Jet with pt > 30 and abs(eta) < 2.4 sorted by pt descending\nhistogram h: j[0].pt, 10 bins from 0 to 100"));
    }

    [Fact]
    public void Leading_and_subleading_are_the_first_two_by_descending_pt()
    {
        Assert.Equal(new[]
        {
            "histogram1d h \"h\" x=(10 bins 0..100, \"\") y=\"\" fill (sort[it in Jet by it.pt descending][0].pt - sort[it2 in Jet by it2.pt descending][1].pt)",
        }, Statements("histogram h: leading(Jet).pt - subleading(Jet).pt, 10 bins from 0 to 100"));
    }

    [Fact]
    public void Quantifiers_with_where()
    {
        Assert.Equal(new[]
        {
            "cut #0 \"a\": any[j in Jet: (j.pt > 50)]",
            "cut #1 \"b\": all[m in Muon: m.tightId]",
            "cut #2 \"c\": none[e in Electron where (e.pt > 20): (Abs(e.eta) > 2.5)]",
            "count n",
        }, Statements("cut \"a\": any j in Jet: j.pt > 50\ncut \"b\": all m in Muon: m.tightId\ncut \"c\": none e in Electron where e.pt > 20: abs(e.eta) > 2.5\ncount n"));
    }

    [Fact]
    public void Reductions_over_collections_and_values()
    {
        Assert.Equal(new[]
        {
            "histogram1d h1 \"h1\" x=(10 bins 0..10, \"\") y=\"\" fill count[jet in Jet]",
            "histogram1d h2 \"h2\" x=(10 bins 0..10, \"\") y=\"\" fill sum[jet2 in Jet: jet2.pt]",
            "histogram1d h3 \"h3\" x=(10 bins 0..1, \"\") y=\"\" fill max[jet3 in Jet: jet3.btagCSVV2]",
            "histogram1d h4 \"h4\" x=(10 bins 0..10, \"\") y=\"\" fill min[jet4 in Jet: jet4.pt]",
            "mean mean_pt of mean[jet5 in Jet: jet5.pt]",
        }, Statements("histogram h1: count(Jet), 10 bins from 0 to 10\nhistogram h2: sum(Jet.pt), 10 bins from 0 to 10\nhistogram h3: max(Jet.btagCSVV2), 10 bins from 0 to 1\nhistogram h4: min(Jet.pt), 10 bins from 0 to 10\nmean mean_pt: mean(Jet.pt)"));
    }

    [Fact]
    public void Pairs_across_two_collections_are_a_product()
    {
        Assert.Equal(new[]
        {
            "cut #0 \"emu\": any[m in Muon, e in Electron: ((m.charge != e.charge) and (DeltaR(p4(m), p4(e)) > 0.4))]",
            "count n",
        }, Statements("cut \"emu\": any pair (m in Muon, e in Electron): m.charge != e.charge and deltaR(m, e) > 0.4\ncount n"));
    }

    [Fact]
    public void Triples_within_one_collection_are_distinct_and_across_collections_a_product()
    {
        Assert.Equal(new[]
        {
            "let top: (a: Jet, b: Jet, c: Jet)? = closestto(172.5)[a in Jet, b in Jet, c in Jet distinct by Mass(((p4(a) + p4(b)) + p4(c)))]",
            "sum n3 per [a2 in Muon, b2 in Muon, e in Electron where (a2.charge != b2.charge)] of 1",
            "histogram1d h \"h\" x=(10 bins 0..300, \"\") y=\"\" fill Pt(((p4(@top.a) + p4(@top.b)) + p4(@top.c)))",
        }, Statements("let top = triple (a, b, c) in Jet closest to 172.5 by mass(a + b + c)\n"
            + "sum n3: 1 for triple (a in Muon, b in Muon, e in Electron) where a.charge != b.charge\n"
            + "histogram h: (top.a + top.b + top.c).pt, 10 bins from 0 to 300"));
    }

    [Fact]
    public void Closest_to_across_collections_names_its_members_as_written()
    {
        // The earlier 'm' and 'e' make the checker rename the variables (m2, e2); the members keep the written names.
        Assert.Equal(new[]
        {
            "sum n per [m in Muon, e in Electron] of 1",
            "let z: (m: Muon, e: Electron)? = closestto(91.2)[m2 in Muon, e2 in Electron where (m2.charge != e2.charge) by Mass((p4(m2) + p4(e2)))]",
            "histogram1d h \"h\" x=(10 bins 0..200, \"\") y=\"\" fill (Mass((p4(@z.m) + p4(@z.e))) + @z.m.pt)",
        }, Statements("sum n: 1 for pair (m in Muon, e in Electron)\n"
            + "let z = pair (m in Muon, e in Electron) where m.charge != e.charge closest to 91.2 by mass(m + e)\n"
            + "histogram h: mass(z.m + z.e) + z.m.pt, 10 bins from 0 to 200"));
    }

    [Fact]
    public void Best_candidates_are_optional()
    {
        Assert.Equal(new[]
        {
            "let hardest: object Jet? = maxby[it in Jet by it.pt]",
            "let softest: object Jet? = minby[it2 in Jet by it2.pt]",
            "let w: (a: Jet, b: Jet)? = closestto(80.4)[a in Jet, b in Jet distinct by Mass((p4(a) + p4(b)))]",
            "histogram1d h \"h\" x=(10 bins 0..200, \"\") y=\"\" fill Mass((p4(@w.a) + p4(@w.b)))",
        }, Statements("let hardest = Jet max by pt\nlet softest = Jet min by pt\nlet w = pair (a, b) in Jet closest to 80.4 by mass(a + b)\nhistogram h: mass(w.a + w.b), 10 bins from 0 to 200"));
    }

    [Fact]
    public void Values_for_tuples_fill_per_tuple()
    {
        Assert.Equal(new[]
        {
            "histogram1d h \"h\" x=(10 bins 0..200, \"\") y=\"\" per [a in Muon, b in Muon distinct] fill Mass((p4(a) + p4(b)))",
            "sum n_pairs per [a2 in Muon, b2 in Muon distinct where (a2.charge != b2.charge)] of 1",
        }, Statements("histogram h: mass(a + b) for pair (a, b) in Muon, 10 bins from 0 to 200\nsum n_pairs: 1 for pair (a, b) in Muon where a.charge != b.charge"));
    }

    [Fact]
    public void Four_vectors_from_components_and_objects()
    {
        Assert.Equal(new[]
        {
            "let v: fourvector? = (FromPtEtaPhiM(MET.pt, 0, MET.phi, 0) + p4(Jet[0]))",
            "histogram1d h \"h\" x=(10 bins 0..1, \"\") y=\"\" fill ((Mass(@v) + DeltaPhi(p4(MET), p4(Jet[0]))) + TransverseMass(p4(MET), p4(Jet[0])))",
        }, Statements("let v = ptetaphim(MET.pt, 0, MET.phi, 0) + Jet[0]\nhistogram h: v.mass + deltaPhi(MET, Jet[0]) + mt(MET, Jet[0]), 10 bins from 0 to 1"));
    }

    [Fact]
    public void Derived_fields_carry_their_definition_and_read_what_it_reads()
    {
        var model = TestSupport.Compile(N + "define Jet.pt2 = pt * pt\nhistogram h: Jet.pt2, 10 bins from 0 to 1000").Model!;
        var jet = Assert.IsType<SourceCollection>(Assert.Single(model.Collections));
        Assert.Equal(new[] { "pt", "pt2" }, jet.Fields.Select(f => f.Name));
        var pt2 = jet.Fields[1];
        Assert.Null(pt2.Branch);
        Assert.Equal("(it.pt * it.pt)", ModelPrinter.Expression(pt2.Definition!));
        Assert.Equal("it", pt2.Variable);
        Assert.Equal(new[] { "Jet_pt", "nJet" }, model.Branches.Select(b => b.Name));
    }

    [Fact]
    public void Weight_variable_bins_2D_and_labels()
    {
        Assert.Equal(new[]
        {
            "weight ($genWeight * 2)",
            "histogram2d h \"title\" x=(edges [0, 30, 100], \"pT\") y=(10 bins -5..5, \"eta\") per [jet in Jet] fill jet.pt, jet.eta",
            "count events",
        }, Statements("weight genWeight * 2\nhistogram h \"title\": Jet.pt, Jet.eta, edges [0, 30, 100], 10 bins from -5 to 5, x \"pT\", y \"eta\"\ncount events"));
    }

    [Fact]
    public void Log_bins_are_a_binning_and_log_stays_a_function()
    {
        var statements = Statements("histogram m: MET.pt, 30 log bins from 0.25 to 300\nhistogram l: log(MET.pt), 10 bins from 0 to 5");
        Assert.StartsWith("histogram1d m \"m\" x=(30 log bins 0.25..300, \"\")", statements[0]);
        Assert.StartsWith("histogram1d l \"l\" x=(10 bins 0..5, \"\")", statements[1]);
        Assert.Contains("log(", statements[1], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Conditional_and_arithmetic_precedence()
    {
        Assert.Equal(new[]
        {
            "let x: float = if((count[jet in Jet] > 0), 1.5, -(1))",
            "histogram1d h \"h\" x=(10 bins 0..1, \"\") y=\"\" fill ((@x ^ 2) % 3)",
        }, Statements("let x = if count(Jet) > 0 then 1.5 else -1\nhistogram h: x ^ 2 % 3, 10 bins from 0 to 1"));
    }

    [Fact]
    public void Statements_span_indented_lines_and_comments_are_ignored()
    {
        Assert.Equal(new[] { "cut #0 \"c\": ((MET.pt > 10) and (MET.phi < 1))", "count n" },
            Statements("# a comment line\ncut \"c\":   # why\n    MET.pt > 10 and\n    MET.phi < 1\ncount n"));
    }

    [Fact]
    public void Only_used_branches_are_read_with_the_NanoAOD_types()
    {
        var model = TestSupport.Compile(N + "cut \"m\": any m in Muon: m.tightId and m.charge > 0\nhistogram h: MET.pt, 10 bins from 0 to 1").Model!;
        Assert.Equal(new[]
        {
            "MET_pt Float32 Scalar MET.pt",
            "Muon_charge Int32 Jagged Muon.charge",
            "Muon_tightId Bool Jagged Muon.tightId",
            "nMuon UInt32 Scalar Muon.",
        }, model.Branches.Select(b => $"{b.Name} {b.Type} {b.Shape} {b.Collection}.{b.Field}"));
    }

    [Fact]
    public void Positions_point_into_the_source()
    {
        var model = TestSupport.Compile(N + "cut \"c\":\n    MET.pt > 10\ncount n").Model!;
        var cut = Assert.IsType<Cut>(model.Statements[0]);
        Assert.Equal(new SourceSpan("test.hep", 4, 1, 5, 16), cut.Span);
        var comparison = Assert.IsType<Comparison>(cut.Predicate);
        Assert.Equal(new SourceSpan("test.hep", 5, 5, 5, 16), comparison.Span);
        Assert.Equal(new SourceSpan("test.hep", 5, 5, 5, 11), comparison.Operands[0].Span);
    }

    [Fact]
    public void The_analysis_name_defaults_to_the_file_name()
    {
        var r = HepCompiler.Compile("dir/my-analysis.hep", "tree Events\nuse nanoaod\ncount n", _ => null);
        Assert.Equal("my_analysis", r.Model!.Name);
    }

    [Fact]
    public void Imports_resolve_relative_to_the_importing_file_and_are_read_once()
    {
        var files = new Dictionary<string, string>
        {
            ["ana/common/leptons.hep"] = "import \"../defs.hep\"\nunion Lepton = Electron as electron, Muon as muon",
            ["ana/defs.hep"] = "tree Events\nuse nanoaod",
        };
        var r = HepCompiler.Compile("ana/main.hep", "import \"defs.hep\"\nimport \"common/leptons.hep\"\nhistogram h: count(Lepton with flavour == muon), 5 bins from 0 to 5", p => files.TryGetValue(p, out var t) ? t : null);
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        Assert.Equal("Events", r.Model!.Tree);
        Assert.Contains(r.Model.Collections, c => c is UnionCollection { Name: "Lepton" });
    }

    [Fact]
    public void Import_cycles_are_diagnosed_at_the_import()
    {
        var files = new Dictionary<string, string> { ["a.hep"] = "import \"b.hep\"", ["b.hep"] = "import \"a.hep\"" };
        var r = HepCompiler.Compile("a.hep", files["a.hep"] + "\ntree t", p => files.TryGetValue(p, out var t) ? t : null);
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(("HEP0015", "b.hep", 1, 1), (d.Id, d.File, d.Line, d.Column));
        Assert.Contains("a.hep -> b.hep -> a.hep", d.Message);
    }

    [Fact]
    public void Errors_in_an_imported_file_name_that_file()
    {
        var files = new Dictionary<string, string> { ["lib/x.hep"] = "let a = Jett" };
        var r = HepCompiler.Compile("lib/main.hep", N + "import \"x.hep\"", p => files.TryGetValue(p, out var t) ? t : null);
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(("HEP0005", "lib/x.hep", 1, 9), (d.Id, d.File, d.Line, d.Column));
    }

    [Fact]
    public void Union_objects_have_common_fields_and_a_flavour()
    {
        var model = TestSupport.Compile(N + "union L = Electron as e, Muon as mu\nhistogram h: L.charge, 3 bins from -1 to 2\nhistogram f: L.flavour, 2 bins from 0 to 2").Model!;
        var union = Assert.IsType<UnionCollection>(model.Collections.Last());
        Assert.Equal(new[] { "Electron", "Muon" }, union.Members);
        Assert.Equal(new[] { "e", "mu" }, union.Tags);
        Assert.Equal("charge", Assert.Single(union.Fields).Name);
        Assert.Contains(model.Branches, b => b.Name == "Electron_charge");
        Assert.Contains(model.Branches, b => b.Name == "Muon_charge");
    }

    [Fact]
    public void Flat_tree_collections_from_counter_and_prefixed_branches()
    {
        var model = TestSupport.Compile("tree events\ncollection Muon[int32 NMuon]: float32 Px, Py, Pz, E; int32 Charge; fourvector pxpypze(Px, Py, Pz, E)\nhistogram h: Muon.pt, 10 bins from 0 to 100").Model!;
        Assert.Equal(new[] { "Muon_E", "Muon_Px", "Muon_Py", "Muon_Pz", "NMuon" }, model.Branches.Select(b => b.Name));
        Assert.Equal(ElementType.Int32, model.Branches.Single(b => b.Name == "NMuon").Type);
        var muon = Assert.IsType<SourceCollection>(Assert.Single(model.Collections));
        Assert.Equal(FourVectorKind.PxPyPzE, muon.FourVector!.Kind);
    }

    [Fact]
    public void Fixed_size_array_branches_are_declared_with_a_length_and_read_by_element()
    {
        var result = TestSupport.Compile("tree sample\nbranch int32 n, ai4[3]\nbranch float64 af8[3]\nsum s: ai4[0] + ai4[2] * af8[1] + n");
        Assert.Empty(result.Diagnostics);
        var model = result.Model!;
        var ai4 = model.Branches.Single(b => b.Name == "ai4");
        Assert.Equal(BranchShape.FixedArray, ai4.Shape);
        Assert.Equal(3, ai4.FixedLength);
        Assert.Equal(BranchShape.Scalar, model.Branches.Single(b => b.Name == "n").Shape);
        Assert.Contains("$ai4[0]", ModelPrinter.Print(model));
        Assert.Contains("$af8[1]", ModelPrinter.Print(model));
    }

    [Theory]
    [InlineData("branch int32 v[3]\nsum s: v", "'v' is a fixed-size array of 3 values")]
    [InlineData("branch int32 v[3]\nsum s: v[3]", "index 3 is outside 'v'")]
    [InlineData("branch int32 v[3], k\nsum s: v[k]", "must be a whole number written out")]
    [InlineData("branch int32 v[1]\nsum s: 1", "needs a length from 2")]
    public void Fixed_size_array_misuse_is_reported(string body, string message)
    {
        var result = TestSupport.Compile("tree sample\n" + body);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("HEP0009", error.Id);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Missing_energy_from_px_and_py_has_a_transverse_four_vector()
    {
        var result = TestSupport.Compile("tree events\nobject MET: float32 px, py; fourvector pxpy(px, py)\n"
            + "collection Muon[int32 NMuon]: float32 Px, Py, Pz, E; fourvector pxpypze(Px, Py, Pz, E)\n"
            + "histogram mt: mt(MET, leading(Muon)), 10 bins from 0 to 100");
        Assert.Empty(result.Diagnostics);
        var met = Assert.IsType<SingletonCollection>(result.Model!.Collections.First(c => c.Name == "MET"));
        Assert.Equal(FourVectorKind.PxPy, met.FourVector!.Kind);
        Assert.Equal(new[] { "px", "py" }, met.FourVector.Fields);
        Assert.Contains(result.Model.Branches, b => b.Name == "MET_px");
    }

    [Fact]
    public void Pxpy_takes_two_fields()
    {
        var result = TestSupport.Compile("tree events\nobject MET: float32 px, py, pz; fourvector pxpy(px, py, pz)\ncount n");
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("HEP0018", error.Id);
        Assert.Contains("pxpy takes 2 fields", error.Message);
    }

    [Theory]
    [InlineData("union Lepton = Electron as electron, Muon as muon\nlet leptons = Lepton with pt > 10", true)]
    [InlineData("# only a comment\n", true)]
    [InlineData("tree Events\nuse nanoaod\ncount n", false)]
    [InlineData("analysis a\ntree Events", false)]
    [InlineData("tree Events\ncut \"c\": true", false)]
    public void A_file_that_books_nothing_and_names_no_analysis_is_a_library(string text, bool library)
    {
        Assert.Equal(library, HepCompiler.IsLibrary(text));
    }
}
