using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Physics;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Generator.Tests.RealData;

/// <summary>
/// Combinations within and across collections on uproot's HZZ file (muons and electrons as Px, Py, Pz, E), compiled
/// from .hep text and compared with plain loops over the same columns: triples in one collection are i &lt; j &lt; k,
/// tuples across collections the full product, and a slot never reuses an object another slot holds (of the same
/// collection, or a union slot's member object in a slot of that member collection); "closest to" picks the same tuple (the first one on ties) as a plain search; nothing is
/// allocated per event.
/// </summary>
public class CombinationsOnHzzTests
{
    private const string Hep = """
        analysis combinations
        tree events
        collection Muon[int32 NMuon]: float32 Px, Py, Pz, E; int32 Charge; fourvector pxpypze(Px, Py, Pz, E)
        collection Electron[int32 NElectron]: float32 Px, Py, Pz, E; int32 Charge; fourvector pxpypze(Px, Py, Pz, E)
        union Lepton = Electron as electron, Muon as muon

        sum muon_triples: 1 for triple (a, b, c) in Muon
        sum muon_triple_mass: mass(a + b + c) for triple (a, b, c) in Muon
        sum emu_pairs: 1 for pair (m in Muon, e in Electron)
        sum emu_mass: mass(m + e) for pair (m in Muon, e in Electron)
        sum ordered_muon_pairs: 1 for pair (a in Muon, b in Muon)
        sum ordered_muon_pair_px: a.Px - 2 * b.Px for pair (a in Muon, b in Muon)
        sum positive_muon_with_any: 1 for pair (a in (Muon with Charge > 0), b in Muon)
        sum mme_triples: 1 for triple (a in Muon, b in Muon, e in Electron) where a.Charge != b.Charge
        sum lepton_muon_pairs: 1 for pair (l in Lepton, m in Muon)
        sum lepton_muon_px: l.Px - 2 * m.Px for pair (l in Lepton, m in Muon)
        sum muon_positive_lepton_pairs: 1 for pair (m in Muon, l in (Lepton with Charge > 0))
        sum negative_electron_lepton_px: e.Px - 2 * l.Px for pair (e in (Electron with Charge < 0), l in Lepton)
        sum ordered_lepton_pairs: 1 for pair (a in Lepton, b in Lepton)
        sum lme_mass: mass(l + m + e) for triple (l in Lepton, m in Muon, e in Electron) where l.Charge != m.Charge
        let z = pair (m in Muon, e in Electron) where m.Charge != e.Charge closest to 91.19 by mass(m + e)
        sum z_mass: mass(z.m + z.e)
        sum z_muon_px: z.m.Px
        sum z_electron_px: z.e.Px
        let h = triple (a in Muon, b in Muon, e in Electron) closest to 125 by mass(a + b + e)
        sum h_mass: mass(h.a + h.b + h.e)
        sum h_first_px: h.a.Px - 3 * h.b.Px
        """;

