using System.Text.Json;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Execution;

namespace HepDsl.Execution.Tests.Agc;

/// <summary>samples/agc/ttbar.hep against the AGC written as plain loops, on the shared file and on a generated one that fills 4j2b.</summary>
public class AgcTtbarTests
{
    private static readonly Lazy<HepDsl.Runtime.Analysis.IAnalysis> s_analysis = new(() =>
        HepDsl.Compiler.AnalysisCompiler.Compile(Path.Combine(RepoPaths.Samples, "agc", "ttbar.hep")).Create());

    public static TheoryData<string> Files => ["shared", "generated"];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_variation_equals_the_plain_loop_for_1_2_7_64_partitions(string which)
    {
        var file = which == "shared" ? TestData.NanoAod : AgcFiles.Generated;
        var expected = AgcPlainLoop.Run(file);
        if (which == "shared")
        {
            Assert.Equal(4, expected["ht"].Sum()); // the issue's numbers: four 4j1b events, none in 4j2b
            Assert.Equal(0, expected["trijet_mass"].Sum());
        }
        else Assert.True(expected["trijet_mass"].Sum() > 100, $"the generated file fills 4j2b ({expected["trijet_mass"].Sum()})");
        Assert.NotEqual(expected["ht"], expected["ht_pt_res_up"]);
        foreach (var partitions in new[] { 1, 2, 7, 64 })
        {
            var run = await LocalExecutor.RunAsync(s_analysis.Value, [file], new LocalRunOptions { Partitions = partitions, Workers = 2 });
            var names = run.Result.Histograms.Select(h => h.Name).ToHashSet();
            Assert.Equal(expected.Keys.ToHashSet(), names);
            foreach (var (name, bins) in expected)
            {
                var actual = run.Result.Histogram(name).SumW;
                for (var i = 0; i < bins.Length; i++)
                    Assert.True(Math.Abs(bins[i] - actual[i]) <= 1e-9 * Math.Max(1, Math.Abs(bins[i])), $"{which}, {partitions} partitions, {name} bin {i}: expected {bins[i]}, got {actual[i]}");
            }
        }
    }

    [Fact]
    public void Hep_run_with_local_json_writes_every_region_sample_variation()
    {
        var output = Directory.CreateTempSubdirectory("hep-agc-out-").FullName;
        var (code, stdout, stderr) = HepCli.Run("run", "samples/agc/ttbar.hep", "--dataset", "samples/agc/local.json", "--output", output);
        Assert.True(code == 0, $"hep run exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "histograms.json")));
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        var samples = new[] { "ttbar", "single_top_s_chan", "single_top_t_chan", "single_top_tW", "wjets" };
        foreach (var region in new[] { "4j1b", "4j2b" })
            foreach (var sample in samples)
                foreach (var v in new[] { "nominal" }.Concat(AgcPlainLoop.Variations))
                    Assert.Equal(!v.StartsWith("scale_var") || sample == "wjets", names.Contains($"{region}_{sample}_{v}"));
        Assert.Equal(2 * 5 * 11 + 2 * 2, names.Count);
        // ttbar nominal 4j1b: the four events, each weighted 729.84 pb x 3378 /pb / 200 events.
        var ttbar = json.RootElement.GetProperty("4j1b_ttbar_nominal").GetProperty("storage").GetProperty("values").EnumerateArray().Sum(v => v.GetDouble());
        Assert.Equal(4 * 729.84 * 3378 / 200, ttbar, 1e-6);
        Assert.True(File.Exists(Path.Combine(output, "plots", "4j1b.png")));
        var validation = PyhfSchema.Validate(Path.Combine(output, "workspace.json"));
        Assert.True(validation.Valid, validation.Output);
    }
}

/// <summary>samples/agc/datasets.json (the published files; not read here, no network) and local.json describe the same samples.</summary>
public class AgcDatasetFileTests
{
    [Fact]
    public void Datasets_json_has_the_agc_samples_cross_sections_and_luminosity()
    {
        var published = HepDsl.Runtime.Datasets.Dataset.Load(Path.Combine(RepoPaths.Samples, "agc", "datasets.json"));
        var local = HepDsl.Runtime.Datasets.Dataset.Load(Path.Combine(RepoPaths.Samples, "agc", "local.json"));
        Assert.Equal(3378, published.Luminosity);
        Assert.Equal(3378, local.Luminosity);
        var expected = new Dictionary<string, double>
        {
            ["ttbar"] = 396.87 + 332.97, ["single_top_s_chan"] = 2.0268 + 1.2676, ["single_top_t_chan"] = (36.993 + 22.175) / 0.252,
            ["single_top_tW"] = 37.936 + 37.906, ["wjets"] = 61457 * 0.252,
        };
        foreach (var d in new[] { published, local })
        {
            Assert.Equal(expected.Keys, d.Samples.Select(s => s.Name));
            foreach (var s in d.Samples) Assert.Equal(expected[s.Name], s.CrossSection, 1e-9);
        }
        Assert.All(local.Samples, s => Assert.Equal(200, s.Nominal.Given));
    }

