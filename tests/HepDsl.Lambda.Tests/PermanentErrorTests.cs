using System.Diagnostics;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Trees;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// Errors another attempt cannot fix (a corrupt basket, an analysis that throws) stop the run at once with the
/// host's message naming the partition: one attempt, no retries, no retry budget spent.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class PermanentErrorTests(ServerlessFixture fixture)
{
    [Fact]
    public async Task A_corrupt_basket_fails_the_run_at_once_naming_the_partition_and_the_basket()
    {
        // A copy of the zlib HZZ file with the key of MET_px's basket damaged (its byte count no longer matches the branch's).
        // (The NanoAOD sample keeps its baskets inside the TTree record, so it has no basket of its own to damage.)
        var path = RepoPaths.Data("uproot-HZZ-zlib.root");
        var bytes = File.ReadAllBytes(path);
        BasketInfo basket;
        using (var tree = TreeSource.Open(path, "events")) basket = Assert.Single(tree.Baskets("MET_px"));
        Assert.False(basket.Embedded);
        bytes[basket.Seek + 3] ^= 0x5A;
        var good = fixture.S3.Upload(ServerlessFixture.DataBucket, $"corrupt/{Guid.NewGuid():N}-good.root", File.ReadAllBytes(path));
        var corrupt = fixture.S3.Upload(ServerlessFixture.DataBucket, $"corrupt/{Guid.NewGuid():N}.root", bytes);
        string[] inputs = [good, corrupt];

        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var analysis = AnalysisAssemblies.FromText("metpx", InputVersionTests.MetAnalysis);
        // Generous retries: a retried permanent error would show as more than one attempt.
        var options = fixture.Options(emulator, partitions: 8) with { Concurrency = 2, MaxAttemptsPerPartition = 4, BaseBackoff = TimeSpan.FromMilliseconds(500) };
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DistributedRunException>(() => DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, inputs, options));
        clock.Stop();

        Assert.Contains("cannot fix; the run stopped at once", error.Message);
        Assert.Matches($@"partition \d+ \({System.Text.RegularExpressions.Regex.Escape(corrupt)}, tree 'events', entries \[\d+, \d+\)\): {FunctionErrorTypes.DataError}: ", error.Message);
        Assert.Contains($"branch 'MET_px' basket 0 at offset {basket.Seek}: basket key says", error.Message);
        Assert.Contains("(not retryable)", error.Message);
        var attempts = error.Report.Attempts;
        var failed = attempts.Where(a => a.Outcome == "failed").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, a => Assert.Contains(FunctionErrorTypes.DataError, a.Error));
        // Every partition was tried at most once: nothing retried, no backoff waited.
        Assert.All(attempts.GroupBy(a => a.Partition), g => Assert.Single(g));
        Assert.All(failed, a => Assert.InRange(a.Partition, 4, 7)); // the corrupt copy's partitions (0-3 are the good file's)
        // Stopping at once: with 2 in flight, the first permanent error leaves at least one of 4..7 not started.
        Assert.True(attempts.Count < 8, string.Join(Environment.NewLine, attempts));
        Assert.Contains("partition(s) not started", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_analysis_that_throws_fails_the_run_at_once_with_its_error()
    {
        var analysis = AnalysisAssemblies.FromText("crash",
            "analysis crash\ntree events\nbranch int32 NMuon\n\nhistogram bad \"integer remainder by zero\": NMuon % (NMuon - NMuon), 3 bins from -1.5 to 1.5\n");
        var (original, _) = InputVersionTests.HzzAndSignFlippedMetPx();
        var input = fixture.S3.Upload(ServerlessFixture.DataBucket, $"crash/{Guid.NewGuid():N}.root", original);

        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(60), queue: 4);
        var options = fixture.Options(emulator, partitions: 6) with { Concurrency = 1, MaxAttemptsPerPartition = 4 };
        var error = await Assert.ThrowsAsync<DistributedRunException>(() => DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, [input], options));

        Assert.Contains($"partition 0 ({input}, tree 'events', entries [0, ", error.Message);
        Assert.Contains($"{FunctionErrorTypes.AnalysisError}: ", error.Message);
        Assert.Contains("Attempted to divide by zero", error.Message);
        Assert.Contains("5 partition(s) not started", error.Message);
        var attempt = Assert.Single(error.Report.Attempts);
        Assert.Equal((0, "failed"), (attempt.Partition, attempt.Outcome));
        Assert.Equal(1, emulator.Invocations);
    }
}
