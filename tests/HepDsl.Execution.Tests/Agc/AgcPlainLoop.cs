using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Trees;

namespace HepDsl.Execution.Tests.Agc;

/// <summary>
/// The AGC ttbar analysis written again as plain loops, independently of the .hep file and the generator: every
/// variation pass by hand, the jet smearing from the algorithm as docs/language.md states it (re-implemented here).
/// Histograms are keyed like the generated ones: "ht", "ht_pt_scale_up", "trijet_mass_btag_var_0_down", ...
/// </summary>
internal static class AgcPlainLoop
{
    public static readonly string[] Variations =
    [
        "pt_scale_up", "pt_res_up", "btag_var_0_up", "btag_var_0_down", "btag_var_1_up", "btag_var_1_down",
        "btag_var_2_up", "btag_var_2_down", "btag_var_3_up", "btag_var_3_down", "scale_var_up", "scale_var_down",
    ];

    public static Dictionary<string, double[]> Run(string file)
    {
        using var tree = TreeSource.Open(file, "Events");
        var n = (int)tree.Entries;
        T[] Scalar<T>(string b) where T : unmanaged { var buf = new ColumnBuffer<T>(); tree.Column<T>(b).Read(0, n, buf); return buf.Values; }
        ColumnBuffer<float> Jagged(string b) { var buf = new ColumnBuffer<float>(); tree.Column<float>(b).Read(0, n, buf); return buf; }
        var run = Scalar<uint>("run");
        var lumi = Scalar<uint>("luminosityBlock");
        var evt = Scalar<ulong>("event");
        var (pt, eta, phi, mass, btag) = (Jagged("Jet_pt"), Jagged("Jet_eta"), Jagged("Jet_phi"), Jagged("Jet_mass"), Jagged("Jet_btagCSVV2"));
        var (ept, mpt) = (Jagged("Electron_pt"), Jagged("Muon_pt"));

        var axis = Axis.Regular(25, 50, 550);
        var result = new Dictionary<string, double[]>();
        foreach (var variation in new[] { "nominal" }.Concat(Variations))
        {
            var ht = new double[27];
            var mjjj = new double[27];
            for (var e = 0; e < n; e++)
            {
                var p = pt.Entry(e);
                var jetPt = new double[p.Length];
                for (var i = 0; i < p.Length; i++)
                    jetPt[i] = variation switch
                    {
                        "pt_scale_up" => p[i] * 1.03,
                        "pt_res_up" => p[i] * Smear(Key("pt_res_up", run[e], lumi[e], evt[e]), i),
                        _ => p[i],
                    };
                var leptons = 0;
                foreach (var x in ept.Entry(e)) if (x > 25) leptons++;
                foreach (var x in mpt.Entry(e)) if (x > 25) leptons++;
                var jets = Enumerable.Range(0, p.Length).Where(i => jetPt[i] > 25).ToList();
                if (leptons != 1 || jets.Count < 4) continue;
                var w = 1.0;
                // The reference's b-tag variation (RDataFrame helpers.h btag_weight_variation, coffea's likewise): the k-th
                // selected jet's nominal pT alone scales the weight by 1 +- 0.075 pT/50; no product over the jets.
                for (var k = 0; k < 4; k++)
                {
                    if (variation == $"btag_var_{k}_up") w *= 1 + 0.075 * jetPt[jets[k]] / 50;
                    if (variation == $"btag_var_{k}_down") w *= 1 - 0.075 * jetPt[jets[k]] / 50;
                }
                if (variation == "scale_var_up") w *= 1.025;
                if (variation == "scale_var_down") w *= 0.975;
                var b = btag.Entry(e).ToArray();
                if (jets.Count(i => b[i] >= 0.5) == 1) ht[axis.Index(jets.Sum(i => jetPt[i]))] += w;
                if (jets.Count(i => b[i] > 0.5) >= 2)
                {
                    double bestPt = double.NegativeInfinity, bestMass = 0;
                    for (var x = 0; x < jets.Count; x++)
                        for (var y = x + 1; y < jets.Count; y++)
                            for (var z = y + 1; z < jets.Count; z++)
                            {
                                int a = jets[x], c = jets[y], d = jets[z];
                                if (!(b[a] > 0.5 || b[c] > 0.5 || b[d] > 0.5)) continue;
                                double px = 0, py = 0, pz = 0, en = 0;
                                foreach (var j in new[] { a, c, d })
                                {
                                    double jpx = jetPt[j] * Math.Cos(phi.Entry(e)[j]), jpy = jetPt[j] * Math.Sin(phi.Entry(e)[j]), jpz = jetPt[j] * Math.Sinh(eta.Entry(e)[j]);
                                    px += jpx; py += jpy; pz += jpz;
                                    en += Math.Sqrt(jpx * jpx + jpy * jpy + jpz * jpz + (double)mass.Entry(e)[j] * mass.Entry(e)[j]);
                                }
                                var tripletPt = Math.Sqrt(px * px + py * py);
                                if (tripletPt > bestPt) { bestPt = tripletPt; bestMass = Math.Sqrt(Math.Max(0, en * en - px * px - py * py - pz * pz)); }
                            }
                    mjjj[axis.Index(bestMass)] += w;
                }
            }
            var suffix = variation == "nominal" ? "" : "_" + variation;
            result["ht" + suffix] = ht;
            result["trijet_mass" + suffix] = mjjj;
        }
        return result;
    }

    // The documented generator, written out again: SplitMix64 finaliser, FNV-1a of the name, Box-Muller.
    private static ulong Mix(ulong x)
    {
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9UL; x ^= x >> 27; x *= 0x94D049BB133111EBUL; x ^= x >> 31;
        return x;
    }

    private static ulong Key(string name, ulong run, ulong lumi, ulong evt)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in System.Text.Encoding.UTF8.GetBytes(name)) { h ^= ch; h *= 1099511628211UL; }
        return Mix(Mix(Mix(h ^ run) ^ lumi) ^ evt);
    }

    private static double Smear(ulong key, int obj)
    {
        double U(ulong c) => ((Mix(Mix(key ^ (ulong)obj) ^ c) >> 11) + 0.5) / 9007199254740992.0;
        return 1 + 0.05 * Math.Sqrt(-2 * Math.Log(U(0))) * Math.Cos(2 * Math.PI * U(1));
    }
}
