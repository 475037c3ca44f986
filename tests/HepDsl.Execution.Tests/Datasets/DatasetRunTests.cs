using System.Text.Json;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Datasets;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Trees;

namespace HepDsl.Execution.Tests.Datasets;

/// <summary>Samples of a dataset: each run separately, simulation scaled by cross-section × luminosity / N, named for a fit.</summary>
public class DatasetRunTests
{
    private const string Hep = """
        analysis jetsum
        tree Events
        use nanoaod
        cut "two jets above 30": count(Jet with pt > 30) >= 2
        histogram ht: sum((Jet with pt > 30).pt), 20 bins from 0 to 400
        """;

    /// <summary>The same numbers with a plain loop over the file: events with >= 2 jets above 30 GeV, their scalar sum.</summary>
    private static double[] PlainLoop(string file, double scale)
    {
        var axis = Axis.Regular(20, 0, 400);
        var sums = new double[22];
        using var tree = TreeSource.Open(file, "Events");
        var pt = new ColumnBuffer<float>();
        tree.Column<float>("Jet_pt").Read(0, (int)tree.Entries, pt);
        for (var e = 0; e < pt.Entries; e++)
        {
            double ht = 0;
            var n = 0;
            foreach (var p in pt.Entry(e))
                if (p > 30) { ht += p; n++; }
            if (n >= 2) sums[axis.Index(ht)] += scale;
        }
        return sums;
    }

    private static string WriteHep(string dir)
    {
        var path = Path.Combine(dir, "jetsum.hep");
        File.WriteAllText(path, Hep);
        return path;
    }

