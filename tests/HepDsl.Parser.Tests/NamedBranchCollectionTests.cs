using HepDsl.Parser.Model;
using HepDsl.Parser.Diagnostics;

namespace HepDsl.Parser.Tests;

/// <summary>
/// Collections whose fields name their branches: std::vector branches (<c>collection Jet[vector]: float32 jet_pt as pt</c>)
/// and counted arrays with free names (<c>collection Slice[int32 N]: int32 SliceI32 as i32</c>).
/// </summary>
public class NamedBranchCollectionTests
{
    private const string Flat = "analysis flat\ntree t\n";

    [Fact]
    public void A_vector_collection_reads_named_branches_and_is_counted_by_their_length()
    {
        var r = TestSupport.Compile(Flat
            + "collection Jet[vector]: float32 jet_pt as pt, jet_eta as eta, jet_phi as phi, jet_m as m; int32 jet_flav as flavour; fourvector ptetaphim(pt, eta, phi, m)\n"
            + "let central = Jet with pt > 30 and abs(eta) < 2.4\n"
            + "histogram mjj: mass(leading(central) + subleading(central)), 10 bins from 0 to 500\n"
            + "histogram dr: deltaR(a, b) for pair (a, b) in central, 10 bins from 0 to 5\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        var jet = Assert.IsType<SourceCollection>(Assert.Single(r.Model!.Collections));
        Assert.True(jet.CountedByLength);
        Assert.Equal("jet_pt", jet.CounterBranch);
        Assert.Equal(new[] { "jet_eta", "jet_m", "jet_phi", "jet_pt" }, r.Model.Branches.Select(b => b.Name));
        Assert.All(r.Model.Branches, b => Assert.Equal(BranchShape.Jagged, b.Shape));
        Assert.Equal("jet_eta", jet.Fields.Single(f => f.Name == "eta").Branch);
        var printed = ModelPrinter.Print(r.Model);
        Assert.Contains("source Jet counted by the length of jet_pt, fourvector PtEtaPhiM(pt, eta, phi, m)", printed);

        // The model stays value-equal: compiling the same text twice gives equal models.
        var again = TestSupport.Compile(Flat
            + "collection Jet[vector]: float32 jet_pt as pt, jet_eta as eta, jet_phi as phi, jet_m as m; int32 jet_flav as flavour; fourvector ptetaphim(pt, eta, phi, m)\n"
            + "let central = Jet with pt > 30 and abs(eta) < 2.4\n"
            + "histogram mjj: mass(leading(central) + subleading(central)), 10 bins from 0 to 500\n"
            + "histogram dr: deltaR(a, b) for pair (a, b) in central, 10 bins from 0 to 5\n");
        Assert.Equal(r.Model, again.Model);
    }

    [Fact]
    public void Plain_field_names_of_a_vector_collection_read_name_underscore_field()
    {
        var printed = TestSupport.Model(Flat + "collection jet[vector]: float32 pt, eta\nhistogram h: jet.eta, 10 bins from -5 to 5\n");
        Assert.Contains("source jet counted by the length of jet_eta", printed);
        Assert.Contains("eta: float <- jet_eta Float32", printed);
    }

    [Fact]
    public void A_vector_collection_used_only_for_its_count_reads_its_first_field()
    {
        var printed = TestSupport.Model(Flat + "collection V[vector]: int32 StlVecI32 as value; float64 StlVecF64 as d\nhistogram n: count(V), 10 bins from 0 to 10\n");
        Assert.Contains("StlVecI32 Int32 Jagged of V.value", printed);
        Assert.Contains("source V counted by the length of StlVecI32", printed);
        Assert.DoesNotContain("StlVecF64", printed);
    }

    [Fact]
    public void A_counted_collection_may_name_its_branches()
    {
        var r = TestSupport.Compile(Flat + "collection Slice[int32 N]: int32 SliceInt32 as i32; float64 SliceFloat64 as f64\n"
            + "sum s: sum(Slice.f64)\nhistogram h: Slice.i32, 10 bins from 0 to 10\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        var slice = Assert.IsType<SourceCollection>(Assert.Single(r.Model!.Collections));
        Assert.False(slice.CountedByLength);
        Assert.Equal("N", slice.CounterBranch);
        Assert.Equal(new[] { "N", "SliceFloat64", "SliceInt32" }, r.Model.Branches.Select(b => b.Name));
        Assert.Equal(BranchShape.Jagged, r.Model.Branches.Single(b => b.Name == "SliceInt32").Shape);
    }

    [Fact]
    public void Objects_may_name_their_branches_too()
    {
        var printed = TestSupport.Model(Flat + "object met: float32 MET_RefFinal_et as pt, MET_RefFinal_phi as phi; fourvector ptphi(pt, phi)\nhistogram h: met.pt, 10 bins from 0 to 100\n");
        Assert.Contains("pt: float <- MET_RefFinal_et Float32", printed);
    }

    [Fact]
    public void Vector_fields_work_in_unions_with_counted_collections()
    {
        var printed = TestSupport.Model(Flat
            + "collection El[vector]: float32 el_pt as pt, el_eta as eta, el_phi as phi, el_m as m; fourvector ptetaphim(pt, eta, phi, m)\n"
            + "collection Mu[int32 nMu]: float32 pt, eta, phi, m; fourvector ptetaphim(pt, eta, phi, m)\n"
            + "union Lepton = El as electron, Mu as muon\n"
            + "histogram m: mass(a + b) for pair (a, b) in Lepton, 10 bins from 0 to 200\n");
        Assert.Contains("source El counted by the length of el_pt", printed);
        Assert.Contains("source Mu counted by nMu", printed);
    }

    public static TheoryData<string, string, int, int> Misuse() => new()
    {
        // [vector N]: a vector collection has no counter.
        { Flat + "collection Jet[vector nJet]: float32 jet_pt as pt", "HEP0027", 3, 16 },
        // Two fields reading one branch.
        { Flat + "collection Jet[vector]: float32 jet_pt as pt, jet_pt as pt2", "HEP0027", 3, 47 },
        // The counter as a per-object field.
        { Flat + "collection S[int32 N]: int32 N as n", "HEP0027", 3, 30 },
        // A vector collection with no field has nothing to count by.
        { Flat + "collection Jet[vector]: fourvector pxpy(a, b)", "HEP0027", 3, 12 },
        // `as` belongs to fields, not to branch statements.
        { Flat + "branch float32 jet_pt as pt", "HEP0001", 3, 23 },
        { Flat + "collection Jet[vector]: float32 jet_pt as", "HEP0001", 3, 40 },
        { Flat + "collection Jet[vector]: vector<float> jet_pt", "HEP0001", 3, 31 },
        { Flat + "collection Jet[vector]: float32 jet_pt as pt, jet_eta as pt", "HEP0010", 3, 58 },
    };

    [Theory]
    [MemberData(nameof(Misuse))]
    public void Misuse_gives_a_diagnostic_at_its_place(string text, string id, int line, int column)
    {
        var r = TestSupport.Compile(text + "\ncount n\n");
        var first = r.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error);
        Assert.True(first != null, "expected an error; got none");
        Assert.True((id, line, column) == (first!.Id, first.Line, first.Column), $"expected {id} at {line}:{column}; got {first}");
    }

    [Fact]
    public void The_vector_misuse_message_shows_the_right_spelling()
    {
        var r = TestSupport.Compile(Flat + "collection Jet[vector nJet]: float32 jet_pt as pt\ncount n\n");
        Assert.Contains("Jet[vector]", r.Diagnostics.First().Message);
    }
}
