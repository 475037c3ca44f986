using HepDsl.Parser;

namespace HepDsl.Parser.Tests;

/// <summary>
/// Forms a new user writes (issue 11, section 5): arithmetic on per-object values, a cut with one '=', titles on
/// aggregates, a union member compared with an object of its own collection, a value a cut proved present, and
/// presence inside the branches of 'if'.
/// </summary>
public class NewUserFormsTests
{
    private const string N = TestSupport.Nano;

    private static string Errors(CompileResult r) => string.Join("\n", r.Diagnostics);

    [Theory]
    [InlineData("histogram h: Jet.pt * 2, 10 bins from 0 to 100", "per [jet in Jet] fill (jet.pt * 2)")]
    [InlineData("histogram h: 2 * Jet.pt, 10 bins from 0 to 100", "per [jet in Jet] fill (2 * jet.pt)")]
    [InlineData("histogram h: -Jet.eta, 10 bins from -3 to 3", "per [jet in Jet] fill -(jet.eta)")]
    [InlineData("histogram h: abs(Jet.eta), 10 bins from 0 to 3", "per [jet in Jet] fill Abs(jet.eta)")]
    [InlineData("histogram h: Jet.pt * Jet.eta, 10 bins from 0 to 3", "per [jet in Jet] fill (jet.pt * jet.eta)")]
    [InlineData("histogram h: Jet.pt * 2, Jet.eta, 10 bins from 0 to 100, 10 bins from -3 to 3", "per [jet in Jet] fill (jet.pt * 2), jet.eta")]
    [InlineData("sum s: Jet.pt / 1000", "sum s per [jet in Jet] of (jet.pt / 1000)")]
    [InlineData("histogram h: sum(Jet.pt * 2), 10 bins from 0 to 100", "fill sum[jet in Jet: (jet.pt * 2)]")]
    public void Arithmetic_on_per_object_values_is_per_object(string statement, string expected)
    {
        var model = TestSupport.Model(N + statement);
        Assert.True(model.Contains(expected), model);
    }

    [Fact]
    public void Per_object_values_of_two_different_iterations_name_the_accepted_form()
    {
        var r = TestSupport.Compile(N + "histogram h: Jet.pt * Muon.pt, 10 bins from 0 to 100");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal("HEP0022", d.Id);
        Assert.Contains("for o in Jet", d.Message);
    }

    [Theory]
    [InlineData("cut \"x\": a = b", 12)]
    [InlineData("cut \"x\": abs(a = b) > 0", 16)]
    [InlineData("cut \"x\": max(a, b = 1) > 0", 19)]
    [InlineData("cut \"x\": if a = b then true else false", 15)]
    public void A_single_equals_sign_in_a_cut_is_reported_at_the_equals_sign(string cut, int column)
    {
        var r = TestSupport.Compile("tree t\nbranch int32 a, b\n" + cut + "\ncount n\n");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.True((3, column) == (d.Line, d.Column), d.ToString());
        Assert.True(d.Message.Contains("write '=='"), d.ToString());
    }

    [Theory]
    [InlineData("count n \"Events passing\"", "Events passing")]
    [InlineData("sum s \"Scalar sum of jet pt\": Jet.pt", "Scalar sum of jet pt")]
    [InlineData("mean m \"Mean MET\": MET.pt", "Mean MET")]
    public void Aggregates_take_a_title_like_histograms(string statement, string title)
    {
        var r = TestSupport.Compile(N + statement);
        Assert.True(r.Model != null, Errors(r));
        var a = Assert.Single(r.Model!.Statements.OfType<HepDsl.Parser.Model.AggregateStatement>());
        Assert.Equal(title, a.Title);
    }

    [Fact]
    public void An_aggregate_without_a_title_is_titled_by_its_name()
    {
        var r = TestSupport.Compile(N + "sum ht: Jet.pt");
        Assert.Equal("ht", Assert.Single(r.Model!.Statements.OfType<HepDsl.Parser.Model.AggregateStatement>()).Title);
    }

    [Fact]
    public void A_union_member_compares_with_an_object_of_its_own_collection()
    {
        var r = TestSupport.Compile(N + "union Lepton = Electron as electron, Muon as muon\n"
            + "let others = Lepton with it != leading(Muon)\nlet same = leading(Muon) == leading(Lepton)\ncount n\n");
        Assert.True(r.Model != null, Errors(r));
        var bad = TestSupport.Compile(N + "cut \"c\": leading(Jet) == leading(Muon)\ncount n\n");
        Assert.Contains(bad.Diagnostics, d => d.Id == "HEP0009" && d.Message.Contains("cannot compare an object of 'Jet'"));
    }

    [Fact]
    public void A_value_a_cut_proved_present_is_present_in_later_statements()
    {
        var r = TestSupport.Compile(N + "let z = pair (a, b) in Muon closest to 91.2 by mass(a + b)\n"
            + "cut \"z\": exists(z)\nweight z.a.pt / 10\nlet j = leading(Jet)\ncut \"j\": count(Jet) > 0 and exists(j)\nweight j.pt\ncount n\n");
        Assert.True(r.Model != null, Errors(r));
    }

    [Fact]
    public void A_value_is_still_optional_before_the_cut_that_proves_it()
    {
        var r = TestSupport.Compile(N + "let z = leading(Muon)\nweight z.pt\ncut \"z\": exists(z)\ncount n\n");
        Assert.Contains(r.Diagnostics, d => d.Id == "HEP0026" && d.Line == 5);
        // 'or' proves nothing about either side.
        var or = TestSupport.Compile(N + "let z = leading(Muon)\nlet y = leading(Jet)\ncut \"z\": exists(z) or exists(y)\nweight z.pt\ncount n\n");
        Assert.Contains(or.Diagnostics, d => d.Id == "HEP0026");
    }

    [Theory]
    [InlineData("weight if exists(Jet[1]) then Jet[1].pt else 1")]
    [InlineData("weight if not exists(leading(Jet)) then 1 else leading(Jet).pt")]
    [InlineData("weight if exists(Jet[1]) and exists(Muon[0]) then Jet[1].pt + Muon[0].pt else 1")]
    [InlineData("weight if count(Jet) > 1 and exists(max(Jet.pt)) then max(Jet.pt) else 0")]
    [InlineData("weight if not (exists(Jet[1]) and exists(Muon[0])) then 1 else Muon[0].pt")]
    public void The_branch_an_if_chooses_sees_what_its_condition_proved_present(string statement)
    {
        var r = TestSupport.Compile(N + statement + "\ncount n\n");
        Assert.True(r.Model != null, Errors(r));
    }

    [Theory]
    [InlineData("weight if exists(Jet[1]) then Jet[2].pt else 1")]
    [InlineData("weight if exists(Jet[1]) then 1 else Jet[1].pt")]
    [InlineData("weight if exists(Jet[1]) or exists(Muon[0]) then Muon[0].pt else 1")]
    public void An_if_proves_nothing_else(string statement)
    {
        var r = TestSupport.Compile(N + statement + "\ncount n\n");
        Assert.Contains(r.Diagnostics, d => d.Id == "HEP0026");
    }
}
