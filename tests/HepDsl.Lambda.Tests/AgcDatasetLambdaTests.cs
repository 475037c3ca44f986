using HepDsl.Execution.Tests.Agc;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Datasets;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// samples/agc/ttbar.hep over a dataset (simulated samples, an alternative sample, data; files in S3) through the
/// real driver, the emulator and real host processes, against the local executor: every sample run's result bit for
/// bit with the same partitions, so every fit histogram {region}_{sample}_{variation} (regions, object, random and
/// weight variations, sample variations) and the per-sample outputs (cut-flows, samples.json, histograms.json,
/// workspace.json) are identical; local runs with 1, 2, 7 and 64 partitions agree with it to rounding.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class AgcDatasetLambdaTests(ServerlessFixture fixture)
{
    private const int Partitions = 6;

    [Fact]
    public async Task Agc_dataset_through_lambda_equals_the_local_run_for_every_sample_region_and_variation()
    {
        // Generated AGC-like files (4j2b filled) beside the shared NanoAOD file, all in S3.
        var folder = Directory.CreateTempSubdirectory("hep-lambda-agc-").FullName;
        string ttbarFile, wjetsFile;
        try
        {
            ttbarFile = fixture.S3.Upload(ServerlessFixture.DataBucket, $"agc/{Guid.NewGuid():N}/ttbar.root", File.ReadAllBytes(AgcFiles.Write(Path.Combine(folder, "ttbar.root"), 1500, 11)));
            wjetsFile = fixture.S3.Upload(ServerlessFixture.DataBucket, $"agc/{Guid.NewGuid():N}/wjets.root", File.ReadAllBytes(AgcFiles.Write(Path.Combine(folder, "wjets.root"), 1000, 12)));
        }
        finally { Directory.Delete(folder, recursive: true); }
        var dataset = Dataset.Parse("agc-s3.json", $$"""
            { "luminosity": 3378, "samples": [
              { "name": "ttbar", "type": "simulation", "cross_section": 729.84, "events": 5000, "files": ["{{ttbarFile}}", "{{fixture.Inputs[0]}}"],
                "variations": { "ME_var": { "files": ["{{wjetsFile}}"], "events": 2000 } } },
              { "name": "single_top_s_chan", "type": "simulation", "cross_section": 3.2944, "files": ["{{fixture.Inputs[1]}}"] },
              { "name": "wjets", "type": "simulation", "cross_section": 15487.164, "events": 1000, "files": ["{{wjetsFile}}"] },
              { "name": "data", "type": "data", "files": ["{{fixture.Inputs[2]}}"] } ] }
            """);
        var agc = AnalysisAssemblies.Agc;
        var s3 = new ByteSourceOptions { S3 = fixture.S3.Options };

        await using var emulator = fixture.StartEmulator(workers: 3, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var lambdaRuns = 0;
        var lambda = await DatasetRunner.RunAsync(agc.Analysis, dataset, async (_, inputs) =>
        {
            lambdaRuns++;
            var outcome = await DistributedExecutor.RunAsync(agc.Bytes, agc.Analysis, inputs, fixture.Options(emulator, Partitions));
            Assert.Equal(Partitions, outcome.Run.Partitions.Count);
            return outcome.Run;
        }, s3);
        Assert.Equal(5, lambdaRuns); // four samples and ttbar's alternative
        var local = await DatasetRunner.RunAsync(agc.Analysis, dataset, (_, inputs) => fixture.RunLocallyAsync(agc.Analysis, Partitions, inputs), s3);

        // Each sample run: histograms (every region and variation booked), cut-flow, processed ranges bit for bit.
        Assert.Equal(local.Runs.Select(r => (r.Sample.Name, r.SampleVariation)), lambda.Runs.Select(r => (r.Sample.Name, r.SampleVariation)));
        for (var i = 0; i < local.Runs.Count; i++)
        {
            ServerlessFixture.AssertIdentical(local.Runs[i].Outcome.Result, lambda.Runs[i].Outcome.Result);
            Assert.Equal(local.Runs[i].Normalisation, lambda.Runs[i].Normalisation);
            Assert.Equal(local.Runs[i].Scale, lambda.Runs[i].Scale);
        }
        Assert.Equal(new Normalisation(200, "entries read"), lambda.Runs.Single(r => r.Sample.Name == "single_top_s_chan").Normalisation);

        // The fit histograms: every {region}_{sample}_{variation}, equal, and the 4j2b ones filled where the generated file is.
        var fitLambda = FitHistograms.Of(lambda);
        var fitLocal = FitHistograms.Of(local);
        Assert.Equal(fitLocal.Select(f => f.Histogram.Name), fitLambda.Select(f => f.Histogram.Name));
        for (var i = 0; i < fitLocal.Count; i++)
        {
            Assert.Equal(fitLocal[i].Histogram.SumW, fitLambda[i].Histogram.SumW);
            Assert.Equal(fitLocal[i].Histogram.SumW2, fitLambda[i].Histogram.SumW2);
        }
        var names = fitLambda.Select(f => f.Histogram.Name).ToHashSet();
        foreach (var region in new[] { "4j1b", "4j2b" })
        {
            foreach (var v in new[] { "nominal", "ME_var", "pt_scale_up", "pt_res_up" }.Concat(Enumerable.Range(0, 4).SelectMany(k => new[] { $"btag_var_{k}_up", $"btag_var_{k}_down" })))
                Assert.Contains($"{region}_ttbar_{v}", names);
            Assert.Contains($"{region}_wjets_scale_var_down", names);
            Assert.DoesNotContain($"{region}_ttbar_scale_var_up", names);
            Assert.Contains($"{region}_data_nominal", names);
            Assert.DoesNotContain($"{region}_data_pt_scale_up", names);
        }
        Assert.Equal(2 * (12 + 11 + 13 + 1), names.Count); // ttbar: nominal, ME_var, 10 event variations; single top: 11; wjets: also scale_var up/down; data
        Sum(fitLambda, "4j2b_ttbar_nominal", s => Assert.True(s > 0, "4j2b is filled from the generated file"));
        Sum(fitLambda, "4j2b_ttbar_pt_res_up", s => Assert.True(s > 0));
        Sum(fitLambda, "4j1b_data_nominal", s => Assert.Equal(4, s)); // the shared file's four 4j1b events, unscaled

        // Local runs with other partitionings agree to rounding (sums of non-integer weights in another order).
        foreach (var partitions in new[] { 1, 2, 7, 64 })
        {
            var other = FitHistograms.Of(await DatasetRunner.RunAsync(agc.Analysis, dataset, (_, inputs) => fixture.RunLocallyAsync(agc.Analysis, partitions, inputs), s3));
            Assert.Equal(fitLambda.Select(f => f.Histogram.Name), other.Select(f => f.Histogram.Name));
            for (var i = 0; i < other.Count; i++)
                for (var b = 0; b < other[i].Histogram.SumW.Length; b++)
                {
                    double x = fitLambda[i].Histogram.SumW[b], y = other[i].Histogram.SumW[b];
                    Assert.True(Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)), $"{partitions} partitions, {other[i].Histogram.Name} bin {b}: lambda {x}, local {y}");
                }
        }

        // The per-sample outputs written from either run are the same files (histograms.root carries write times).
        var outputs = Directory.CreateTempSubdirectory("hep-lambda-agc-out-").FullName;
        try
        {
            var fromLambda = DatasetOutputs.WriteAll(lambda, Path.Combine(outputs, "lambda"));
            var fromLocal = DatasetOutputs.WriteAll(local, Path.Combine(outputs, "local"));
            var compared = 0;
            foreach (var path in fromLocal.Where(p => p.EndsWith(".json", StringComparison.Ordinal)))
            {
                var twin = path.Replace(Path.Combine(outputs, "local"), Path.Combine(outputs, "lambda"));
                Assert.Contains(twin, fromLambda);
                Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(twin)), $"{Path.GetRelativePath(outputs, path)} differs");
                compared++;
            }
            Assert.Equal(3 + 5, compared); // histograms, workspace, samples; five cut-flows
            Assert.Contains(Path.Combine(outputs, "lambda", "samples", "ttbar", "ME_var", "cutflow.json"), fromLambda);
        }
        finally { Directory.Delete(outputs, recursive: true); }
    }

    private static void Sum(IReadOnlyList<FitHistogram> fit, string name, Action<double> check) =>
        check(fit.Single(f => f.Histogram.Name == name).Histogram.SumW.Sum());
}
