using HepDsl.Bench.Dataset;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Compression;

namespace HepDsl.Execution.Tests.Dataset;

/// <summary>
/// The benchmark dataset's files (NanoAOD-like events resampled from the real CMS file, with a Z→μμ admixture from the
/// real dimuon file, written by HepDsl's TTree writer): the ADL queries' declarations preflight cleanly on them,
/// compiled q4/q5 run on them and agree with a direct computation and with JSROOT, q5 selects about the admixed
/// fraction of events, and the content is physical (multiplicities, pT ordering) and deterministic.
/// </summary>
public sealed class NanoAodLikeDatasetTests : IDisposable
{
    private const int Events = 3000;
    private readonly string _folder = Directory.CreateTempSubdirectory("hep-dataset-").FullName;
    private static readonly Lazy<NanoAodSource> Source = new(() => new NanoAodSource(TestData.NanoAod, TestData.Zmumu));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Generate(string name = "nanoaod-like-0.root", int seed = 2015)
    {
        string path = Path.Combine(_folder, name);
        NanoAodDatasetFile.Write(Source.Value, path, Events, 0, seed, RootCompression.Zstd, clusterEntries: 1000);
        return path;
    }

    public static TheoryData<string> Queries => ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"];

    [Theory]
    [MemberData(nameof(Queries))]
    public void Adl_queries_preflight_cleanly(string query)
    {
        using var tree = TreeSource.Open(Generate(), "Events");
        Assert.Empty(Preflight.Problems(Samples.Compile(query).Create().Info, tree));
    }

    public static TheoryData<string> JsrootQueries => ["q1", "q2", "q3", "q4", "q5"];

    [Theory]
    [MemberData(nameof(JsrootQueries))]
    public async Task Compiled_query_on_a_generated_file_matches_jsroot_bin_by_bin(string query)
    {
        // JSROOT reads the written file on its own; the same histogram is the end-to-end check of writer and reader.
        string path = Generate();
        var run = await LocalExecutor.RunAsync(Samples.Compile(query).Create(), [path], new LocalRunOptions { Partitions = 3, Workers = 2 });
        var h = Assert.Single(run.Result.Histograms.OfType<Histogram1D>());
        var js = JsrootAdl.Run(path, query, h.X);
        Assert.Equal(Events, js.Entries);
        Assert.Equal(js.Entries, run.Entries);
        Assert.Equal(js.Fills, h.Entries);
        Assert.Equal(js.Passed, run.Result.Cutflow.Passed[^1]);
        Assert.Equal(js.Bins, h.SumW);
        Assert.True(h.Entries > 0, $"{query} fills its histogram ({h.Entries})");
    }

    [Fact]
    public async Task Compiled_q5_runs_and_agrees_with_a_direct_count()
    {
        string path = Generate();
        var analysis = Samples.Compile("q5").Create();
        var run = await LocalExecutor.RunAsync(analysis, [path], new LocalRunOptions { Partitions = 3, Workers = 2 });
        Assert.Equal(Events, run.Entries);
        Assert.Equal(3, run.Inputs.Single().Clusters.Count);
        var h = Assert.Single(run.Result.Histograms.OfType<Histogram1D>());
        var (passed, metSum) = DirectQ5(path);
        // The 200 real ttbar events hold no opposite-charge dimuon of 60-120 GeV: the events q5 selects are those given
        // a Z→μμ pair. Their number is about the admixed fraction times the dimuon file's share of OS pairs in the
        // window (computed from that file; the 2 % smearing moves few masses across 60 or 120 GeV).
        double expected = Events * NanoAodResampler.DimuonFraction * ZmumuShareInWindow();
        Assert.True(passed > 0, "q5 selects the events with an admixed Z pair");
        Assert.InRange(passed, expected - 5 * Math.Sqrt(expected) - 0.02 * expected, expected + 5 * Math.Sqrt(expected) + 0.02 * expected);
        Assert.Equal(passed, run.Result.Cutflow.Passed[^1]);
        Assert.Equal(passed, h.Entries);
        Assert.Equal(metSum, h.StatSumWX, 1e-6 * metSum);
    }

    [Fact]
    public async Task Compiled_q4_runs_and_agrees_with_a_direct_count()
    {
        string path = Generate();
        var run = await LocalExecutor.RunAsync(Samples.Compile("q4").Create(), [path], new LocalRunOptions { Partitions = 3, Workers = 2 });
        Assert.Equal(Events, run.Entries);
        using var tree = TreeSource.Open(path, "Events");
        var jets = Read<float>(tree, "Jet_pt");
        var met = Read<float>(tree, "MET_pt");
        long passed = 0;
        double metSum = 0;
        for (int i = 0; i < Events; i++)
        {
            int hard = 0;
            foreach (var pt in jets.Entry(i)) if (pt > 40) hard++;
            if (hard < 2) continue;
            passed++;
            if (met.Values[i] >= 0 && met.Values[i] < 200) metSum += met.Values[i];
        }
        Assert.True(passed > Events / 10, $"ttbar-like events: many have two jets above 40 GeV (got {passed})");
        Assert.Equal(passed, run.Result.Cutflow.Passed[^1]);
        var h = Assert.Single(run.Result.Histograms.OfType<Histogram1D>());
        Assert.Equal(passed, h.Entries);
        Assert.Equal(metSum, h.StatSumWX, 1e-6 * metSum);
    }

