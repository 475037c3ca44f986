using HepDsl.Parser.Diagnostics;
namespace HepDsl.Parser.Tests;

/// <summary>
/// HEP0028: the condition after a quantifier's ':' runs to the end of the expression, so an and/or term that does
/// not use the quantifier's variable is inside it, probably by mistake; the warning suggests brackets.
/// </summary>
public class QuantifierScopeWarningTests
{
    private static IReadOnlyList<HepDiagnostic> Warnings(string line)
    {
        var r = TestSupport.Compile(TestSupport.Nano + line + "\ncount n\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        return r.Diagnostics.Where(d => d.Id == "HEP0028").ToList();
    }

    [Fact]
    public void A_term_without_the_variable_inside_a_quantifier_is_a_warning_at_the_term()
    {
        var w = Assert.Single(Warnings("let clean = Jet with none l in Muon: deltaR(it, l) < 0.4 and abs(eta) < 1.0"));
        Assert.Equal(Severity.Warning, w.Severity);
        Assert.Equal((4, 62), (w.Line, w.Column));
        Assert.Contains("'none' condition", w.Message);
        Assert.Contains("bracket", w.Message);
    }

    [Fact]
    public void Or_terms_and_several_variables_are_checked_too()
    {
        Assert.Single(Warnings("cut c: any j in Jet: j.pt > 50 or MET.pt > 100"));
        Assert.Single(Warnings("cut c: any pair (a, b) in Muon: a.charge != b.charge and count(Jet) > 2"));
        Assert.Empty(Warnings("cut c: any pair (a, b) in Muon: a.charge != b.charge and b.pt > 20"));
        // Brackets around the first term only do not end the condition.
        Assert.Single(Warnings("cut c: any j in Jet: (j.pt > 30) and MET.pt > 10"));
    }

    [Theory]
    [InlineData("let clean = Jet with (none l in Muon: deltaR(it, l) < 0.4) and abs(eta) < 1.0")]
    [InlineData("let clean = Jet with none l in Muon: (deltaR(it, l) < 0.4 and abs(eta) < 1.0)")]
    [InlineData("let clean = Jet with none l in Muon: deltaR(it, l) < 0.4 and l.pt > 10")]
    [InlineData("cut c: all j in Jet: j.pt > 30 and any m in Muon: deltaR(j, m) > 0.4")]
    [InlineData("cut c: any j in Jet: j.pt > 30")]
    public void Bracketed_or_variable_using_conditions_give_no_warning(string line) => Assert.Empty(Warnings(line));

    [Fact]
    public void No_sample_gets_the_warning()
    {
        foreach (var sample in TestSupport.Samples())
            Assert.DoesNotContain(TestSupport.CompileFile(sample).Diagnostics, d => d.Id == "HEP0028");
    }
}
