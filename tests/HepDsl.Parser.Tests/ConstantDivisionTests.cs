using HepDsl.Parser;

namespace HepDsl.Parser.Tests;

/// <summary>An Int remainder by a constant 0 is HEP0043 here, not C# error CS0020 from the generated code (issue 11).</summary>
public class ConstantDivisionTests
{
    private const string Head = "analysis d\ntree events\nbranch float32 x\nbranch int32 n\n";

    [Theory]
    [InlineData("n % 0", 18)]
    [InlineData("n % (2 - 2)", 19)]
    [InlineData("n % -0", 18)]
    [InlineData("(n + 1) % (3 * 0)", 25)]
    public void A_remainder_by_a_constant_zero_is_HEP0043_at_the_divisor(string fill, int column)
    {
        var r = TestSupport.Compile(Head + "histogram h: " + fill + ", 10 bins from 0 to 1\n");
        Assert.Null(r.Model);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("HEP0043", 5, column), (d.Id, d.Line, d.Column));
    }

    [Theory]
    [InlineData("n % 3")]
    [InlineData("n % n")]     // a value read from the file: C# does not fold it, and the run reports it
    [InlineData("x % 0")]     // Float: NaN, as in C#
    [InlineData("n / 0")]     // '/' is real division
    public void Other_remainders_compile(string fill) =>
        Assert.NotNull(TestSupport.Compile(Head + "histogram h: " + fill + ", 10 bins from 0 to 1\n").Model);
}
