using HepDsl.Analyses;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Samples;

/// <summary>
/// Uses the generated types by name, so this project only builds when the generator ran inside the compiler
/// and produced them from the .hep samples.
/// </summary>
public static class SampleResults
{
    /// <summary>Every sample analysis, as a host would list them.</summary>
    public static IReadOnlyList<IAnalysis> All() =>
    [
        new Q1Analysis(), new Q2Analysis(), new Q3Analysis(), new Q4Analysis(),
        new Q5Analysis(), new Q6Analysis(), new Q7Analysis(), new Q8Analysis(),
        new ZmumuAnalysis(), new HzzAnalysis(),
    ];

    /// <summary>The Q5 MET histogram from a finished Q5 result.</summary>
    public static Histogram1D Q5Met(Runtime.Results.ResultSet q5) => Q5Result.From(q5).Histograms.Met;
}
