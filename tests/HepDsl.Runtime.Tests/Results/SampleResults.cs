using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Tests.Results;

/// <summary>
/// Builds results the way a generated analysis fills them: one booking, then events filled from a seeded
/// pseudo-random stream, so any entry range can be recomputed exactly for merge tests.
/// </summary>
public static class SampleResults
{
    public const string Analysis = "sample";

    public static ResultSet Book() => new(
        Analysis,
        [
            new Histogram1D("mass", "Dimuon mass", Axis.Regular(40, 60, 120, "m_{#mu#mu} [GeV]"), "Events / 1.5 GeV"),
            new Histogram1D("pt", "Leading p_{T}", Axis.Variable([0, 10, 20, 35, 50, 80, 150], "p_{T} [GeV]")),
            new Histogram2D("eta_phi", "#eta vs #phi", Axis.Regular(10, -2.5, 2.5, "#eta"), Axis.Variable([-3.2, -1.5, 0, 0.5, 1.5, 3.2], "#phi")),
            new Histogram1D("met", "Missing E_{T}", Axis.Regular(20, 0, 200, "MET [GeV]")),
        ],
        new Cutflow(["two muons", "opposite charge", "mass window"]),
        [new Aggregate("n_muons", AggregateKind.Count), new Aggregate("sum_ht", AggregateKind.Sum), new Aggregate("mean_pt", AggregateKind.Mean)]);

    /// <summary>Fills entries [first, first+count) of a synthetic dataset; weighted uses non-unit weights.</summary>
    public static ResultSet Fill(long first, long count, bool weighted, string location = "synthetic.root")
    {
        var result = Book();
        var mass = (Histogram1D)result.Histograms[0];
        var pt = (Histogram1D)result.Histograms[1];
        var etaPhi = (Histogram2D)result.Histograms[2];
        var met = (Histogram1D)result.Histograms[3];
        for (var entry = first; entry < first + count; entry++)
        {
            var rng = new Random((int)(entry * 7919 + 17));
            var w = weighted ? 0.5 + rng.NextDouble() : 1.0;
            result.Cutflow.Pass(0, w);
            var m = 50 + 80 * rng.NextDouble();
            var p = 170 * rng.NextDouble() - 5;
            if (weighted) { mass.Fill(m, w); pt.Fill(p, w); } else { mass.Fill(m); pt.Fill(p); }
            etaPhi.Fill(6 * rng.NextDouble() - 3, 7 * rng.NextDouble() - 3.5, w);
            if (entry % 11 == 0) met.Fill(double.NaN, w);
            result.Aggregates[0].Add(1, w);
            result.Aggregates[1].Add(p + m, w);
            result.Aggregates[2].Add(p, w);
            if (rng.NextDouble() < 0.8)
            {
                result.Cutflow.Pass(1, w);
                if (rng.NextDouble() < 0.6)
                {
                    result.Cutflow.Pass(2, w);
                    if (m is > 70 and < 110) result.Cutflow.Pass(3, w);
                }
            }
        }
        result.MarkProcessed(location, new EntryRange(first, count));
        return result;
    }
}
