using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Tests;

/// <summary>
/// A region's lets and what its cuts prove present belong to that region: the next region starts again from the
/// common selection, so it may reuse a let's name, and it cannot read the other region's lets or proofs.
/// </summary>
public class RegionScopeTests
{
    private const string Common = TestSupport.Nano + "let jets = Jet with pt > 25\ncut \"two jets\": count(jets) >= 2\n";

    [Fact]
    public void Two_regions_may_each_define_a_let_of_the_same_name()
    {
        var r = TestSupport.Compile(Common
            + "region a\nlet ht = MET.pt\nhistogram ha: ht, 10 bins from 0 to 100\n"
            + "region b\nlet ht = sum(jets.pt)\nhistogram hb: ht, 10 bins from 0 to 100\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        var lets = r.Model!.Statements.OfType<Definition>().Where(d => d.Name == "ht").ToList();
        Assert.Equal(2, lets.Count);
        Assert.NotEqual(lets[0].Value, lets[1].Value);
        // Each histogram reads its own region's let: printed in order, region a's ht is MET's, region b's is the jets'.
        var printed = ModelPrinter.Print(r.Model);
        Assert.True(printed.IndexOf("MET", StringComparison.Ordinal) < printed.IndexOf("region b", StringComparison.Ordinal), printed);
    }

    [Fact]
    public void A_let_repeated_in_one_region_is_an_error()
    {
        var r = TestSupport.Compile(Common + "region a\nlet ht = MET.pt\nlet ht = MET.phi\nhistogram ha: ht, 10 bins from 0 to 100\n");
        var d = Assert.Single(r.Diagnostics, x => x.Id == DiagnosticIds.DuplicateName);
        Assert.Equal(8, d.Line);
        Assert.Contains("'ht' is already declared (definition at test.hep:7", d.Message);
    }

    [Fact]
    public void A_region_let_may_not_take_the_name_of_a_common_let_or_a_collection()
    {
        var r = TestSupport.Compile(Common + "region a\nlet jets = Jet with pt > 30\nregion b\nlet Muon = MET.pt\nhistogram h: count(jets), 5 bins from 0 to 5\n");
        var errors = r.Diagnostics.Where(x => x.Id == DiagnosticIds.DuplicateName).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains("'jets' is already declared (definition at test.hep:4", errors[0].Message);
        Assert.Contains("'Muon' is already declared (collection", errors[1].Message);
    }

    [Fact]
    public void A_region_cannot_read_another_regions_let()
    {
        var r = TestSupport.Compile(Common + "region a\nlet ht = sum(jets.pt)\nregion b\nhistogram hb: ht, 10 bins from 0 to 100\n");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticIds.UnknownName, d.Id);
        Assert.Equal(9, d.Line);
    }

    [Fact]
    public void What_a_regions_cut_proves_present_is_not_proven_in_the_next_region()
    {
        // In region a, jets[3] is proven by its cut; region b starts from the common selection, where it may be absent.
        var proven = Common + "region a\ncut \"four\": exists(jets[3])\nweight jets[3].pt\nhistogram ha: MET.pt, 10 bins from 0 to 100\n";
        Assert.True(TestSupport.Compile(proven).Model != null);
        var r = TestSupport.Compile(proven + "region b\nweight jets[3].pt\nhistogram hb: MET.pt, 10 bins from 0 to 100\n");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticIds.OptionalWeight, d.Id);
        Assert.Equal(11, d.Line);
        // A proof of the common selection holds in every region.
        var common = TestSupport.Compile(Common + "cut \"four\": exists(jets[3])\nregion a\nweight jets[3].pt\nhistogram ha: MET.pt, 10 bins from 0 to 100\n"
            + "region b\nweight jets[3].pt\nhistogram hb: MET.pt, 10 bins from 0 to 100\n");
        Assert.True(common.Model != null, string.Join("\n", common.Diagnostics));
    }
}
