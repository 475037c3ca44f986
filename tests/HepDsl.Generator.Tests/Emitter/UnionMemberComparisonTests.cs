using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Columns;

namespace HepDsl.Generator.Tests.Emitter;

/// <summary>
/// A union object compared with an object of one of its member collections (<c>it != leading(Muon)</c> inside
/// <c>Lepton with ...</c>): equal exactly when the union object is that member object, checked against a loop.
/// </summary>
public class UnionMemberComparisonTests
{
    // Event i: i % 3 electrons, (i / 3) % 3 muons, pt values distinct so leading is unambiguous.
    private static int Electrons(long i) => (int)(i % 3);
    private static int Muons(long i) => (int)(i / 3 % 3);
    private static float ElectronPt(long i, int k) => 10 + 7 * k + i % 5;
    private static float MuonPt(long i, int k) => 12 + 5 * ((k + i) % 3) + 0.5f * k;

    [Fact]
    public void A_union_object_equals_the_member_object_it_is()
    {
        var text = "analysis unioncmp\ntree t\ncollection Electron[int32 nElectron]: float32 pt\ncollection Muon[int32 nMuon]: float32 pt\n"
            + "union Lepton = Electron as electron, Muon as muon\n"
            + "sum others: count(Lepton with it != leading(Muon))\n"
            + "sum same: count(Lepton with leading(Electron) == it)\n"
            + "sum flavour: sum(l.flavour for l in Lepton where l == leading(Muon))\n";
        var (output, diagnostics, _) = GeneratorHarness.Generate((Path.Combine(Path.GetTempPath(), "hep-union", "unioncmp.hep"), text));
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        var analysis = GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), "UnioncmpAnalysis");
        var source = new InMemoryEventSource(27)
            .Scalar("nElectron", ColumnType.Int32, i => Electrons(i))
            .Jagged("Electron_pt", ColumnType.Float32, i => Enumerable.Range(0, Electrons(i)).Select(k => ElectronPt(i, k)).ToArray())
            .Scalar("nMuon", ColumnType.Int32, i => Muons(i))
            .Jagged("Muon_pt", ColumnType.Float32, i => Enumerable.Range(0, Muons(i)).Select(k => MuonPt(i, k)).ToArray());
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(source, new EntryRange(0, source.Entries), result);

        double others = 0, same = 0, flavour = 0;
        for (long i = 0; i < 27; i++)
        {
            int ne = Electrons(i), nm = Muons(i);
            // Union index: electrons first, then muons at ne + k.
            int leadMuon = nm == 0 ? -1 : ne + Enumerable.Range(0, nm).MaxBy(k => MuonPt(i, k));
            int leadElectron = ne == 0 ? -1 : Enumerable.Range(0, ne).MaxBy(k => ElectronPt(i, k));
            for (var l = 0; l < ne + nm; l++)
            {
                // An absent leading object makes the comparison absent: the object is left out.
                if (leadMuon >= 0 && l != leadMuon) others++;
                if (leadElectron >= 0 && l == leadElectron) same++;
                if (leadMuon >= 0 && l == leadMuon) flavour += 1;
            }
        }
        Assert.Equal(others, result.Aggregate("others").SumWX);
        Assert.Equal(same, result.Aggregate("same").SumWX);
        Assert.Equal(flavour, result.Aggregate("flavour").SumWX);
        Assert.True(others > 0 && same > 0 && flavour > 0);
    }
}
