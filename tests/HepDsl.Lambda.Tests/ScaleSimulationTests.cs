using Amazon.Runtime;
using HepDsl.Bench.Dataset;
using HepDsl.Lambda.Simulator;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Trees;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// The small configuration of the lambda-scale benchmark: the real driver with 200 invocations in flight over 1,000
/// partitions against the simulated AWS endpoint (a concurrency limit below the driver's, so 429s; cold starts;
/// failures, hangs until the function timeout and slow sandboxes), answering the real partial results of ADL Q6 over a
/// generated NanoAOD-like file. The merged result must equal the local run of the same plan bit for bit, whatever
/// the retries, duplicates and arrival order. No timing is asserted.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class ScaleSimulationTests(ServerlessFixture fixture)
{
    private const int Partitions = 1000;

    [Theory]
    [InlineData("inline")]
    [InlineData("s3")]
    public async Task Two_hundred_in_flight_over_a_thousand_partitions_equal_the_local_run_exactly(string results)
    {
        var folder = Directory.CreateTempSubdirectory("hep-lambda-scale-").FullName;
        try
        {
            var path = Path.Combine(folder, "nanoaod-like.root");
            var source = new NanoAodSource(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"), RepoPaths.Data("uproot-Zmumu.root"));
            NanoAodDatasetFile.Write(source, path, Partitions * 5, 0, seed: 7, RootCompression.Zstd, clusterEntries: 100);
            var input = fixture.S3.Upload(ServerlessFixture.DataBucket, $"scale/{Guid.NewGuid():N}.root", File.ReadAllBytes(path));
            var q6 = AnalysisAssemblies.Q6;
            var precomputed = PartitionResults.Compute(q6.Analysis, path, input, ServerlessFixture.Tree, Partitions);

            var simulation = new SimulationOptions
            {
                ConcurrencyLimit = 150, // below the driver's 200 in flight: throttling and backoff are exercised
                ColdStartMedianMs = 100,
                MsPerEvent = 40, // 0.2 s per 5-event partition
                FailureRate = 0.02,
                TimeoutRate = 0.005,
                SlowRate = 0.01,
                Timeout = TimeSpan.FromSeconds(3),
                Seed = results.Length,
            };
            await using var endpoint = SimulatedLambda.Start(simulation, precomputed, results == "s3" ? fixture.S3.Client : null);
            var options = new DistributedOptions
            {
                Function = endpoint.FunctionName,
                Bucket = ServerlessFixture.RunBucket,
                Prefix = "scale/" + Guid.NewGuid().ToString("N")[..12],
                Region = "us-east-1",
                Endpoint = endpoint.Endpoint,
                S3 = fixture.S3.Options,
                InvokeCredentials = new BasicAWSCredentials("AKIDSCALETEST", "scale-test-secret"),
                Concurrency = 200,
                Partitions = Partitions,
                InlineResultBytes = results == "s3" ? 0 : 64 * 1024,
                BaseBackoff = TimeSpan.FromMilliseconds(50),
                MaxBackoff = TimeSpan.FromSeconds(1),
                InvokeTimeout = TimeSpan.FromSeconds(60), // a loaded machine (s3rver, the test host) must not turn into failed partitions
                MaxAttemptsPerPartition = 10,
                StragglerMinimum = TimeSpan.FromSeconds(1),
                MergeMemoryBytes = 64 * 1024, // a few results: the rest of those held behind a missing partition spill to disk
            };
            var outcome = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, [input], options);
            var local = await LocalExecutor.RunAsync(q6.Analysis, [input], new LocalRunOptions
            {
                Partitions = Partitions,
                Open = (location, tree) => location == input ? TreeSource.Open(path, tree) : throw new InvalidOperationException(location),
            });

            ServerlessFixture.AssertIdentical(local.Result, outcome.Run.Result);
            Assert.True(outcome.Run.Result.Histograms.Sum(h => h.SumW.Sum()) > 0, "the histograms are empty: nothing was compared");
            Assert.Equal(Partitions, outcome.Run.Partitions.Count);
            Assert.Equal(precomputed.Partitions, outcome.Run.Partitions);
            var counts = endpoint.Counts;
            var report = outcome.Report;
            Assert.True(counts.Throttles > 0 && report.Throttles == counts.Throttles, $"throttles: endpoint {counts.Throttles}, driver {report.Throttles}");
            Assert.True(counts.Failures + counts.Timeouts > 0, "no failure or timeout was injected");
            Assert.True(report.FailedAttempts > 0, report.ToText());
            Assert.InRange(counts.PeakConcurrency, 1, simulation.ConcurrencyLimit);
            // Every request the endpoint answered is in the report; an abandoned attempt (its duplicate won) may not have reached it.
            int abandoned = report.Attempts.Count(a => a.Outcome == "superseded");
            Assert.InRange(counts.Invocations + counts.Throttles, report.Invocations - abandoned, report.Invocations);
            Assert.Equal(Partitions, report.Attempts.Where(a => a.Outcome == "ok").Select(a => a.Partition).Distinct().Count());
            Assert.True(report.MaxResultsHeld > 0, "every result arrived in order: the merge never held one");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
