namespace HepDsl.Parser.Tests;

/// <summary>A number a double cannot hold is HEP0044 at the number, not an infinity in the generated code (found by fuzzing).</summary>
public class NumberRangeTests
{
    private const string Head = "analysis d\ntree events\nbranch float32 x\nbranch int32 n\n";

    [Theory]
    [InlineData("histogram h: x * 1e400, 10 bins from 0 to 1\n", 18)]
    [InlineData("histogram h: x + 2E309, 10 bins from 0 to 1\n", 18)]
    [InlineData("cut \"c\": x < 1e400\nhistogram h: x, 10 bins from 0 to 1\n", 14)]
    public void A_number_beyond_a_double_is_HEP0044_at_the_number(string text, int column)
    {
        var r = TestSupport.Compile(Head + text);
        Assert.Null(r.Model);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("HEP0044", 5, column), (d.Id, d.Line, d.Column));
    }

    [Theory]
    [InlineData("x * 1e300")]
    [InlineData("x * 1e-400")]                 // underflows to 0, which a double holds
    [InlineData("x + 99999999999999999999999")] // too large for an Int: a Float literal
    public void Large_but_finite_numbers_compile(string fill) =>
        Assert.NotNull(TestSupport.Compile(Head + "histogram h: " + fill + ", 10 bins from 0 to 1\n").Model);
}
