using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Execution.Tests.Agc;

/// <summary>
/// A generated NanoAOD-like file for the AGC selection, with many events in 4j2b (the shared 200-event file has none):
/// one or two leptons, 3 to 8 jets with b-tags spread over [0, 1], fixed seed.
/// </summary>
internal static class AgcFiles
{
    private static readonly Lazy<string> s_generated = new(() => Write(Path.Combine(Directory.CreateTempSubdirectory("hep-agc-").FullName, "agc-like.root"), 3000, 7));

    public static string Generated => s_generated.Value;

    public static string Write(string path, int events, int seed)
    {
        var random = new Random(seed);
        var branches = new[]
        {
            TreeBranch.Scalar("run", ColumnType.UInt32), TreeBranch.Scalar("luminosityBlock", ColumnType.UInt32), TreeBranch.Scalar("event", ColumnType.UInt64),
            TreeBranch.Scalar("nJet", ColumnType.UInt32),
            TreeBranch.Jagged("Jet_pt", ColumnType.Float32, "nJet"), TreeBranch.Jagged("Jet_eta", ColumnType.Float32, "nJet"),
            TreeBranch.Jagged("Jet_phi", ColumnType.Float32, "nJet"), TreeBranch.Jagged("Jet_mass", ColumnType.Float32, "nJet"),
            TreeBranch.Jagged("Jet_btagCSVV2", ColumnType.Float32, "nJet"),
            TreeBranch.Scalar("nElectron", ColumnType.UInt32), TreeBranch.Jagged("Electron_pt", ColumnType.Float32, "nElectron"),
            TreeBranch.Scalar("nMuon", ColumnType.UInt32), TreeBranch.Jagged("Muon_pt", ColumnType.Float32, "nMuon"),
        };
        using var writer = new TreeWriter(path, "Events", branches);
        const int cluster = 1000;
        for (var first = 0; first < events; first += cluster)
        {
            var n = Math.Min(cluster, events - first);
            var jets = new List<float[]>[5];
            for (var k = 0; k < 5; k++) jets[k] = [];
            var (ele, mu) = (new List<float[]>(), new List<float[]>());
            var (nj, ne, nm) = (new uint[n], new uint[n], new uint[n]);
            for (var e = 0; e < n; e++)
            {
                var count = random.Next(3, 9);
                nj[e] = (uint)count;
                float[] Make(Func<float> f) => Enumerable.Range(0, count).Select(_ => f()).ToArray();
                jets[0].Add(Make(() => (float)(15 + 120 * random.NextDouble())));
                jets[1].Add(Make(() => (float)(-2.4 + 4.8 * random.NextDouble())));
                jets[2].Add(Make(() => (float)(-Math.PI + 2 * Math.PI * random.NextDouble())));
                jets[3].Add(Make(() => (float)(3 + 15 * random.NextDouble())));
                jets[4].Add(Make(() => (float)random.NextDouble()));
                var electrons = Enumerable.Range(0, random.Next(0, 2)).Select(_ => (float)(10 + 60 * random.NextDouble())).ToArray();
                var muons = Enumerable.Range(0, random.Next(0, 2)).Select(_ => (float)(10 + 60 * random.NextDouble())).ToArray();
                ne[e] = (uint)electrons.Length; nm[e] = (uint)muons.Length;
                ele.Add(electrons); mu.Add(muons);
            }
            var chunk = new TreeChunk(n)
                .Set("run", Enumerable.Repeat(260000u, n).ToArray())
                .Set("luminosityBlock", Enumerable.Range(0, n).Select(i => (uint)(1 + (first + i) / 100)).ToArray())
                .Set("event", Enumerable.Range(0, n).Select(i => (ulong)(1000000 + first + i)).ToArray())
                .Set("nJet", nj).Set("nElectron", ne).Set("nMuon", nm)
                .SetJagged("Jet_pt", jets[0]).SetJagged("Jet_eta", jets[1]).SetJagged("Jet_phi", jets[2]).SetJagged("Jet_mass", jets[3])
                .SetJagged("Jet_btagCSVV2", jets[4]).SetJagged("Electron_pt", ele).SetJagged("Muon_pt", mu);
            writer.WriteCluster(chunk);
        }
        writer.Close();
        return path;
    }
}