    /// <summary>
    /// Every published file of every sample and alternative sample, with the events the RDataFrame implementation
    /// normalises by (the sum of the files' nevts, equal to the AGC's nevts_total): counts as nanoaod_inputs.json has them.
    /// </summary>
    [Fact]
    public void Datasets_json_lists_every_published_file_with_the_agc_event_totals()
    {
        var published = HepDsl.Runtime.Datasets.Dataset.Load(Path.Combine(RepoPaths.Samples, "agc", "datasets.json"));
        var expected = new (string Sample, string Variation, int Files, long Events)[]
        {
            ("ttbar", "nominal", 243, 276_079_127), ("ttbar", "scaledown", 32, 39_329_663), ("ttbar", "scaleup", 33, 38_424_467),
            ("ttbar", "ME_var", 16, 19_098_219), ("ttbar", "PS_var", 15, 19_337_064),
            ("single_top_s_chan", "nominal", 6, 2_867_199), ("single_top_t_chan", "nominal", 90, 109_305_936),
            ("single_top_tW", "nominal", 3, 1_999_400), ("single_top_tW", "scaledown", 3, 995_200), ("single_top_tW", "scaleup", 2, 998_800),
            ("single_top_tW", "DS", 4, 1_140_600),
            ("wjets", "nominal", 349, 433_719_099),
        };
        var actual = published.Samples.SelectMany(s => new[] { ("nominal", s.Nominal) }.Concat(s.Variations.Select(v => (v.Key, v.Value)))
            .Select(p => (s.Name, p.Item1, p.Item2.Files.Count, (long)p.Item2.Given!.Value))).ToList();
        Assert.Equal(expected, actual);
        Assert.All(published.Samples, s => Assert.Equal(HepDsl.Runtime.Datasets.NormalisationKind.Events, s.Nominal.Normalisation));
        var files = published.Samples.SelectMany(s => s.Nominal.Files.Concat(s.Variations.Values.SelectMany(v => v.Files))).ToList();
        Assert.Equal(796, files.Count);
        Assert.All(files, f => Assert.Matches(@"^https://xrootd-local\.unl\.edu:1094//store/user/AGC/nanoAOD/[A-Za-z0-9_-]+/cmsopendata2015_[a-zA-Z_]+_\d+_PU25nsData2015v1_76X_mcRun2_asymptotic_v12(_ext\d)?-v1_\d{5}_\d{4}\.root$", f));
        // Each sample's files are distinct (one file, 19412 20000_0000, is in both single_top_tW nominal and its DS sample, as published).
        Assert.All(published.Samples, s => Assert.Equal(s.Nominal.Files.Count, s.Nominal.Files.Distinct().Count()));
        // The loader accepts the URLs as inputs: every one parses as a remote location.
        Assert.All(files, f => Assert.True(HepDsl.Runtime.Inputs.InputLocation.Parse(f).IsRemote, f));
    }
}
