using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Generator.Tests.Emitter;

/// <summary>
/// The <c>product</c> fold: per-object factors multiplied (1 over no objects), in aggregates and as per-object weight
/// factors of an up/down weight variation, against a loop.
/// </summary>
public class ProductFoldTests
{
    private const string Hep = """
        analysis prodfold
        tree t
        collection Jet[int32 nJet]: float32 pt; int32 flav
        let jets = Jet with pt > 20
        variation sf: weight up product(1 + 0.1 * j.pt / 50 for j in jets), down product(1 - 0.1 * j.pt / 50 for j in jets)
        sum ratio: product(jets.pt / 50)
        sum tagged: product(if j.flav == 5 then 1.1 else 0.95 for j in jets)
        sum flavours: product(Jet.flav)
        histogram njets: count(jets), 8 bins from 0 to 8
        """;

    private static int Jets(long i) => (int)(i % 6);
    private static float Pt(long i, int k) => 12 + 9 * k + i % 13;
    private static int Flav(long i, int k) => (i + k) % 3 == 0 ? 5 : 1 + k % 2;

    [Fact]
    public void Product_multiplies_per_object_factors_and_is_one_over_nothing()
    {
        var (output, diagnostics, _) = GeneratorHarness.Generate((Path.Combine(Path.GetTempPath(), "hep-product", "prodfold.hep"), Hep));
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        var analysis = GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), "ProdfoldAnalysis");
        const int n = 120;
        var source = new InMemoryEventSource(n, clusterSize: 50)
            .Scalar("nJet", ColumnType.Int32, i => Jets(i))
            .Jagged("Jet_pt", ColumnType.Float32, i => Enumerable.Range(0, Jets(i)).Select(k => Pt(i, k)).ToArray())
            .Jagged("Jet_flav", ColumnType.Int32, i => Enumerable.Range(0, Jets(i)).Select(k => Flav(i, k)).ToArray());
        var result = analysis.CreateResult();
        Assert.Equal(["njets", "njets_sf_up", "njets_sf_down"], result.Histograms.Select(h => h.Name));
        analysis.CreateProcessor().Process(source, new EntryRange(0, n), result);

        double ratio = 0, tagged = 0, flavours = 0;
        var (nominal, up, down) = (new double[10], new double[10], new double[10]);
        var axis = Axis.Regular(8, 0, 8);
        var emptyEvents = 0;
        for (long i = 0; i < n; i++)
        {
            var selected = Enumerable.Range(0, Jets(i)).Where(k => Pt(i, k) > 20).ToList();
            if (selected.Count == 0) emptyEvents++;
            double r = 1, t = 1, f = 1, u = 1, d = 1;
            foreach (var k in selected)
            {
                r *= Pt(i, k) / 50.0;
                t *= Flav(i, k) == 5 ? 1.1 : 0.95;
                u *= 1 + 0.1 * Pt(i, k) / 50;
                d *= 1 - 0.1 * Pt(i, k) / 50;
            }
            for (var k = 0; k < Jets(i); k++) f *= Flav(i, k);
            ratio += r; tagged += t; flavours += f;
            nominal[axis.Index(selected.Count)] += 1;
            up[axis.Index(selected.Count)] += u;
            down[axis.Index(selected.Count)] += d;
        }
        Assert.True(emptyEvents > 0, "some events have no selected jet: their product is 1");
        Assert.Equal(ratio, result.Aggregate("ratio").SumWX, 1e-9 * ratio);
        Assert.Equal(tagged, result.Aggregate("tagged").SumWX, 1e-9 * tagged);
        Assert.Equal(flavours, result.Aggregate("flavours").SumWX);
        Assert.Equal(nominal, result.Histogram("njets").SumW);
        for (var b = 0; b < up.Length; b++)
        {
            Assert.Equal(up[b], result.Histogram("njets_sf_up").SumW[b], 1e-9 * Math.Max(1, up[b]));
            Assert.Equal(down[b], result.Histogram("njets_sf_down").SumW[b], 1e-9 * Math.Max(1, down[b]));
        }
        Assert.NotEqual(up, down);
    }
}
