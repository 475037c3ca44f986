using System.Text.Json.Nodes;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Runtime.Datasets;

/// <summary>
/// A pyhf JSON workspace (schema 1.0.0) from the normalised histograms: one channel per region (per 1D channel of
/// <see cref="FitHistograms"/>), one pyhf sample per simulated sample with modifiers
/// <list type="bullet">
/// <item><c>lumi</c> on every simulated sample (auxdata 1, sigma <see cref="LumiUncertainty"/>);</item>
/// <item>normfactor <c>mu</c> (the parameter of interest) on the first simulated sample of the dataset, normfactor
/// <c>norm_{sample}</c> on no other (they float only through their systematics);</item>
/// <item><c>staterror_{channel}</c>: sqrt(sum of squared weights) per bin;</item>
/// <item>per variation: variations named <c>X_up</c>/<c>X_down</c> pair into modifier X; a lone variation is mirrored
/// around the nominal (lo = 2·nominal − hi). A variation that scales every bin by the same factor is a <c>normsys</c>
/// (hi/lo = varied/nominal totals), any other a <c>histosys</c>.</item>
/// </list>
/// Observations are the data samples' sum; without data, the sum of the simulated nominals (an Asimov dataset).
/// Bins are the in-range bins (no under/overflow).
/// </summary>
public static class PyhfWorkspace
{
    public const double LumiUncertainty = 0.017;

    public static JsonObject Build(IReadOnlyList<FitHistogram> histograms, Dataset dataset)
    {
        var channels = new JsonArray();
        var observations = new JsonArray();
        var signal = dataset.Samples.FirstOrDefault(s => !s.IsData)?.Name;
        foreach (var channel in histograms.Where(h => h.Histogram is Histogram1D).Select(h => h.Channel).Distinct())
        {
            var inChannel = histograms.Where(h => h.Channel == channel).ToList();
            var samples = new JsonArray();
            double[]? mcTotal = null;
            foreach (var sample in dataset.Samples.Where(s => !s.IsData))
            {
                var nominal = inChannel.FirstOrDefault(h => h.Sample == sample.Name && h.Variation == HistogramRole.Nominal);
                if (nominal is null) continue;
                var nom = Bins(nominal.Histogram);
                mcTotal = mcTotal is null ? (double[])nom.Clone() : mcTotal.Zip(nom, (a, b) => a + b).ToArray();
                var modifiers = new JsonArray { Modifier("lumi", "lumi", null) };
                if (sample.Name == signal) modifiers.Add(Modifier("mu", "normfactor", null));
                modifiers.Add(Modifier($"staterror_{channel}", "staterror", Array(Errors(nominal.Histogram))));
                var varied = inChannel.Where(h => h.Sample == sample.Name && h.Variation != HistogramRole.Nominal).ToList();
                foreach (var (name, up, down) in Pairs(varied))
                {
                    var hi = Bins(up.Histogram);
                    var lo = down is null ? nom.Zip(hi, (n, u) => 2 * n - u).ToArray() : Bins(down.Histogram);
                    modifiers.Add(Systematic(name, nom, hi, lo));
                }
                samples.Add(new JsonObject { ["name"] = sample.Name, ["data"] = Array(nom), ["modifiers"] = modifiers });
            }
            if (samples.Count == 0) continue;
            var data = inChannel.Where(h => h.IsData && h.Variation == HistogramRole.Nominal).Select(h => Bins(h.Histogram)).ToList();
            var observed = data.Count > 0 ? data.Aggregate((a, b) => a.Zip(b, (x, y) => x + y).ToArray()) : mcTotal!;
            channels.Add(new JsonObject { ["name"] = channel, ["samples"] = samples });
            observations.Add(new JsonObject { ["name"] = channel, ["data"] = Array(observed) });
        }
        if (channels.Count == 0) throw new InvalidOperationException("no 1D histogram of a simulated sample to build a pyhf workspace from");
        var parameters = new JsonArray
        {
            new JsonObject
            {
                ["name"] = "lumi", ["auxdata"] = new JsonArray(1.0), ["sigmas"] = new JsonArray(LumiUncertainty),
                ["bounds"] = new JsonArray(new JsonArray(1 - 5 * LumiUncertainty, 1 + 5 * LumiUncertainty)), ["inits"] = new JsonArray(1.0),
            },
        };
        return new JsonObject
        {
            ["channels"] = channels,
            ["observations"] = observations,
            ["measurements"] = new JsonArray(new JsonObject
            {
                ["name"] = "measurement",
                ["config"] = new JsonObject { ["poi"] = "mu", ["parameters"] = parameters },
            }),
            ["version"] = "1.0.0",
        };
    }

    /// <summary>X_up with X_down become (X, up, down); anything else (name, itself, null).</summary>
    private static IEnumerable<(string Name, FitHistogram Up, FitHistogram? Down)> Pairs(List<FitHistogram> varied)
    {
        var byName = varied.ToDictionary(h => h.Variation);
        foreach (var h in varied)
        {
            if (h.Variation.EndsWith("_down", StringComparison.Ordinal) && byName.ContainsKey(h.Variation[..^5] + "_up")) continue;
            if (h.Variation.EndsWith("_up", StringComparison.Ordinal) && byName.TryGetValue(h.Variation[..^3] + "_down", out var down))
                yield return (h.Variation[..^3], h, down);
            else yield return (h.Variation, h, null);
        }
    }

    private static JsonObject Systematic(string name, double[] nominal, double[] hi, double[] lo)
    {
        double sn = nominal.Sum(), sh = hi.Sum(), sl = lo.Sum();
        if (sn > 0 && Proportional(nominal, hi, sh / sn) && Proportional(nominal, lo, sl / sn))
            return Modifier(name, "normsys", new JsonObject { ["hi"] = sh / sn, ["lo"] = sl / sn });
        return Modifier(name, "histosys", new JsonObject { ["hi_data"] = Array(hi), ["lo_data"] = Array(lo) });
    }

    private static bool Proportional(double[] nominal, double[] varied, double ratio)
    {
        for (var i = 0; i < nominal.Length; i++)
            if (Math.Abs(varied[i] - ratio * nominal[i]) > 1e-9 * Math.Max(1, Math.Abs(varied[i]))) return false;
        return true;
    }

    private static JsonObject Modifier(string name, string type, JsonNode? data) =>
        new() { ["name"] = name, ["type"] = type, ["data"] = data };

    private static double[] Bins(Histogram h) => h.SumW.Skip(1).Take(h.SumW.Length - 2).ToArray();

    private static double[] Errors(Histogram h) => h.SumW2.Skip(1).Take(h.SumW2.Length - 2).Select(Math.Sqrt).ToArray();

    private static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
