using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Generator.Tests.Emitter;

/// <summary>
/// Two regions each with a <c>let x</c> of their own: the generated code computes each region's x, and a variation
/// reaches a histogram through the x of that histogram's region only (region b's x reads the varied jets, region a's
/// reads MET), checked against a loop.
/// </summary>
public class RegionLetTests
{
    private const string Hep = """
        analysis regionlets
        tree t
        collection Jet[int32 nJet]: float32 pt
        branch float32 met
        variation jes: Jet.pt = pt * 1.1
        cut "some met": met > 10

        region a
        let x = met
        histogram ha: x, 10 bins from 0 to 100

        region b
        let x = sum(Jet.pt)
        cut "x above 20": x > 20
        histogram hb: x, 10 bins from 0 to 200
        """;

    private static float Met(long i) => (i * 7) % 60 + 0.5f;
    private static int Jets(long i) => (int)(i % 4);
    private static float JetPt(long i, int k) => 5 + 3 * k + i % 11;

    [Fact]
    public void Each_region_reads_its_own_let_and_variations_reach_through_it()
    {
        var (output, diagnostics, _) = GeneratorHarness.Generate((Path.Combine(Path.GetTempPath(), "hep-regionlets", "regionlets.hep"), Hep));
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        var analysis = GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), "RegionletsAnalysis");
        const int n = 200;
        var source = new InMemoryEventSource(n, clusterSize: 64)
            .Scalar("met", ColumnType.Float32, Met)
            .Scalar("nJet", ColumnType.Int32, i => Jets(i))
            .Jagged("Jet_pt", ColumnType.Float32, i => Enumerable.Range(0, Jets(i)).Select(k => JetPt(i, k)).ToArray());
        var result = analysis.CreateResult();
        // Region a's x reads no jet: jes cannot change ha, so it is not booked; region b's x sums the varied jets.
        Assert.Equal(["ha", "hb", "hb_jes"], result.Histograms.Select(h => h.Name));
        analysis.CreateProcessor().Process(source, new EntryRange(0, n), result);

        var (ha, hb, hbJes) = (new double[12], new double[12], new double[12]);
        var (axisA, axisB) = (Axis.Regular(10, 0, 100), Axis.Regular(10, 0, 200));
        for (long i = 0; i < n; i++)
        {
            if (!(Met(i) > 10)) continue;
            ha[axisA.Index(Met(i))] += 1;
            double sum = 0, varied = 0;
            for (var k = 0; k < Jets(i); k++) { sum += JetPt(i, k); varied += (double)JetPt(i, k) * 1.1; }
            if (sum > 20) hb[axisB.Index(sum)] += 1;
            if (varied > 20) hbJes[axisB.Index(varied)] += 1;
        }
        Assert.Equal(ha, result.Histogram("ha").SumW);
        Assert.Equal(hb, result.Histogram("hb").SumW);
        Assert.Equal(hbJes, result.Histogram("hb_jes").SumW);
        Assert.NotEqual(hb, hbJes);
        Assert.True(ha.Sum() > 50 && hb.Sum() > 20, $"{ha.Sum()} {hb.Sum()}");
    }
}
