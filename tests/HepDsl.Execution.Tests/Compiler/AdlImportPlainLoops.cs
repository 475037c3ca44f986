using HepDsl.Runtime.Columns;
using HepDsl.Runtime.RNTuple;

namespace HepDsl.Execution.Tests.Compiler;

/// <summary>One histogram as a plain loop fills it: the values filled, and the events that passed each cut.</summary>
internal sealed record LoopHistogram(string Name, int Bins, double Low, double High, List<double> Values);

/// <summary>
/// The ADL queries Q1–Q8 written as plain C# loops over the NanoAOD RNTuple import, field by field, with their own
/// kinematics (four-vectors from pt, η, φ, m in double; Δφ wrapped; mT = √(2 pt₁ pt₂ (1 − cos Δφ))), sharing no code
/// with the compiler or the runtime's physics library: the independent computation the compiled samples are held to.
/// </summary>
internal sealed class AdlImportPlainLoops
{
    private readonly int _n;
    private readonly Dictionary<string, float[][]> _jagged = [];
    private readonly Dictionary<string, float[]> _scalars = [];
    private readonly Dictionary<string, int[][]> _charges = [];

    public AdlImportPlainLoops(string path)
    {
        using var source = NTupleSource.Open(path, "Events");
        _n = (int)source.Entries;
        foreach (var obj in new[] { "Jet", "Muon", "Electron" })
        {
            foreach (var f in new[] { "pt", "eta", "phi", "mass" }) _jagged[$"{obj}_{f}"] = Jagged<float>(source, $"{obj}_{f}");
            var counter = Scalars<uint>(source, "n" + obj);
            Assert.Equal(counter.Select(c => (int)c), _jagged[obj + "_pt"].Select(v => v.Length));
        }
        _jagged["Jet_btagCSVV2"] = Jagged<float>(source, "Jet_btagCSVV2");
        _charges["Muon"] = Jagged<int>(source, "Muon_charge");
        _charges["Electron"] = Jagged<int>(source, "Electron_charge");
        _scalars["MET_pt"] = Scalars<float>(source, "MET_pt");
        _scalars["MET_phi"] = Scalars<float>(source, "MET_phi");
    }

    public int Events => _n;

    private static T[] Scalars<T>(NTupleSource s, string name) where T : unmanaged
    {
        var b = new ColumnBuffer<T>();
        s.Column<T>(name).Read(0, (int)s.Entries, b);
        return b.Span.ToArray();
    }

    private static T[][] Jagged<T>(NTupleSource s, string name) where T : unmanaged
    {
        var b = new ColumnBuffer<T>();
        s.Column<T>(name).Read(0, (int)s.Entries, b);
        return Enumerable.Range(0, (int)s.Entries).Select(i => b.Entry(i).ToArray()).ToArray();
    }

    private sealed record Obj(double Pt, double Eta, double Phi, double Mass, int Charge, int Flavour, double Btag);

    private List<Obj> Objects(string name, int e, int flavour = 0) =>
        Enumerable.Range(0, _jagged[name + "_pt"][e].Length).Select(i => new Obj(
            _jagged[name + "_pt"][e][i], _jagged[name + "_eta"][e][i], _jagged[name + "_phi"][e][i], _jagged[name + "_mass"][e][i],
            _charges.TryGetValue(name, out var q) ? q[e][i] : 0, flavour,
            name == "Jet" ? _jagged["Jet_btagCSVV2"][e][i] : 0)).ToList();

    /// <summary>Light leptons in the union's order: electrons (flavour 0), then muons (flavour 1).</summary>
    private List<Obj> Leptons(int e) => [.. Objects("Electron", e, 0), .. Objects("Muon", e, 1)];

    private static (double Px, double Py, double Pz, double E) P4(Obj o)
    {
        double px = o.Pt * Math.Cos(o.Phi), py = o.Pt * Math.Sin(o.Phi), pz = o.Pt * Math.Sinh(o.Eta);
        double p2 = px * px + py * py + pz * pz;
        return (px, py, pz, Math.Sqrt(Math.Max(0, p2 + Math.Sign(o.Mass) * o.Mass * o.Mass)));
    }

    private static (double Px, double Py, double Pz, double E) Sum(params Obj[] objects)
    {
        double px = 0, py = 0, pz = 0, en = 0;
        foreach (var o in objects)
        {
            var p = P4(o);
            px += p.Px; py += p.Py; pz += p.Pz; en += p.E;
        }
        return (px, py, pz, en);
    }

    private static double Mass(params Obj[] objects)
    {
        var (px, py, pz, e) = Sum(objects);
        double m2 = e * e - (px * px + py * py + pz * pz);
        return m2 >= 0 ? Math.Sqrt(m2) : -Math.Sqrt(-m2);
    }

    private static double Pt(params Obj[] objects)
    {
        var (px, py, _, _) = Sum(objects);
        return Math.Sqrt(px * px + py * py);
    }

    private static double DeltaPhi(double a, double b)
    {
        double d = a - b;
        while (d > Math.PI) d -= 2 * Math.PI;
        while (d < -Math.PI) d += 2 * Math.PI;
        return d;
    }

    private static double DeltaR(Obj a, Obj b)
    {
        double deta = a.Eta - b.Eta, dphi = DeltaPhi(a.Phi, b.Phi);
        return Math.Sqrt(deta * deta + dphi * dphi);
    }

