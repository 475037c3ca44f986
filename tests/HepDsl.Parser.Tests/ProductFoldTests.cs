using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Tests;

/// <summary>The <c>product</c> fold: a Float over per-object values (never absent), an error on a collection of objects.</summary>
public class ProductFoldTests
{
    [Theory]
    [InlineData("product(Jet.pt)")]
    [InlineData("product(Jet.jetId)")]
    [InlineData("product(1 + 0.1 * j.pt / 50 for j in Jet)")]
    [InlineData("product((Jet with pt > 30).pt / 50)")]
    public void A_product_of_per_object_values_is_a_float_that_is_always_present(string fold)
    {
        var r = TestSupport.Compile(TestSupport.Nano + $"let w = {fold}\nweight w\nhistogram h: MET.pt, 10 bins from 0 to 100\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        var w = r.Model!.Statements.OfType<Definition>().Single(d => d.Name == "w");
        var reduction = Assert.IsType<Reduction>(w.Value);
        Assert.Equal(ReductionKind.Product, reduction.Kind);
        Assert.Equal(HepType.Float, reduction.Type);
        Assert.StartsWith("product[", ModelPrinter.Print(r.Model).Split('\n').Single(l => l.Contains("let w")).Split("= ")[1]);
    }

    [Fact]
    public void A_product_of_objects_is_an_error()
    {
        var r = TestSupport.Compile(TestSupport.Nano + "histogram h: product(Jet), 10 bins from 0 to 100\n");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticIds.TypeMismatch, d.Id);
        Assert.Contains("product", d.Message);
    }
}
