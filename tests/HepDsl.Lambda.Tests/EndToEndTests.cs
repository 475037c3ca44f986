using HepDsl.Bench.Dataset;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Compression;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// Driver → SigV4 Invoke API → emulator → real host processes → S3 and back: samples/adl/q5.hep and q6.hep, compiled
/// as hep run compiles them, over 24 partitions of three S3 copies of the NanoAOD file, merged, equal to the local run
/// bit for bit (histograms, cut-flow, aggregates and the processed ranges); Q5 also over a generated NanoAOD-like file
/// with Z→μμ events, where its histogram fills; results read back from S3 rather than inline.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class EndToEndTests(ServerlessFixture fixture)
{
    private const int Partitions = 24;

    public static TheoryData<string> Analyses => new() { "q5", "q6" };

    [Theory]
    [MemberData(nameof(Analyses))]
    public async Task Lambda_run_equals_the_local_run_exactly(string name)
    {
        var analysis = name == "q5" ? AnalysisAssemblies.Q5 : AnalysisAssemblies.Q6;
        await using var emulator = fixture.StartEmulator(workers: 3, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var processes = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        emulator.InvocationStarted += start => processes.AddOrUpdate(start.ProcessId, 1, (_, n) => n + 1);
        var options = fixture.Options(emulator, Partitions);
        var progress = new List<Runtime.Execution.RunProgress>();
        var outcome = await DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, fixture.Inputs, options, new SyncProgress(progress));
        var local = await fixture.RunLocallyAsync(analysis.Analysis, Partitions);

        ServerlessFixture.AssertIdentical(local.Result, outcome.Run.Result);
        Assert.Equal(Partitions, outcome.Run.Partitions.Count);
        Assert.Equal(local.Entries, outcome.Run.Entries);
        Assert.Equal(3 * 200, outcome.Run.Result.Cutflow.Passed[0]);
        // Q6 fills its histograms on this ttbar sample; Q5's Z window is empty here (and equally so locally): see
        // Q5_over_a_dataset_with_Z_dimuons_fills_its_histogram_and_equals_the_local_run_exactly.
        if (name == "q6") Assert.True(outcome.Run.Result.Histograms.Sum(h => h.SumW.Sum()) > 0, "the histograms are empty: nothing was compared");

        var report = outcome.Report;
        Assert.Equal(Partitions, report.Partitions);
        Assert.Equal(0, report.ReusedResults);
        Assert.Equal(Partitions, report.Invocations);
        Assert.Equal(0, report.Throttles);
        Assert.Equal(0, report.FailedAttempts);
        Assert.InRange(report.ColdStarts, 1, 3);
        Assert.True(report.BytesRead > 0, "no bytes read reported");
        // The run's "read" counts baskets, as a local run's does; the report also has everything the hosts fetched.
        Assert.True(report.BasketBytes > 0 && report.BasketBytes < report.BytesRead, report.ToText());
        Assert.Equal(report.BasketBytes, outcome.Run.BytesRead);
        Assert.Contains(" of it baskets", report.ToText());
        Assert.All(progress, p => Assert.NotNull(p.CostUsd));
        Assert.True(progress.Last().CostUsd > 0);
        Assert.True(Math.Abs(progress.Max(p => p.CostUsd!.Value) - report.EstimatedCostUsd) < 1e-12, $"{progress.Max(p => p.CostUsd)} vs {report.EstimatedCostUsd}");
        Assert.True(report.GbSeconds > 0 && report.EstimatedCostUsd > 0, report.ToText());
        // Each invocation's driver wall time contains the host's handler time (both whole ms), which contains its event loop.
        var ok = report.Attempts.Where(a => a.Outcome == "ok").ToList();
        Assert.All(ok, a => Assert.True(a.DurationMs + 1 >= a.BilledMs && a.ProcessMs <= a.BilledMs + 1 && a.OverheadMs == Math.Max(0, a.DurationMs - a.BilledMs), a.ToString()));
        Assert.Equal(local.Entries, ok.Sum(a => a.Entries));
        Assert.Equal(DurationStats.Of(ok.Select(a => a.OverheadMs).ToList()), report.OverheadMs);
        Assert.True(report.PartitionMs.Min <= report.PartitionMs.Median && report.PartitionMs.Median <= report.PartitionMs.P90 && report.PartitionMs.P90 <= report.PartitionMs.Max, report.ToText());
        Assert.Equal(Partitions, emulator.Invocations);
        Assert.Equal(Partitions, processes.Values.Sum());
        // Four invocations in flight from the start, each a cold start of ~0.5 s or more: no one process takes them all.
        Assert.True(processes.Count >= 2, $"only {processes.Count} host process(es) served the run");
        Assert.Equal(Partitions, progress.Last().PartitionsDone);

        // Every partial result is in S3 under its deterministic key.
        var sha = DistributedKeys.Sha256Hex(analysis.Bytes);
        Assert.All(outcome.Run.Partitions, p => Assert.True(fixture.S3.Exists(ServerlessFixture.RunBucket, outcome.ResultKey(options.Prefix, sha, p))));
        Assert.True(fixture.S3.Exists(ServerlessFixture.RunBucket, DistributedKeys.Analysis(options.Prefix, sha)));
    }

    [Fact]
    public async Task Q5_over_a_dataset_with_Z_dimuons_fills_its_histogram_and_equals_the_local_run_exactly()
    {
        // 2400 NanoAOD-like events (resampled ttbar with a 5 % Z->mumu admixture) in clusters of 100: 24 partitions on
        // cluster boundaries, each with a few Z candidates.
        var folder = Directory.CreateTempSubdirectory("hep-lambda-dataset-").FullName;
        string input;
        try
        {
            var path = Path.Combine(folder, "nanoaod-like.root");
            var source = new NanoAodSource(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"), RepoPaths.Data("uproot-Zmumu.root"));
            NanoAodDatasetFile.Write(source, path, 2400, 0, seed: 2015, RootCompression.Zstd, clusterEntries: 100);
            input = fixture.S3.Upload(ServerlessFixture.DataBucket, $"generated/{Guid.NewGuid():N}.root", File.ReadAllBytes(path));
        }
        finally { Directory.Delete(folder, recursive: true); }

        var q5 = AnalysisAssemblies.Q5;
        await using var emulator = fixture.StartEmulator(workers: 3, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var outcome = await DistributedExecutor.RunAsync(q5.Bytes, q5.Analysis, [input], fixture.Options(emulator, Partitions));
        var local = await fixture.RunLocallyAsync(q5.Analysis, Partitions, [input]);

        ServerlessFixture.AssertIdentical(local.Result, outcome.Run.Result);
        Assert.Equal(Partitions, outcome.Run.Partitions.Count);
        Assert.Equal(Partitions, outcome.Report.Invocations);
        Assert.Equal(2400, outcome.Run.Entries);
        var h = Assert.Single(outcome.Run.Result.Histograms.OfType<Histogram1D>());
        // About 2400 x 5 % admixed events, most with their pair in the Z window: the comparison is of a filled histogram.
        Assert.InRange(h.Entries, 30, 200);
        Assert.Equal(h.Entries, outcome.Run.Result.Cutflow.Passed[^1]);
        Assert.True(h.SumW.Sum() > 30, $"{h.SumW.Sum()}");
        Assert.True(outcome.Run.Partitions.Count(p => p.EntryCount == 100) == Partitions, "one partition per cluster");
    }

    [Fact]
    public async Task Results_read_back_from_S3_instead_of_inline_equal_the_local_run_exactly()
    {
        var q6 = AnalysisAssemblies.Q6;
        await using var emulator = fixture.StartEmulator(workers: 3, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var answers = new System.Collections.Concurrent.ConcurrentBag<InvocationResponse>();
        emulator.InvocationAnswered += a => { if (!a.Error) answers.Add(PayloadJson.Deserialize<InvocationResponse>(a.Body, "response")); };
        var outcome = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, fixture.Options(emulator, Partitions) with { InlineResultBytes = 0 });
        var local = await fixture.RunLocallyAsync(q6.Analysis, Partitions);

        ServerlessFixture.AssertIdentical(local.Result, outcome.Run.Result);
        Assert.True(outcome.Run.Result.Histograms.Sum(h => h.SumW.Sum()) > 0, "the histograms are empty: nothing was compared");
        // Every result came from S3: no answer carried one inline.
        Assert.Equal(Partitions, answers.Count);
        Assert.All(answers, a => Assert.True(a.InlineResult is null && a.ResultBytes > 0, $"partition {a.PartitionIndex}: {a.ResultBytes} bytes, inline {a.InlineResult is not null}"));
        Assert.Equal(0, outcome.Report.FailedAttempts);
    }

    [Fact]
    public async Task A_rerun_reuses_stored_results_and_recomputes_corrupt_ones()
    {
        var analysis = AnalysisAssemblies.Q6;
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 4);
        var options = fixture.Options(emulator, Partitions);
        var first = await DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, fixture.Inputs, options);

        var again = await DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, fixture.Inputs, options);
        Assert.Equal(Partitions, again.Report.ReusedResults);
        Assert.Equal(0, again.Report.Invocations);
        ServerlessFixture.AssertIdentical(first.Run.Result, again.Run.Result);

        // Damage two stored results: one flipped byte, one truncated. They must be detected and recomputed.
        var sha = DistributedKeys.Sha256Hex(analysis.Bytes);
        var flipped = first.ResultKey(options.Prefix, sha, first.Run.Partitions[3]);
        var truncated = first.ResultKey(options.Prefix, sha, first.Run.Partitions[17]);
        var bytes = fixture.S3.Download(ServerlessFixture.RunBucket, flipped);
        bytes[bytes.Length / 2] ^= 0x40;
        fixture.S3.Upload(ServerlessFixture.RunBucket, flipped, bytes);
        var whole = fixture.S3.Download(ServerlessFixture.RunBucket, truncated);
        fixture.S3.Upload(ServerlessFixture.RunBucket, truncated, whole[..(whole.Length - 9)]);

        var repaired = await DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, fixture.Inputs, options);
        Assert.Equal(2, repaired.Report.CorruptResults);
        Assert.Equal(Partitions - 2, repaired.Report.ReusedResults);
        Assert.Equal(2, repaired.Report.Invocations);
        Assert.Equal([3, 17], repaired.Report.Attempts.Select(a => a.Partition).Order());
        ServerlessFixture.AssertIdentical(first.Run.Result, repaired.Run.Result);
        Assert.Equal(whole, fixture.S3.Download(ServerlessFixture.RunBucket, truncated));
    }

    [Fact]
    public async Task Unsigned_requests_and_unknown_functions_are_refused()
    {
        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(10));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add(LambdaInvoker.EmulatorTokenHeader, emulator.Token); // refused for the signature, not the token
        var unsigned = await http.PostAsync($"{emulator.Endpoint}/2015-03-31/functions/{emulator.FunctionName}/invocations", new ByteArrayContent("{}"u8.ToArray()));
        Assert.Equal(403, (int)unsigned.StatusCode);

        using var invoker = new LambdaInvoker(emulator.Endpoint, "us-east-1", new Amazon.Runtime.BasicAWSCredentials("AKID", "secret"), TimeSpan.FromSeconds(30), emulator.Token);
        var missing = await invoker.InvokeAsync("no-such-function", "{}"u8.ToArray(), CancellationToken.None);
        Assert.Equal(404, missing.Status);
        Assert.Equal("ResourceNotFoundException", missing.ServiceErrorType);
        var bad = await invoker.InvokeAsync(emulator.FunctionName, "{}"u8.ToArray(), CancellationToken.None);
        Assert.Equal(200, bad.Status);
        Assert.Equal("Unhandled", bad.FunctionError);
        Assert.Equal(FunctionErrorTypes.BadPayload, PayloadJson.Deserialize<FunctionError>(bad.Body, "error").ErrorType);
    }

    private sealed class SyncProgress(List<Runtime.Execution.RunProgress> into) : IProgress<Runtime.Execution.RunProgress>
    {
        public void Report(Runtime.Execution.RunProgress value) { lock (into) into.Add(value); }
    }
}
