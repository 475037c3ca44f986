using HepDsl.Parser;

namespace HepDsl.Parser.Tests;

/// <summary>
/// An object variation replaces a stored field by its expression. A real-valued expression for an integer field was
/// accepted and truncated when stored (Charge * 1.5 of a -1 muon became -1 again, so the "varied" histogram was the
/// nominal one): it is HEP0009 at the expression instead.
/// </summary>
public class VariedFieldTypeTests
{
    private const string Head = "analysis v\ntree events\ncollection Muon[int32 NMuon]: float32 Px; int32 Charge\n";
    private const string Tail = "histogram q: Muon.Charge, 8 bins from -2 to 2\nhistogram p: Muon.Px, 8 bins from -2 to 2\n";

    [Theory]
    [InlineData("Muon.Charge = Charge * 1.5")]
    [InlineData("Muon.Charge = Charge / 2")]
    [InlineData("Muon.Charge = sqrt(Charge * Charge)")]
    public void A_real_value_for_an_integer_field_is_HEP0009(string variation)
    {
        var r = TestSupport.Compile(Head + "variation qv: " + variation + "\n" + Tail);
        Assert.Null(r.Model);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("HEP0009", 4, 29), (d.Id, d.Line, d.Column));
        Assert.Contains("Charge", d.Message);
    }

    [Theory]
    [InlineData("Muon.Charge = -Charge")]
    [InlineData("Muon.Charge = Charge * 2")]
    [InlineData("Muon.Px = Px * 1.5")]
    [InlineData("Muon.Px = Charge")]
    public void Values_the_field_can_hold_compile(string variation) =>
        Assert.NotNull(TestSupport.Compile(Head + "variation qv: " + variation + "\n" + Tail).Model);
}
