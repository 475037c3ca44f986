using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Execution.Tests.Support;

/// <summary>Compares two results of one analysis: counts exactly, floating sums to rounding.</summary>
internal static class ResultAssert
{
    private static void Close(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected[i])), $"{what}: cell {i}: {actual[i]} != {expected[i]}");
    }

    public static void Same(ResultSet expected, ResultSet actual, string context)
    {
        Assert.Equal(expected.Analysis, actual.Analysis);
        Assert.True(expected.Cutflow.Passed.SequenceEqual(actual.Cutflow.Passed),
            $"{context}: cut-flow {string.Join(",", actual.Cutflow.Passed)} != {string.Join(",", expected.Cutflow.Passed)}");
        Assert.Equal(expected.Histograms.Count, actual.Histograms.Count);
        for (int i = 0; i < expected.Histograms.Count; i++)
        {
            Histogram h1 = expected.Histograms[i], h2 = actual.Histograms[i];
            Assert.Equal(h1.Name, h2.Name);
            Assert.Equal(h1.Entries, h2.Entries);
            if (!h1.IsWeighted)
            {
                // Weight-1 fills: bin contents are integers, exact whatever the grouping.
                Assert.True(h1.SumW.SequenceEqual(h2.SumW), $"{context}: histogram '{h1.Name}' bins differ");
                Assert.True(h1.SumW2.SequenceEqual(h2.SumW2), $"{context}: histogram '{h1.Name}' sumw2 differ");
            }
            else
            {
                // Weighted sums are added in another grouping: equal up to rounding.
                Close(h1.SumW, h2.SumW, $"{context}: histogram '{h1.Name}' bins");
                Close(h1.SumW2, h2.SumW2, $"{context}: histogram '{h1.Name}' sumw2");
            }
            if (h1 is Histogram1D a && h2 is Histogram1D b)
                Assert.Equal(a.StatSumWX, b.StatSumWX, 1e-9 * Math.Max(1, Math.Abs(a.StatSumWX)));
        }
        for (int i = 0; i < expected.Cutflow.SumW.Length; i++)
            Assert.Equal(expected.Cutflow.SumW[i], actual.Cutflow.SumW[i], 1e-9 * Math.Max(1, Math.Abs(expected.Cutflow.SumW[i])));
        for (int i = 0; i < expected.Aggregates.Count; i++)
        {
            Assert.Equal(expected.Aggregates[i].Entries, actual.Aggregates[i].Entries);
            Assert.Equal(expected.Aggregates[i].SumWX, actual.Aggregates[i].SumWX, 1e-9 * Math.Max(1, Math.Abs(expected.Aggregates[i].SumWX)));
        }
    }
}
