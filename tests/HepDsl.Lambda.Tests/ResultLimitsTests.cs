using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// What the driver refuses rather than pays for: a run whose histograms cannot fit in the function's memory (or whose
/// results would exceed the download limit) before any function is invoked, and a stored result larger than the
/// download limit, named by partition and object, without buffering it and without retrying.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class ResultLimitsTests(ServerlessFixture fixture)
{
    // 2,000,000 bins: 32 MB of sums per result (weights and squared weights), 96 MB held by a host at its peak.
    private const string WideAnalysis = "analysis wide \"a very fine MET histogram\"\ntree events\nbranch float32 MET_px\n\nhistogram px \"MET px\": MET_px, 2000000 bins from -100 to 100\n";

    [Fact]
    public async Task A_run_whose_histograms_cannot_fit_the_function_is_refused_before_invoking()
    {
        var analysis = AnalysisAssemblies.FromText("wide", WideAnalysis);
        var input = fixture.S3.Upload(ServerlessFixture.DataBucket, $"wide/{Guid.NewGuid():N}.root", File.ReadAllBytes(RepoPaths.Data("uproot-HZZ-zlib.root")));
        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(60));

        // 192 MB allowance + 3 x 32 MB = 288 MB > 256 MB.
        var small = fixture.Options(emulator, partitions: 2) with { MemoryMb = 256 };
        var memory = await Assert.ThrowsAsync<PreflightException>(() => DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, [input], small));
        Assert.Contains($"cannot run on function '{emulator.FunctionName}' with 256 MB", memory.Message);
        Assert.Contains("one partition's histograms take 30.5 MiB", memory.Message);
        Assert.Contains("no function was invoked", memory.Message);
        Assert.Contains("The largest histogram is 'px' with 2,000,002 cells", memory.Message);

        // Enough memory, but each result would exceed what the driver downloads.
        var capped = small with { MemoryMb = 512, MaxResultBytes = 16L << 20 };
        var size = await Assert.ThrowsAsync<PreflightException>(() => DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, [input], capped));
        Assert.Contains("stored result would be at least 30.5 MiB, more than the driver downloads (16.0 MiB, --max-result-mb)", size.Message);
        Assert.Equal(0, emulator.Invocations);
    }

    [Fact]
    public async Task A_stored_result_over_the_download_limit_fails_the_run_naming_partition_and_object()
    {
        var q6 = AnalysisAssemblies.Q6;
        // Above the histograms' own bytes (so the preflight passes), below the stored result (names, cut-flow, binding).
        long limit = Preflight.ResultBytes(q6.Analysis.CreateResult()) + 1;
        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(60), queue: 4);
        var options = fixture.Options(emulator, partitions: 4) with { Concurrency = 1, InlineResultBytes = 0, MaxResultBytes = limit };
        var error = await Assert.ThrowsAsync<DistributedRunException>(() => DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options));

        Assert.Matches(@"the stored result of partition 0 \(.*\) \(s3://" + ServerlessFixture.RunBucket + "/" +
            System.Text.RegularExpressions.Regex.Escape(fixture.PrefixOf(emulator)) + @"/results/[^)]+\) is [\d,]+ bytes, more than the driver downloads \(" + $"{limit:N0}" + " bytes", error.Message);
        Assert.Contains("refused, not retried", error.Message);
        // Permanent: one attempt, the rest never started.
        var attempt = Assert.Single(error.Report.Attempts);
        Assert.Equal((0, "failed"), (attempt.Partition, attempt.Outcome));
        Assert.Equal(1, emulator.Invocations);
    }
}
