using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Runtime.Datasets;

/// <summary>One histogram ready for a fit: region/channel, sample, variation, and its normalised contents.</summary>
public sealed record FitHistogram(string Channel, string Observable, string Sample, bool IsData, string Variation, Histogram Histogram);

/// <summary>
/// Names every normalised histogram <c>{channel}_{sample}_{variation}</c> (cabinetry's input convention; the nominal is
/// variation <c>nominal</c>). The channel is the region when the region books one histogram, <c>{region}_{histogram}</c>
/// when it books several, and the histogram's name outside regions. An event variation that cannot change a histogram
/// was not filled separately: the nominal is written under its name. Data gets only its nominal; a variation restricted
/// to samples appears only for them; an alternative sample is written with its own variation name.
/// </summary>
public static class FitHistograms
{
    public static IReadOnlyList<FitHistogram> Of(DatasetResult result)
    {
        var info = result.Analysis.Info;
        var booked = result.Analysis.CreateResult().Histograms;
        var roles = booked.Select((h, i) => info.RoleOf(i, h.Name)).ToList();
        var perRegion = roles.Where(r => r.Variation == HistogramRole.Nominal).GroupBy(r => r.Region).ToDictionary(g => g.Key, g => g.Count());
        string Channel(HistogramRole r) => r.Region.Length == 0 ? r.Observable : perRegion[r.Region] == 1 ? r.Region : r.Region + "_" + r.Observable;

        var list = new List<FitHistogram>();
        foreach (var run in result.Runs)
        {
            var histograms = run.Outcome.Result.Histograms;
            FitHistogram Make(int index, string variation)
            {
                var role = roles[index];
                var channel = Channel(role);
                var name = $"{channel}_{run.Sample.Name}_{variation}";
                return new FitHistogram(channel, role.Observable, run.Sample.Name, run.Sample.IsData, variation,
                    HistogramCopy.Scaled(histograms[index], name, run.Scale, run.Sample.Name));
            }
            for (var i = 0; i < roles.Count; i++)
            {
                if (roles[i].Variation != HistogramRole.Nominal) continue;
                if (run.SampleVariation != HistogramRole.Nominal)
                {
                    list.Add(Make(i, run.SampleVariation));
                    continue;
                }
                list.Add(Make(i, HistogramRole.Nominal));
                if (run.Sample.IsData) continue;
                foreach (var v in info.Variations ?? [])
                {
                    if (v.Samples.Count > 0 && !v.Samples.Contains(run.Sample.Name)) continue;
                    var varied = roles.FindIndex(r => r.Region == roles[i].Region && r.Observable == roles[i].Observable && r.Variation == v.Name);
                    list.Add(varied >= 0 ? Make(varied, v.Name) : Make(i, v.Name));
                }
            }
        }
        return list;
    }
}
