using HepDsl.Parser;

namespace HepDsl.Parser.Tests;

/// <summary>Binnings that cannot be filled or would not fit in memory are check-time errors (issue 11).</summary>
public class BinningLimitTests
{
    private const string Head = "analysis b\ntree events\nbranch float32 x, y\n";

    private static HepDiagnostic Error(string histogram)
    {
        var r = TestSupport.Compile(Head + histogram + "\n");
        Assert.Null(r.Model);
        return Assert.Single(r.Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void A_billion_bins_is_HEP0042()
    {
        var d = Error("histogram h: x, 1000000000 bins from 0 to 120");
        Assert.Equal(("HEP0042", 4, 17), (d.Id, d.Line, d.Column));
        Assert.Equal("histogram 'h' has 1,000,000,002 cells (1,000,000,002, under- and overflow included); a histogram may have at most 10,000,000", d.Message);
    }

    [Fact]
    public void A_2D_histogram_counts_the_product_of_its_axes()
    {
        var d = Error("histogram h: x, y, 5000 bins from 0 to 1, edges [" + string.Join(", ", Enumerable.Range(0, 2001)) + "]");
        Assert.Equal("HEP0042", d.Id);
        Assert.StartsWith("histogram 'h' has 10,014,004 cells (5,002 x 2,002,", d.Message);
        // Just under the limit is fine.
        Assert.NotNull(TestSupport.Compile(Head + "histogram h: x, y, 4998 bins from 0 to 1, 1998 bins from 0 to 1\ncount n\n").Model);
    }

    [Theory]
    [InlineData("10 bins from -1e308 to 1e308", "HEP0012", "the width of 10 bins from -1E+308 to 1E+308 is larger than the largest number; narrow the range")]
    [InlineData("10 bins from 0 to 1e400", "HEP0012", "expected finite edges but got from 0 to Infinity")]
    [InlineData("10 bins from -1e400 to 0", "HEP0012", "expected finite edges but got from -Infinity to 0")]
    [InlineData("2 bins from 0 to 5e-324", "HEP0012", "the width of 2 bins from 0 to 5E-324 is too small to tell the bins apart")]
    [InlineData("edges [0, 1, 1e400]", "HEP0013", "expected finite bin edges but edge 3 is Infinity")]
    [InlineData("edges [-1e308, 1e308]", "HEP0013", "the width from edge 1 (-1E+308) to edge 2 (1E+308) is larger than the largest number")]
    public void Non_finite_edges_and_widths_are_errors(string binning, string id, string message)
    {
        var d = Error("histogram h: x, " + binning);
        Assert.Equal((id, message), (d.Id, d.Message));
    }
}
