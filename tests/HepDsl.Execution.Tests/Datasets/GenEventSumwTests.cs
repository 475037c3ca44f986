using System.Text.Json;
using HepDsl.Runtime;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Datasets;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.RNTuple.Writing;
using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Execution.Tests.Datasets;

/// <summary>
/// Normalisation by the sum of <c>genEventSumw</c> over the files' <c>Runs</c> trees, on generated NanoAOD-like files
/// with a Runs tree: the scale equals cross-section × luminosity / (the generated weights summed here), and a Runs tree
/// or branch that is missing is an error naming the file and the sample.
/// </summary>
public sealed class GenEventSumwTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hep-genweights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Hep = """
        analysis jetsum
        tree Events
        use nanoaod
        cut "two jets above 30": count(Jet with pt > 30) >= 2
        histogram ht: sum((Jet with pt > 30).pt), 20 bins from 0 to 400
        """;

    /// <summary>Jet pTs of one generated file, per event (kept for the plain loop).</summary>
    private sealed record Generated(string Path, float[][] Jets, double[] Sumw);

    /// <summary>
    /// A file of <paramref name="events"/> events (nJet, Jet_pt) in clusters of 100 and, unless <paramref name="runs"/> is
    /// "none", a Runs tree of four runs with genEventSumw ("sumw") or with only genEventCount ("no branch").
    /// </summary>
    private Generated Write(string name, int events, int seed, string runs = "sumw", bool rntuple = false)
    {
        var random = new Random(seed);
        var path = Path.Combine(_folder, name);
        var jets = new float[events][];
        // The same NanoAOD-like content as TTrees or, as NanoAOD converted to RNTuple, Events and Runs RNTuples.
        IReadOnlyList<TreeBranch> eventBranches = [TreeBranch.Scalar("nJet", ColumnType.UInt32), TreeBranch.Jagged("Jet_pt", ColumnType.Float32, "nJet")];
        using var tree = rntuple ? null : new TreeWriter(path, "Events", eventBranches);
        using var ntuple = rntuple ? new NTupleWriter(path, "Events", eventBranches) : null;
        for (var first = 0; first < events; first += 100)
        {
            var n = Math.Min(100, events - first);
            for (var e = first; e < first + n; e++)
                jets[e] = Enumerable.Range(0, random.Next(0, 7)).Select(_ => (float)(10 + 90 * random.NextDouble())).ToArray();
            var chunk = new TreeChunk(n)
                .Set("nJet", jets[first..(first + n)].Select(j => (uint)j.Length).ToArray())
                .SetJagged("Jet_pt", jets[first..(first + n)]);
            if (tree is not null) tree.WriteCluster(chunk); else ntuple!.WriteCluster(chunk);
        }
        // Generator weights summed before any skim: unrelated to the events kept, as in real NanoAOD.
        var sumw = Enumerable.Range(0, 4).Select(_ => Math.Round(1e5 * (1 + random.NextDouble()), 3)).ToArray();
        var run = new uint[] { 1, 2, 3, 4 };
        void WriteRuns(IReadOnlyList<TreeBranch> branches, TreeChunk chunk)
        {
            if (tree is not null) tree.WriteTree("Runs", branches, chunk); else ntuple!.WriteNTuple("Runs", branches, chunk);
        }
        if (runs == "sumw")
            WriteRuns([TreeBranch.Scalar("run", ColumnType.UInt32), TreeBranch.Scalar("genEventSumw", ColumnType.Float64)],
                new TreeChunk(4).Set("run", run).Set("genEventSumw", sumw));
        else if (runs == "no branch")
            WriteRuns([TreeBranch.Scalar("run", ColumnType.UInt32), TreeBranch.Scalar("genEventCount", ColumnType.Int64)],
                new TreeChunk(4).Set("run", run).Set("genEventCount", new long[] { 10, 20, 30, 40 }));
        tree?.Close();
        ntuple?.Close();
        return new Generated(path, jets, runs == "sumw" ? sumw : []);
    }

    /// <summary>The analysis as a plain loop over the generated values, each event weighted <paramref name="scale"/>.</summary>
    private static double[] PlainLoop(IEnumerable<Generated> files, double scale)
    {
        var axis = Axis.Regular(20, 0, 400);
        var sums = new double[22];
        foreach (var f in files)
            foreach (var jets in f.Jets)
            {
                var above = jets.Where(p => p > 30).ToList();
                if (above.Count >= 2) sums[axis.Index(above.Sum(p => (double)p))] += scale;
            }
        return sums;
    }

    private HepDsl.Runtime.Datasets.Dataset Dataset(string json) => HepDsl.Runtime.Datasets.Dataset.Parse(Path.Combine(_folder, "dataset.json"), json);

    private static string Files(params Generated[] files) => JsonSerializer.Serialize(files.Select(f => f.Path));

    private static readonly Lazy<HepDsl.Runtime.Analysis.IAnalysis> s_analysis = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("hep-genweights-hep-").FullName;
        File.WriteAllText(Path.Combine(dir, "jetsum.hep"), Hep);
        return HepDsl.Compiler.AnalysisCompiler.Compile(Path.Combine(dir, "jetsum.hep")).Create();
    });

    private static Task<DatasetResult> Run(HepDsl.Runtime.Datasets.Dataset dataset, int partitions = 3) =>
        DatasetRunner.RunAsync(s_analysis.Value, dataset, (_, inputs) =>
            LocalExecutor.RunAsync(s_analysis.Value, inputs, new LocalRunOptions { Partitions = partitions, Workers = 2 }));

    [Fact]
    public async Task Simulation_is_normalised_by_the_sum_of_genEventSumw_over_every_files_Runs_tree()
    {
        var (a, b, c) = (Write("a.root", 700, 1), Write("b.root", 450, 2), Write("c.root", 300, 3));
        // ttbar asks for genEventSumw; wjets gives nothing, so its files' Runs trees are used as well.
        var dataset = Dataset($$"""
            { "luminosity": 3378, "samples": [
              { "name": "ttbar", "type": "simulation", "cross_section": 729.84, "normalisation": "genEventSumw", "files": {{Files(a, b)}} },
              { "name": "wjets", "type": "simulation", "cross_section": 15487.164, "files": {{Files(c)}} } ] }
            """);
        foreach (var partitions in new[] { 1, 7 })
        {
            var result = await Run(dataset, partitions);
            var fit = FitHistograms.Of(result).ToDictionary(f => f.Histogram.Name, f => f.Histogram.SumW);
            var ttbarN = a.Sumw.Sum() + b.Sumw.Sum();
            var wjetsN = c.Sumw.Sum();
            var ttbar = result.Runs.Single(r => r.Sample.Name == "ttbar");
            Assert.Equal(ttbarN, ttbar.Normalisation!.Value, 1e-9 * ttbarN);
            Assert.Equal("sum of genEventSumw in Runs", ttbar.Normalisation.Source);
            Assert.Equal("sum of genEventSumw in Runs", result.Runs.Single(r => r.Sample.Name == "wjets").Normalisation!.Source);
            foreach (var (name, files, scale) in new[] { ("ht_ttbar_nominal", new[] { a, b }, 729.84 * 3378 / ttbarN), ("ht_wjets_nominal", new[] { c }, 15487.164 * 3378 / wjetsN) })
            {
                var expected = PlainLoop(files, scale);
                Assert.True(expected.Sum() > 0, "the selection keeps some events");
                for (var i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(expected[i] - fit[name][i]) <= 1e-9 * Math.Max(1, expected[i]), $"{name} bin {i}: expected {expected[i]}, got {fit[name][i]}");
            }
        }
    }

    [Theory]
    [InlineData("none", "the file has no Runs tree (trees: Events)")]
    [InlineData("no branch", "its Runs tree has no genEventSumw branch (branches: run, genEventCount)")]
    public async Task A_missing_Runs_tree_or_branch_names_the_file_and_the_sample_before_any_event_is_read(string runs, string why)
    {
        var good = Write("good.root", 50, 4);
        var bad = Write("bad.root", 50, 5, runs);
        var dataset = Dataset($$"""
            { "luminosity": 10, "samples": [ { "name": "single_top", "type": "simulation", "cross_section": 3.3, "normalisation": "genEventSumw", "files": {{Files(good, bad)}} } ] }
            """);
        var read = 0;
        var e = await Assert.ThrowsAsync<HepDataException>(() => DatasetRunner.RunAsync(s_analysis.Value, dataset, (_, inputs) =>
        {
            read++;
            return LocalExecutor.RunAsync(s_analysis.Value, inputs, new LocalRunOptions { Workers = 1 });
        }));
        Assert.StartsWith(bad.Path + ": sample 'single_top' asks for \"normalisation\": \"genEventSumw\", but " + why, e.Message);
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task RNTuple_files_are_normalised_by_the_genEventSumw_of_their_Runs_RNTuple()
    {
        // Nothing given: before, a Runs RNTuple was not seen and N silently became the entries read.
        var (a, b) = (Write("nt-a.root", 600, 11, rntuple: true), Write("nt-b.root", 250, 12, rntuple: true));
        var dataset = Dataset($$"""
            { "luminosity": 3378, "samples": [
              { "name": "ttbar", "type": "simulation", "cross_section": 729.84, "files": {{Files(a, b)}} } ] }
            """);
        var result = await Run(dataset, 4);
        var ttbar = result.Runs.Single();
        var n = a.Sumw.Sum() + b.Sumw.Sum();
        Assert.Equal(850, ttbar.Outcome.Entries);
        Assert.Equal("sum of genEventSumw in Runs", ttbar.Normalisation!.Source);
        Assert.Equal(n, ttbar.Normalisation.Value, 1e-9 * n);
        Assert.Equal(729.84 * 3378 / n, ttbar.Scale, 1e-12 * ttbar.Scale);
        var fit = FitHistograms.Of(result).Single(f => f.Histogram.Name == "ht_ttbar_nominal").Histogram.SumW;
        var expected = PlainLoop([a, b], 729.84 * 3378 / n);
        Assert.True(expected.Sum() > 0, "the selection keeps some events");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - fit[i]) <= 1e-9 * Math.Max(1, expected[i]), $"bin {i}: expected {expected[i]}, got {fit[i]}");
    }

    [Theory]
    [InlineData("none", "the file has no Runs tree (trees: Events)")]
    [InlineData("no branch", "its Runs RNTuple has no genEventSumw field (fields: run, genEventCount)")]
    public async Task A_missing_Runs_RNTuple_or_field_of_a_later_sample_is_reported_before_any_sample_is_read(string runs, string why)
    {
        // The failing sample comes after one that is fine, and as an alternative sample: still nothing is read.
        var good = Write("nt-good.root", 50, 13, rntuple: true);
        var bad = Write("nt-bad.root", 50, 14, runs, rntuple: true);
        foreach (var json in new[]
        {
            $$"""{ "luminosity": 10, "samples": [ { "name": "wjets", "type": "simulation", "cross_section": 1, "files": {{Files(good)}} }, { "name": "single_top", "type": "simulation", "cross_section": 3.3, "normalisation": "genEventSumw", "files": {{Files(good, bad)}} } ] }""",
            $$"""{ "luminosity": 10, "samples": [ { "name": "single_top", "type": "simulation", "cross_section": 3.3, "files": {{Files(good)}}, "variations": { "hdamp": { "normalisation": "genEventSumw", "files": {{Files(bad)}} } } } ] }""",
        })
        {
            var read = 0;
            var e = await Assert.ThrowsAsync<HepDataException>(() => DatasetRunner.RunAsync(s_analysis.Value, Dataset(json), (_, inputs) =>
            {
                read++;
                return LocalExecutor.RunAsync(s_analysis.Value, inputs, new LocalRunOptions { Workers = 1 });
            }));
            Assert.Contains(bad.Path + ": sample 'single_top", e.Message);
            Assert.Contains("asks for \"normalisation\": \"genEventSumw\", but " + why, e.Message);
            Assert.Equal(0, read);
        }
    }

    [Fact]
    public async Task Files_that_disagree_about_the_Runs_tree_are_an_error_when_nothing_is_given()
    {
        var with = Write("with.root", 50, 6);
        var without = Write("without.root", 50, 7, "none");
        var dataset = Dataset($$"""
            { "luminosity": 10, "samples": [ { "name": "wjets", "type": "simulation", "cross_section": 3.3, "files": {{Files(with, without)}} } ] }
            """);
        var e = await Assert.ThrowsAsync<HepDataException>(() => Run(dataset));
        Assert.StartsWith(without.Path + ": sample 'wjets': the file has no Runs tree (trees: Events), but " + with.Path + " has one", e.Message);
    }

    [Fact]
    public async Task Hep_run_with_a_genEventSumw_dataset_prints_the_normalisation()
    {
        var a = Write("cli.root", 300, 8);
        var hep = Path.Combine(_folder, "jetsum.hep");
        File.WriteAllText(hep, Hep);
        var datasetPath = Path.Combine(_folder, "cli.json");
        File.WriteAllText(datasetPath, $$"""
            { "luminosity": 3378, "samples": [ { "name": "ttbar", "type": "simulation", "cross_section": 729.84, "normalisation": "genEventSumw", "files": {{Files(a)}} } ] }
            """);
        var (code, stdout, stderr) = Support.HepCli.Run("run", hep, "--dataset", datasetPath, "--output", Path.Combine(_folder, "out"));
        Assert.True(code == 0, $"hep run exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains($"sum of genEventSumw in Runs", stdout);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, "out", "histograms.json")));
        var values = json.RootElement.GetProperty("ht_ttbar_nominal").GetProperty("storage").GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var expected = PlainLoop([a], 729.84 * 3378 / a.Sumw.Sum());
        Assert.Equal(expected.Sum(), values.Sum(), 1e-9 * expected.Sum());
        // A missing Runs tree: hep run fails naming the file and the sample.
        var b = Write("cli-bad.root", 30, 9, "none");
        File.WriteAllText(datasetPath, $$"""
            { "luminosity": 3378, "samples": [ { "name": "ttbar", "type": "simulation", "cross_section": 729.84, "normalisation": "genEventSumw", "files": {{Files(b)}} } ] }
            """);
        (code, _, stderr) = Support.HepCli.Run("run", hep, "--dataset", datasetPath, "--output", Path.Combine(_folder, "out2"));
        Assert.Equal(1, code);
        Assert.Contains($"{b.Path}: sample 'ttbar' asks for \"normalisation\": \"genEventSumw\", but the file has no Runs tree", stderr);
    }
}