    /// <summary>
    /// q5 computed straight from the columns: events with an opposite-charge muon pair of mass 60-120 GeV, and the sum
    /// of their MET inside the histogram's 0-200 GeV range.
    /// </summary>
    private static (long Passed, double MetSum) DirectQ5(string path)
    {
        using var tree = TreeSource.Open(path, "Events");
        var pt = Read<float>(tree, "Muon_pt");
        var eta = Read<float>(tree, "Muon_eta");
        var phi = Read<float>(tree, "Muon_phi");
        var mass = Read<float>(tree, "Muon_mass");
        var charge = Read<int>(tree, "Muon_charge");
        var met = Read<float>(tree, "MET_pt");
        long passed = 0;
        double metSum = 0;
        for (int i = 0; i < Events; i++)
        {
            var p = pt.Entry(i);
            bool found = false;
            for (int a = 0; a < p.Length && !found; a++)
                for (int b = a + 1; b < p.Length && !found; b++)
                {
                    if (charge.Entry(i)[a] == charge.Entry(i)[b]) continue;
                    double m = PairMass(p[a], eta.Entry(i)[a], phi.Entry(i)[a], mass.Entry(i)[a], p[b], eta.Entry(i)[b], phi.Entry(i)[b], mass.Entry(i)[b]);
                    found = m > 60 && m < 120;
                }
            if (!found) continue;
            passed++;
            if (met.Values[i] >= 0 && met.Values[i] < 200) metSum += met.Values[i];   // the histogram's range: its statistics skip overflow
        }
        return (passed, metSum);
    }

    /// <summary>The share of the dimuon file's events with an opposite-charge pair of 60-120 GeV (from its own M, Q1, Q2).</summary>
    private static double ZmumuShareInWindow()
    {
        using var tree = TreeSource.Open(TestData.Zmumu, "events");
        var m = Read<double>(tree, "M").Span.ToArray();
        var q1 = Read<int>(tree, "Q1").Span.ToArray();
        var q2 = Read<int>(tree, "Q2").Span.ToArray();
        return (double)Enumerable.Range(0, m.Length).Count(i => q1[i] != q2[i] && m[i] > 60 && m[i] < 120) / m.Length;
    }

    private static double PairMass(double pt1, double eta1, double phi1, double m1, double pt2, double eta2, double phi2, double m2)
    {
        static (double E, double X, double Y, double Z) V(double pt, double eta, double phi, double m)
        {
            double x = pt * Math.Cos(phi), y = pt * Math.Sin(phi), z = pt * Math.Sinh(eta);
            return (Math.Sqrt(x * x + y * y + z * z + m * m), x, y, z);
        }
        var (e1, x1, y1, z1) = V(pt1, eta1, phi1, m1);
        var (e2, x2, y2, z2) = V(pt2, eta2, phi2, m2);
        double e = e1 + e2, x = x1 + x2, y = y1 + y2, z = z1 + z2;
        return Math.Sqrt(Math.Max(0, e * e - x * x - y * y - z * z));
    }

    [Fact]
    public void Content_is_physical_and_typed_like_the_real_file()
    {
        using var tree = TreeSource.Open(Generate(), "Events");
        using var real = TreeSource.Open(TestData.NanoAod, "Events");
        var realColumns = real.Columns.ToDictionary(c => c.Name);
        foreach (var column in tree.Columns)
            Assert.Equal(realColumns[column.Name] with { }, column);

        // Multiplicities are the real ones, drawn at random: means agree within sampling error (muons: the admixed
        // fraction of events has two).
        foreach (var counter in new[] { "nJet", "nMuon", "nElectron" })
        {
            double generated = Read<uint>(tree, counter).Span.ToArray().Average(v => (double)v);
            double original = Read<uint>(real, counter).Span.ToArray().Average(v => (double)v);
            if (counter == "nMuon") original = (1 - NanoAodResampler.DimuonFraction) * original + NanoAodResampler.DimuonFraction * 2;
            Assert.InRange(generated, original * 0.85, original * 1.15 + 0.05);
        }
        // Objects are pT-ordered after smearing (the admixed muons too), angles stay in range, event numbers run 1..N.
        var jets = Read<float>(tree, "Jet_pt");
        var muons = Read<float>(tree, "Muon_pt");
        var muonMass = Read<float>(tree, "Muon_mass");
        var jetPhi = Read<float>(tree, "Jet_phi");
        for (int i = 0; i < Events; i++)
        {
            var p = jets.Entry(i);
            for (int k = 1; k < p.Length; k++) Assert.True(p[k - 1] >= p[k], $"entry {i}: jets not pT-ordered");
            var mu = muons.Entry(i);
            for (int k = 1; k < mu.Length; k++) Assert.True(mu[k - 1] >= mu[k], $"entry {i}: muons not pT-ordered");
        }
        Assert.All(jetPhi.Span.ToArray(), v => Assert.InRange(v, -MathF.PI, MathF.PI));
        Assert.All(Read<float>(tree, "Muon_phi").Span.ToArray(), v => Assert.InRange(v, -MathF.PI, MathF.PI));
        Assert.All(muonMass.Span.ToArray(), v => Assert.InRange(v, 0.5f * 0.10566f, 1.5f * 0.10566f));
        Assert.All(Read<int>(tree, "Muon_charge").Span.ToArray(), q => Assert.True(q is 1 or -1));
        Assert.Equal(Enumerable.Range(1, Events).Select(i => (ulong)i), Read<ulong>(tree, "event").Span.ToArray());
        // The smearing makes values new: few jet pTs equal any real one.
        var realPts = Read<float>(real, "Jet_pt").Span.ToArray().ToHashSet();
        Assert.True(jets.Span.ToArray().Count(realPts.Contains) < jets.Count / 100);
    }

