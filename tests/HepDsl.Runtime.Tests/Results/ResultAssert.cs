using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Tests.Results;

/// <summary>Compares two results: exactly (bit for bit) or, for weighted sums, to a relative tolerance.</summary>
public static class ResultAssert
{
    public static void Equal(ResultSet expected, ResultSet actual, double relativeTolerance = 0)
    {
        Assert.Equal(expected.Analysis, actual.Analysis);
        Assert.Equal(expected.Histograms.Count, actual.Histograms.Count);
        for (var i = 0; i < expected.Histograms.Count; i++) HistogramEqual(expected.Histograms[i], actual.Histograms[i], relativeTolerance);
        Assert.Equal(expected.Cutflow.Names, actual.Cutflow.Names);
        Assert.Equal(expected.Cutflow.Passed, actual.Cutflow.Passed);
        Close(expected.Cutflow.SumW, actual.Cutflow.SumW, relativeTolerance, "cutflow sumw");
        Close(expected.Cutflow.SumW2, actual.Cutflow.SumW2, relativeTolerance, "cutflow sumw2");
        Assert.Equal(expected.Aggregates.Count, actual.Aggregates.Count);
        for (var i = 0; i < expected.Aggregates.Count; i++)
        {
            var (e, a) = (expected.Aggregates[i], actual.Aggregates[i]);
            Assert.Equal((e.Name, e.Kind, e.Entries), (a.Name, a.Kind, a.Entries));
            Close([e.SumW, e.SumW2, e.SumWX, e.SumWX2], [a.SumW, a.SumW2, a.SumWX, a.SumWX2], relativeTolerance, e.Name);
        }
    }

    public static void HistogramEqual(Histogram e, Histogram a, double relativeTolerance = 0)
    {
        Assert.Equal(e.GetType(), a.GetType());
        Assert.Equal((e.Name, e.Title, e.Entries, e.IsWeighted), (a.Name, a.Title, a.Entries, a.IsWeighted));
        Close(e.SumW, a.SumW, relativeTolerance, e.Name + " sumw");
        Close(e.SumW2, a.SumW2, relativeTolerance, e.Name + " sumw2");
        switch (e)
        {
            case Histogram1D e1:
                var a1 = (Histogram1D)a;
                AxisEqual(e1.X, a1.X);
                Assert.Equal(e1.YLabel, a1.YLabel);
                Close([e1.StatSumW, e1.StatSumW2, e1.StatSumWX, e1.StatSumWX2], [a1.StatSumW, a1.StatSumW2, a1.StatSumWX, a1.StatSumWX2], relativeTolerance, e.Name + " stats");
                break;
            case Histogram2D e2:
                var a2 = (Histogram2D)a;
                AxisEqual(e2.X, a2.X);
                AxisEqual(e2.Y, a2.Y);
                Close([e2.StatSumW, e2.StatSumW2, e2.StatSumWX, e2.StatSumWX2, e2.StatSumWY, e2.StatSumWY2, e2.StatSumWXY],
                      [a2.StatSumW, a2.StatSumW2, a2.StatSumWX, a2.StatSumWX2, a2.StatSumWY, a2.StatSumWY2, a2.StatSumWXY], relativeTolerance, e.Name + " stats");
                break;
        }
    }

    private static void AxisEqual(Axis e, Axis a)
    {
        Assert.Equal(e, a);
        Assert.Equal(e.Label, a.Label);
        Assert.Equal(e.Edges.Select(BitConverter.DoubleToInt64Bits), a.Edges.Select(BitConverter.DoubleToInt64Bits));
    }

    private static void Close(double[] e, double[] a, double relativeTolerance, string what)
    {
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            if (relativeTolerance == 0)
                Assert.True(BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]), $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R}");
            else
                Assert.True(Math.Abs(e[i] - a[i]) <= relativeTolerance * Math.Max(1, Math.Abs(e[i])), $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R}");
        }
    }
}