    [Fact]
    public async Task Simulation_is_scaled_by_cross_section_times_luminosity_over_events_and_data_is_not()
    {
        var dir = Directory.CreateTempSubdirectory("hep-dataset-").FullName;
        var analysis = HepDsl.Compiler.AnalysisCompiler.Compile(WriteHep(dir)).Create();
        var file = TestData.NanoAod;
        var dataset = HepDsl.Runtime.Datasets.Dataset.Parse("test.json", $$"""
            { "luminosity": 3378, "samples": [
              { "name": "ttbar", "type": "simulation", "cross_section": 729.84, "events": 1000, "files": [{{JsonSerializer.Serialize(file)}}],
                "variations": { "ME_var": { "files": [{{JsonSerializer.Serialize(file)}}], "sum_of_weights": 250.5 } } },
              { "name": "wjets", "type": "simulation", "cross_section": 15487.164, "files": [{{JsonSerializer.Serialize(file)}}] },
              { "name": "data", "type": "data", "files": [{{JsonSerializer.Serialize(file)}}] } ] }
            """);
        foreach (var partitions in new[] { 1, 2, 7, 64 })
        {
            var result = await DatasetRunner.RunAsync(analysis, dataset, (_, inputs) =>
                LocalExecutor.RunAsync(analysis, inputs, new LocalRunOptions { Partitions = partitions, Workers = 2 }));
            var fit = FitHistograms.Of(result).ToDictionary(f => f.Histogram.Name);
            Assert.Equal(["ht_ttbar_nominal", "ht_ttbar_ME_var", "ht_wjets_nominal", "ht_data_nominal"], fit.Keys);
            var checks = new (string Name, double Scale)[]
            {
                ("ht_ttbar_nominal", 729.84 * 3378 / 1000),
                ("ht_ttbar_ME_var", 729.84 * 3378 / 250.5),
                ("ht_wjets_nominal", 15487.164 * 3378 / 200), // no Runs tree in the file: the 200 entries read
                ("ht_data_nominal", 1),
            };
            foreach (var (name, scale) in checks)
            {
                var expected = PlainLoop(file, scale);
                var actual = fit[name].Histogram.SumW;
                Assert.True(expected.Sum() > 0, "the selection keeps some events");
                for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-9 * Math.Max(1, expected[i]));
            }
            Assert.Equal("entries read", result.Runs.Single(r => r.Sample.Name == "wjets").Normalisation!.Source);
        }
    }

    [Theory]
    [InlineData("""{ "luminosity": 1, "samples": [ { "name": "a", "type": "simulation", "files": ["x.root"] } ] }""", "samples[0].cross_section: missing")]
    [InlineData("""{ "luminosity": -1, "samples": [] }""", "luminosity: expected a number greater than 0")]
    [InlineData("""{ "luminosity": 1, "samples": [ { "name": "d", "type": "data", "cross_section": 2, "files": ["x.root"] } ] }""", "samples[0].cross_section: data is not normalised")]
    [InlineData("""{ "luminosity": 1, "samples": [ { "name": "a", "type": "mc", "files": ["x.root"] } ] }""", "samples[0].type: expected \"data\" or \"simulation\"")]
    [InlineData("""{ "luminosity": 1, "samples": [ { "name": "a", "type": "simulation", "cross_section": 1, "events": 5, "sum_of_weights": 3, "files": ["x.root"] } ] }""", "samples[0]: give one of events")]
    [InlineData("""{ "luminosity": 1, "samples": [ { "name": "a", "type": "simulation", "cross_section": 1, "files": [] } ] }""", "samples[0].files: expected a non-empty list")]
    [InlineData("""{ "luminosity": 1, "samples": [ { "name": "a", "type": "data", "files": ["x"] }, { "name": "a", "type": "data", "files": ["y"] } ] }""", "samples[1].name: a second sample named 'a'")]
    [InlineData("""{ "luminosity": 1, "sample": [] }""", "sample: unknown field")]
    public void A_bad_dataset_names_the_file_and_the_field(string json, string message)
    {
        var e = Assert.Throws<HepDataException>(() => HepDsl.Runtime.Datasets.Dataset.Parse("bad.json", json));
        Assert.StartsWith("bad.json: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Hep_run_with_a_dataset_writes_fit_histograms_a_pyhf_workspace_and_stacked_plots()
    {
        var dir = Directory.CreateTempSubdirectory("hep-dataset-cli-").FullName;
        var hep = WriteHep(dir);
        var datasetPath = Path.Combine(dir, "dataset.json");
        File.WriteAllText(datasetPath, """
            { "luminosity": 3378, "samples": [
              { "name": "ttbar", "type": "simulation", "cross_section": 729.84, "events": 200, "files": ["../shared/data/root/nanoAOD_2015_CMS_Open_Data_ttbar.root"] },
              { "name": "data", "type": "data", "files": ["../shared/data/root/nano*_ttbar.root"] } ] }
            """);
        var output = Path.Combine(dir, "out");
        var (code, stdout, stderr) = HepCli.Run("run", hep, "--dataset", datasetPath, "--output", output);
        Assert.True(code == 0, $"hep run exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("sample ttbar:", stdout);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "histograms.json")));
        Assert.Equal(["ht_ttbar_nominal", "ht_data_nominal"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(File.Exists(Path.Combine(output, "histograms.root")));
        Assert.True(new FileInfo(Path.Combine(output, "plots", "ht.png")).Length > 1000);
        Assert.True(File.Exists(Path.Combine(output, "samples", "ttbar", "nominal", "cutflow.json")));
        var validation = PyhfSchema.Validate(Path.Combine(output, "workspace.json"));
        Assert.True(validation.Valid, validation.Output);
    }
}

/// <summary>The schema check itself rejects what pyhf would reject, so a passing validation means something.</summary>
public class PyhfSchemaCheckTests
{
    [Theory]
    [InlineData("""{"channels": [], "observations": [{"name": "a", "data": [1]}], "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}], "version": "1.0.0"}""")]
    [InlineData("""{"channels": [{"name": "a", "samples": [{"name": "s", "data": [1], "modifiers": [{"name": "x", "type": "histosys", "data": null}]}]}], "observations": [{"name": "a", "data": [1]}], "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}], "version": "1.0.0"}""")]
    [InlineData("""{"channels": [{"name": "a", "samples": [{"name": "s", "data": [1], "modifiers": []}]}], "observations": [{"name": "a", "data": [1]}], "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}], "version": "1.0.1"}""")]
    public void Invalid_workspaces_are_rejected(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("hep-pyhf-").FullName, "ws.json");
        File.WriteAllText(path, json);
        Assert.False(PyhfSchema.Validate(path).Valid);
    }
}

/// <summary>A variation that cannot change a histogram is not filled for it; the fit outputs reuse the nominal.</summary>
public class VariationReuseTests
{
    [Fact]
    public async Task Only_histograms_a_variation_can_reach_are_booked_and_the_rest_reuse_the_nominal()
    {
        var dir = Directory.CreateTempSubdirectory("hep-reuse-").FullName;
        var hep = Path.Combine(dir, "reuse.hep");
        File.WriteAllText(hep, """
            analysis reuse
            tree Events
            use nanoaod
            variation jes_up: Jet.pt = pt * 1.1
            histogram met: MET.pt, 20 bins from 0 to 200
            variation w: weight up 1.5, down 0.5
            let jets = Jet with pt > 30
            histogram njets: count(jets), 10 bins from 0 to 10
            cut "two jets": count(jets) >= 2
            histogram met_after: MET.pt, 20 bins from 0 to 200
            """);
        var analysis = HepDsl.Compiler.AnalysisCompiler.Compile(hep).Create();
        var booked = analysis.CreateResult().Histograms.Select(h => h.Name).ToList();
        // met: read before the weight variation and reads no jet; njets: jets (jes) and after w; met_after: after a jet cut.
        Assert.Equal(["met", "njets", "njets_jes_up", "njets_w_up", "njets_w_down", "met_after", "met_after_jes_up", "met_after_w_up", "met_after_w_down"], booked);

        var file = TestData.NanoAod;
        var dataset = HepDsl.Runtime.Datasets.Dataset.Parse("d.json", $$"""
            { "luminosity": 10, "samples": [ { "name": "s", "type": "simulation", "cross_section": 2, "events": 20, "files": [{{JsonSerializer.Serialize(file)}}] } ] }
            """);
        var result = await DatasetRunner.RunAsync(analysis, dataset, (_, inputs) => LocalExecutor.RunAsync(analysis, inputs, new LocalRunOptions { Workers = 2 }));
        var fit = FitHistograms.Of(result).ToDictionary(f => f.Histogram.Name, f => f.Histogram.SumW);
        Assert.Equal(fit["met_s_nominal"], fit["met_s_jes_up"]);
        Assert.Equal(fit["met_s_nominal"], fit["met_s_w_up"]);
        Assert.Equal(fit["njets_s_nominal"].Select(x => 1.5 * x), fit["njets_s_w_up"]);
        Assert.NotEqual(fit["njets_s_nominal"], fit["njets_s_jes_up"]);
        Assert.Equal(3 * 4, fit.Count); // 3 histograms x (nominal, jes_up, w_up, w_down)
    }
}
