using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Generator.Tests.Samples;

/// <summary>
/// Constructs the samples do not use (index access, sorting, min/max/mean folds, all, if-then-else, derived fields,
/// absent definitions) compiled from .hep text and checked against plain loops on NanoAOD.
/// </summary>
public class LanguageFeaturesOnNanoAodTests
{
    private const string Hep = """
        analysis features
        tree Events
        use nanoaod
        define Jet.ptsq = pt * pt

        let jets = Jet sorted by pt descending
        let third_pt = jets[2].pt
        histogram third_jet_pt: third_pt, 50 bins from 0 to 100
        histogram min_jet_eta: min(Jet.eta), 20 bins from -5 to 5
        histogram max_jet_ptsq: max(Jet.ptsq), 50 bins from 0 to 10000
        mean mean_abs_eta: mean(abs(j.eta) for j in Jet)
        sum central_events: if all j in Jet: abs(j.eta) < 2.4 then 1 else 0
        cut "has third jet": exists(third_pt)
        count with_three
        """;

    [Fact]
    public void Constructs_match_plain_loops()
    {
        var (output, diagnostics, _) = GeneratorHarness.Generate(("/virtual/features.hep", Hep));
        Assert.Empty(diagnostics.Select(d => d.ToString()));
        var analysis = GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), "FeaturesAnalysis");

        using var file = RootFile.Open(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"));
        using var tree = file.OpenTree("Events");
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(tree, new EntryRange(0, tree.Entries), result);

        var pt = Read<float>(tree, "Jet_pt");
        var eta = Read<float>(tree, "Jet_eta");
        var third = New(result, "third_jet_pt");
        var minEta = New(result, "min_jet_eta");
        var maxPtsq = New(result, "max_jet_ptsq");
        double sumAbsEta = 0;
        long jets = 0, central = 0, withThree = 0;
        for (var e = 0; e < pt.Entries; e++)
        {
            var o = pt.Offsets[e];
            var n = pt.Offsets[e + 1] - o;
            var sorted = Enumerable.Range(o, n).OrderByDescending(i => pt.Values[i]).ToArray();
            if (n >= 3) { third.Fill(pt.Values[sorted[2]]); withThree++; }
            if (n > 0)
            {
                minEta.Fill(Enumerable.Range(o, n).Min(i => (double)eta.Values[i]));
                maxPtsq.Fill(Enumerable.Range(o, n).Max(i => (double)pt.Values[i] * pt.Values[i]));
                sumAbsEta += Enumerable.Range(o, n).Average(i => Math.Abs((double)eta.Values[i]));
                jets++;
            }
            if (Enumerable.Range(o, n).All(i => Math.Abs(eta.Values[i]) < 2.4)) central++;
        }

        Assert.InRange(withThree, 1, 199);
        Assert.Equal(third.SumW, result.Histogram("third_jet_pt").SumW);
        Assert.Equal(minEta.SumW, result.Histogram("min_jet_eta").SumW);
        Assert.Equal(maxPtsq.SumW, result.Histogram("max_jet_ptsq").SumW);
        Assert.Equal(jets, result.Aggregate("mean_abs_eta").Entries);
        Assert.Equal(sumAbsEta / jets, result.Aggregate("mean_abs_eta").Value, 9);
        Assert.Equal(central, result.Aggregate("central_events").Value);
        Assert.Equal([200, withThree], result.Cutflow.Passed);
        Assert.Equal(withThree, result.Aggregate("with_three").Value);
    }

    private static Histogram1D New(ResultSet result, string name) => new(name, "", ((Histogram1D)result.Histogram(name)).X);

    private static ColumnBuffer<T> Read<T>(IEventSource source, string branch) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        source.Column<T>(branch).Read(0, (int)source.Entries, buffer);
        return buffer;
    }
}