    /// <summary>The histograms of <paramref name="query"/> and, per cut row (row 0: all events), the events passing it.</summary>
    public (List<LoopHistogram> Histograms, long[] Passed) Run(string query)
    {
        var h = new List<LoopHistogram>();
        LoopHistogram H(string name, int bins, double low, double high)
        {
            var made = new LoopHistogram(name, bins, low, high, []);
            h.Add(made);
            return made;
        }
        var met = _scalars["MET_pt"];
        var metPhi = _scalars["MET_phi"];
        long[] passed;
        switch (query)
        {
            case "q1":
            {
                var m = H("met", 100, 0, 200);
                for (int e = 0; e < _n; e++) m.Values.Add(met[e]);
                passed = [_n];
                break;
            }
            case "q2":
            {
                var j = H("jet_pt", 100, 15, 60);
                for (int e = 0; e < _n; e++) j.Values.AddRange(Objects("Jet", e).Select(o => o.Pt));
                passed = [_n];
                break;
            }
            case "q3":
            {
                var j = H("jet_pt", 100, 15, 60);
                for (int e = 0; e < _n; e++) j.Values.AddRange(Objects("Jet", e).Where(o => Math.Abs(o.Eta) < 1).Select(o => o.Pt));
                passed = [_n];
                break;
            }
            case "q4":
            {
                var m = H("met", 100, 0, 200);
                long pass = 0;
                for (int e = 0; e < _n; e++)
                    if (Objects("Jet", e).Count(o => o.Pt > 40) >= 2) { pass++; m.Values.Add(met[e]); }
                passed = [_n, pass];
                break;
            }
            case "q5":
            {
                var m = H("met", 100, 0, 200);
                long pass = 0;
                for (int e = 0; e < _n; e++)
                {
                    var mu = Objects("Muon", e);
                    bool any = false;
                    for (int a = 0; a < mu.Count && !any; a++)
                        for (int b = a + 1; b < mu.Count && !any; b++)
                        {
                            double mass = Mass(mu[a], mu[b]);
                            any = mu[a].Charge != mu[b].Charge && mass > 60 && mass < 120;
                        }
                    if (any) { pass++; m.Values.Add(met[e]); }
                }
                passed = [_n, pass];
                break;
            }
            case "q6":
            {
                var pt = H("trijet_pt", 100, 15, 40);
                var btag = H("trijet_btag", 100, 0, 1);
                long pass = 0;
                for (int e = 0; e < _n; e++)
                {
                    var jets = Objects("Jet", e);
                    if (jets.Count < 3) continue;
                    pass++;
                    (int A, int B, int C) best = (-1, -1, -1);
                    double bestDistance = double.PositiveInfinity;
                    for (int a = 0; a < jets.Count; a++)
                        for (int b = a + 1; b < jets.Count; b++)
                            for (int c = b + 1; c < jets.Count; c++)
                            {
                                double d = Math.Abs(Mass(jets[a], jets[b], jets[c]) - 172.5);
                                if (d < bestDistance) { bestDistance = d; best = (a, b, c); }
                            }
                    pt.Values.Add(Pt(jets[best.A], jets[best.B], jets[best.C]));
                    btag.Values.Add(Math.Max(jets[best.A].Btag, Math.Max(jets[best.B].Btag, jets[best.C].Btag)));
                }
                passed = [_n, pass];
                break;
            }
            case "q7":
            {
                var ht = H("ht", 100, 15, 200);
                for (int e = 0; e < _n; e++)
                {
                    var leptons = Leptons(e).Where(l => l.Pt > 10).ToList();
                    ht.Values.Add(Objects("Jet", e).Where(j => j.Pt > 30 && leptons.All(l => DeltaR(j, l) >= 0.4)).Sum(j => j.Pt));
                }
                passed = [_n];
                break;
            }
            case "q8":
            {
                var mt = H("mt", 100, 0, 200);
                long three = 0, sfos = 0;
                for (int e = 0; e < _n; e++)
                {
                    var leptons = Leptons(e);
                    if (leptons.Count < 3) continue;
                    three++;
                    (int A, int B) z = (-1, -1);
                    double bestDistance = double.PositiveInfinity;
                    for (int a = 0; a < leptons.Count; a++)
                        for (int b = a + 1; b < leptons.Count; b++)
                        {
                            if (leptons[a].Flavour != leptons[b].Flavour || leptons[a].Charge == leptons[b].Charge) continue;
                            double d = Math.Abs(Mass(leptons[a], leptons[b]) - 91.2);
                            if (d < bestDistance) { bestDistance = d; z = (a, b); }
                        }
                    if (z.A < 0) continue;
                    sfos++;
                    var third = leptons.Where((_, i) => i != z.A && i != z.B).MaxBy(l => l.Pt)!;
                    mt.Values.Add(Math.Sqrt(Math.Max(0, 2 * met[e] * third.Pt * (1 - Math.Cos(DeltaPhi(metPhi[e], third.Phi))))));
                }
                passed = [_n, three, sfos];
                break;
            }
            default:
                throw new ArgumentException($"no plain loop for {query}");
        }
        return (h, passed);
    }

    /// <summary>Opposite-charge muon pairs over all events (what Q5's cut examines, whatever their mass).</summary>
    public int OppositeChargeMuonPairs()
    {
        int pairs = 0;
        for (int e = 0; e < _n; e++)
        {
            var mu = Objects("Muon", e);
            for (int a = 0; a < mu.Count; a++)
                for (int b = a + 1; b < mu.Count; b++)
                    if (mu[a].Charge != mu[b].Charge) pairs++;
        }
        return pairs;
    }

    /// <summary>Counts per bin, under- and overflow at 0 and bins+1 (a value equal to the upper edge overflows), as ROOT bins.</summary>
    public static double[] Bins(LoopHistogram h)
    {
        var counts = new double[h.Bins + 2];
        foreach (var v in h.Values)
        {
            int bin = v < h.Low ? 0 : v >= h.High ? h.Bins + 1 : 1 + (int)((v - h.Low) * h.Bins / (h.High - h.Low));
            counts[Math.Min(bin, h.Bins + 1)]++;
        }
        return counts;
    }
}