    [Fact]
    public void Tuples_within_and_across_collections_match_plain_loops()
    {
        var (output, diagnostics, _) = GeneratorHarness.Generate(("/virtual/combinations.hep", Hep));
        Assert.Empty(diagnostics.Select(d => d.ToString()));
        var analysis = GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), "CombinationsAnalysis");

        using var file = RootFile.Open(RepoPaths.Data("uproot-HZZ.root"));
        using var tree = file.OpenTree("events");
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(tree, new EntryRange(0, tree.Entries), result);

        var muons = Objects(tree, "Muon");
        var electrons = Objects(tree, "Electron");
        var expected = new Dictionary<string, (long Entries, double Sum)>();
        void Add(string name, double x)
        {
            expected.TryGetValue(name, out var s);
            expected[name] = (s.Entries + 1, s.Sum + x);
        }
        for (var ev = 0; ev < tree.Entries; ev++)
        {
            var mu = muons[ev];
            var el = electrons[ev];
            for (var i = 0; i < mu.Length; i++)
                for (var j = i + 1; j < mu.Length; j++)
                    for (var k = j + 1; k < mu.Length; k++)
                    {
                        Add("muon_triples", 1);
                        Add("muon_triple_mass", (mu[i].P4 + mu[j].P4 + mu[k].P4).Mass);
                    }
            foreach (var m in mu)
                foreach (var e in el)
                {
                    Add("emu_pairs", 1);
                    Add("emu_mass", (m.P4 + e.P4).Mass);
                }
            for (var i = 0; i < mu.Length; i++)
                for (var j = 0; j < mu.Length; j++)
                {
                    if (i == j) continue;
                    Add("ordered_muon_pairs", 1);
                    Add("ordered_muon_pair_px", mu[i].Px - 2 * mu[j].Px);
                    if (mu[i].Charge > 0) Add("positive_muon_with_any", 1);
                    foreach (var e in el)
                        if (mu[i].Charge != mu[j].Charge) Add("mme_triples", 1);
                }

            // The union is the electrons, then the muons; one lepton is one electron or one muon.
            var lep = el.Select((x, k) => (Flavour: 0, Index: k, X: x)).Concat(mu.Select((x, k) => (Flavour: 1, Index: k, X: x))).ToArray();
            foreach (var l in lep)
                for (var j = 0; j < mu.Length; j++)
                {
                    if (l.Flavour == 1 && l.Index == j) continue;
                    Add("lepton_muon_pairs", 1);
                    Add("lepton_muon_px", l.X.Px - 2 * mu[j].Px);
                    for (var k = 0; k < el.Length; k++)
                        if ((l.Flavour != 0 || l.Index != k) && l.X.Charge != mu[j].Charge)
                            Add("lme_mass", (l.X.P4 + mu[j].P4 + el[k].P4).Mass);
                }
            for (var j = 0; j < mu.Length; j++)
                foreach (var l in lep)
                    if (l.X.Charge > 0 && (l.Flavour != 1 || l.Index != j)) Add("muon_positive_lepton_pairs", 1);
            for (var k = 0; k < el.Length; k++)
                foreach (var l in lep)
                    if (el[k].Charge < 0 && (l.Flavour != 0 || l.Index != k)) Add("negative_electron_lepton_px", el[k].Px - 2 * l.X.Px);
            foreach (var a in lep)
                foreach (var b in lep)
                    if (a.Flavour != b.Flavour || a.Index != b.Index) Add("ordered_lepton_pairs", 1);

            (Lepton M, Lepton E)? z = null;
            var zScore = 0.0;
            foreach (var m in mu)
                foreach (var e in el)
                {
                    if (m.Charge == e.Charge) continue;
                    var score = Math.Abs((m.P4 + e.P4).Mass - 91.19);
                    if (z is null || score < zScore) (z, zScore) = ((m, e), score);
                }
            if (z is { } zz)
            {
                Add("z_mass", (zz.M.P4 + zz.E.P4).Mass);
                Add("z_muon_px", zz.M.Px);
                Add("z_electron_px", zz.E.Px);
            }

            (Lepton A, Lepton B, Lepton E)? h = null;
            var hScore = 0.0;
            for (var i = 0; i < mu.Length; i++)
                for (var j = 0; j < mu.Length; j++)
                    foreach (var e in el)
                    {
                        if (i == j) continue;
                        var score = Math.Abs((mu[i].P4 + mu[j].P4 + e.P4).Mass - 125);
                        if (h is null || score < hScore) (h, hScore) = ((mu[i], mu[j], e), score);
                    }
            if (h is { } hh)
            {
                Add("h_mass", (hh.A.P4 + hh.B.P4 + hh.E.P4).Mass);
                Add("h_first_px", hh.A.Px - 3 * hh.B.Px);
            }
        }

        // The file must exercise every case: events with three muons, with muons and electrons together.
        Assert.InRange(expected["muon_triples"].Entries, 10, 10_000);
        Assert.InRange(expected["mme_triples"].Entries, 10, 10_000);
        Assert.InRange(expected["lme_mass"].Entries, 10, 100_000);
        Assert.InRange(expected["negative_electron_lepton_px"].Entries, 10, 100_000);
        foreach (var (name, (entries, sum)) in expected)
        {
            var aggregate = result.Aggregate(name);
            Assert.True(entries == aggregate.Entries, $"{name}: {aggregate.Entries} entries, expected {entries}");
            Assert.True(Math.Abs(sum - aggregate.SumWX) <= 1e-9 * Math.Max(1, Math.Abs(sum)), $"{name}: sum {aggregate.SumWX}, expected {sum}");
        }
        Assert.Equal(expected.Count, result.Aggregates.Count);
        Assert.Equal(0, AllocationChecks.ExtraBytesOnceWarm(analysis, tree));
    }

    private readonly record struct Lepton(double Px, double Py, double Pz, double E, int Charge)
    {
        public LorentzVector P4 => LorentzVector.FromPxPyPzE(Px, Py, Pz, E);
    }

    private static Lepton[][] Objects(IEventSource source, string collection)
    {
        var px = Read<float>(source, collection + "_Px");
        var py = Read<float>(source, collection + "_Py");
        var pz = Read<float>(source, collection + "_Pz");
        var e = Read<float>(source, collection + "_E");
        var q = Read<int>(source, collection + "_Charge");
        return Enumerable.Range(0, (int)source.Entries)
            .Select(ev => Enumerable.Range(px.Offsets[ev], px.Offsets[ev + 1] - px.Offsets[ev])
                .Select(k => new Lepton(px.Values[k], py.Values[k], pz.Values[k], e.Values[k], q.Values[k])).ToArray())
            .ToArray();
    }

    private static ColumnBuffer<T> Read<T>(IEventSource source, string branch) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        source.Column<T>(branch).Read(0, (int)source.Entries, buffer);
        return buffer;
    }
}