    [Fact]
    public void Admixed_muons_are_the_dimuon_files_pairs_with_the_other_fields_of_real_prompt_muons()
    {
        var source = Source.Value;
        using var z = TreeSource.Open(TestData.Zmumu, "events");
        Assert.Equal(z.Entries, source.DimuonEvents);
        Assert.Equal(source.Starts["nMuon"][source.Entries], source.DimuonStart);
        float[] Muon(string name) => (float[])source.Columns.Single(c => c.Name == name).Values;
        var pt = Muon("Muon_pt");
        var eta = Muon("Muon_eta");
        var mass = Muon("Muon_mass");
        var dz = Muon("Muon_dz");
        var iso = Muon("Muon_pfRelIso04_all");
        var charge = (int[])source.Columns.Single(c => c.Name == "Muon_charge").Values;
        Assert.Equal(source.DimuonStart + 2 * source.DimuonEvents, pt.Length);
        var pt1 = Read<double>(z, "pt1").Span.ToArray();
        var eta2 = Read<double>(z, "eta2").Span.ToArray();
        var q1 = Read<int>(z, "Q1").Span.ToArray();
        for (int j = 0; j < source.DimuonEvents; j++)
        {
            int at = source.DimuonStart + 2 * j;
            Assert.Equal((float)pt1[j], pt[at]);
            Assert.Equal((float)eta2[j], eta[at + 1]);
            Assert.Equal(q1[j], charge[at]);
            Assert.Equal(NanoAodSource.MuonMass, mass[at]);
        }
        // The other fields are those of real muons (the first DimuonStart ones), prompt and isolated.
        var realDz = dz[..source.DimuonStart].ToHashSet();
        for (int m = source.DimuonStart; m < pt.Length; m++)
        {
            Assert.Contains(dz[m], realDz);
            Assert.True(Math.Abs(dz[m]) < 0.1f && iso[m] < 0.15f, $"admixed muon {m}: dz {dz[m]}, isolation {iso[m]}");
        }
    }

    [Fact]
    public void Same_seed_same_values_other_seed_other_values()
    {
        using var a = TreeSource.Open(Generate("a.root"), "Events");
        using var b = TreeSource.Open(Generate("b.root"), "Events");
        using var c = TreeSource.Open(Generate("c.root", seed: 7), "Events");
        Assert.Equal(Read<float>(a, "Jet_pt").Span.ToArray(), Read<float>(b, "Jet_pt").Span.ToArray());
        Assert.Equal(Read<float>(a, "MET_phi").Span.ToArray(), Read<float>(b, "MET_phi").Span.ToArray());
        Assert.Equal(Read<uint>(a, "nMuon").Span.ToArray(), Read<uint>(b, "nMuon").Span.ToArray());
        Assert.Equal(Read<float>(a, "Muon_pt").Span.ToArray(), Read<float>(b, "Muon_pt").Span.ToArray());
        Assert.Equal(Read<float>(a, "Muon_dxy").Span.ToArray(), Read<float>(b, "Muon_dxy").Span.ToArray());
        Assert.NotEqual(Read<float>(a, "MET_phi").Span.ToArray(), Read<float>(c, "MET_phi").Span.ToArray());
        Assert.NotEqual(Read<float>(a, "Muon_pt").Span.ToArray(), Read<float>(c, "Muon_pt").Span.ToArray());
    }

    private static ColumnBuffer<T> Read<T>(TreeSource tree, string name) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        tree.Column<T>(name).Read(0, (int)tree.Entries, buffer);
        return buffer;
    }
}
