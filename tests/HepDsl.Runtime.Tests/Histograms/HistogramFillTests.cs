using HepDsl.Runtime.Histograms;

namespace HepDsl.Runtime.Tests.Histograms;

public class HistogramFillTests
{
    [Fact]
    public void RegularAxisFollowsRootsBinning()
    {
        var a = Axis.Regular(10, 0, 1);
        Assert.Equal(0, a.Index(-1e-300));
        Assert.Equal(1, a.Index(0));
        Assert.Equal(1, a.Index(0.0999));
        Assert.Equal(10, a.Index(Math.BitDecrement(1.0)));
        Assert.Equal(11, a.Index(1));
        Assert.Equal(11, a.Index(double.PositiveInfinity));
        Assert.Equal(0, a.Index(double.NegativeInfinity));
        Assert.Equal(11, a.Index(double.NaN));
        Assert.Equal(11, a.Edges.Count);
        Assert.Equal(0.05, a.Center(1), 15);
    }

    [Fact]
    public void VariableAxisBinsAreHalfOpen()
    {
        var a = Axis.Variable([0, 10, 20, 35, 50]);
        Assert.Equal([0, 1, 1, 2, 3, 4, 5, 5], new[] { -1, 0, 9.99, 10, 20, 49.9, 50, double.NaN }.Select(a.Index));
        Assert.False(a.IsRegular);
        Assert.Equal(4, a.Bins);
    }

    [Fact]
    public void BadAxesAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Axis.Regular(0, 0, 1));
        Assert.Throws<ArgumentException>(() => Axis.Regular(3, 1, 1));
        Assert.Throws<ArgumentException>(() => Axis.Regular(3, 0, double.NaN));
        Assert.Throws<ArgumentException>(() => Axis.Variable([1]));
        Assert.Throws<ArgumentException>(() => Axis.Variable([0, 2, 2]));
    }

    [Fact]
    public void OneDimensionalFillsKeepFlowAndRootStatistics()
    {
        var h = new Histogram1D("h", "t", Axis.Regular(4, 0, 4));
        h.Fill(-1);
        h.Fill(0.5);
        h.Fill(0.5, 2);
        h.Fill(3.5, 0.5);
        h.Fill(7);
        Assert.Equal([1, 3, 0, 0, 0.5, 1], h.SumW);
        Assert.Equal([1, 5, 0, 0, 0.25, 1], h.SumW2);
        Assert.Equal(5, h.Entries);
        Assert.True(h.IsWeighted);
        // Statistics count in-range fills only, as TH1 does.
        Assert.Equal((3.5, 5.25, 0.5 + 1 + 1.75, 0.25 + 0.5 + 6.125), (h.StatSumW, h.StatSumW2, h.StatSumWX, h.StatSumWX2));
    }

    [Fact]
    public void UnitWeightsStayUnweighted()
    {
        var h = new Histogram1D("h", "", Axis.Regular(2, 0, 2));
        h.Fill(0.5, 1);
        h.Fill(1.5);
        Assert.False(h.IsWeighted);
        var h2 = new Histogram2D("h2", "", Axis.Regular(2, 0, 2), Axis.Regular(2, 0, 2));
        h2.Fill(0.5, 0.5);
        Assert.False(h2.IsWeighted);
        h2.Fill(0.5, 0.5, 0.5);
        Assert.True(h2.IsWeighted);
    }

    [Fact]
    public void TwoDimensionalCellsUseRootsGlobalBinNumbers()
    {
        var h = new Histogram2D("h", "", Axis.Regular(3, 0, 3), Axis.Variable([0, 1, 10]));
        Assert.Equal(5 * 4, h.SumW.Length);
        h.Fill(1.5, 5, 2);      // ix 2, iy 2
        h.Fill(-1, 20);         // underflow x, overflow y
        Assert.Equal(2, h.SumW[2 + 5 * 2]);
        Assert.Equal(4, h.SumW2[h.Cell(2, 2)]);
        Assert.Equal(1, h.SumW[h.Cell(0, 3)]);
        Assert.Equal((2.0, 3.0, 10.0, 15.0), (h.StatSumW, h.StatSumWX, h.StatSumWY, h.StatSumWXY));
        Assert.Equal(2, h.Entries);
    }
}
