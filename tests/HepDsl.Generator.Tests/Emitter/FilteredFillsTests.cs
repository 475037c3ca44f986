using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Generator.Tests.Emitter;

/// <summary>
/// The two fills of a 2D histogram written over one filtered collection, <c>(Jet with pt &gt; 30).pt, (Jet with
/// pt &gt; 30).eta</c>: the checker sees the same source twice (<c>ExpressionEquality</c>, its filter variables matched
/// by place), so both fills read the same jet. Checked against a loop over the same events.
/// </summary>
public class FilteredFillsTests
{
    private static int Jets(long i) => (int)(i % 5);
    private static float Pt(long i, int k) => 10 + 13 * ((i + 3 * k) % 7);
    private static float Eta(long i, int k) => -4.5f + 0.7f * ((2 * i + k) % 13);

    [Fact]
    public void Both_fills_read_the_same_selected_jet()
    {
        var text = "analysis filtered\ntree t\ncollection Jet[int32 nJet]: float32 pt, eta\n"
            + "histogram h: (Jet with pt > 30).pt, (Jet with pt > 30).eta, 10 bins from 0 to 100, 10 bins from -5 to 5\n";
        var (output, diagnostics, _) = GeneratorHarness.Generate((Path.Combine(Path.GetTempPath(), "hep-filtered", "filtered.hep"), text));
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        var analysis = GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), "FilteredAnalysis");
        const long events = 200;
        var source = new InMemoryEventSource(events)
            .Scalar("nJet", ColumnType.Int32, i => Jets(i))
            .Jagged("Jet_pt", ColumnType.Float32, i => Enumerable.Range(0, Jets(i)).Select(k => Pt(i, k)).ToArray())
            .Jagged("Jet_eta", ColumnType.Float32, i => Enumerable.Range(0, Jets(i)).Select(k => Eta(i, k)).ToArray());
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(source, new EntryRange(0, source.Entries), result);

        var expected = new Histogram2D("h", "h", Axis.Regular(10, 0, 100), Axis.Regular(10, -5, 5));
        for (long i = 0; i < events; i++)
            for (var k = 0; k < Jets(i); k++)
                if (Pt(i, k) > 30) expected.Fill(Pt(i, k), Eta(i, k));
        var h = Assert.IsType<Histogram2D>(result.Histogram("h"));
        Assert.Equal(expected.Entries, h.Entries);
        Assert.Equal(expected.SumW, h.SumW);
        Assert.True(expected.Entries > 50);
    }
}
