using System.Diagnostics;
using HepDsl.Lambda.Emulator;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// Faults injected into real host processes (killed, frozen), real throttling and retry exhaustion, damaged objects in
/// the real S3 during the run: every run either completes exactly (equal to the local run) or fails naming the partition.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class FaultTests(ServerlessFixture fixture)
{
    private const int Partitions = 20;

    private static int PartitionOf(InvocationStart start) =>
        PayloadJson.Deserialize<InvocationPayload>(start.Payload, "payload").Partition.Index;

    private static void Freeze(int pid)
    {
        using var kill = Process.Start("kill", ["-STOP", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private async Task AssertEqualsLocalAsync(DistributedOutcome outcome)
    {
        var local = await fixture.RunLocallyAsync(AnalysisAssemblies.Q6.Analysis, Partitions);
        ServerlessFixture.AssertIdentical(local.Result, outcome.Run.Result);
    }

    [Fact]
    public async Task A_host_killed_mid_invocation_is_restarted_and_the_partition_retried()
    {
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        // The first attempt of partitions 2 and 11 each (a retry of 2 may start before 11 does: it must not be hit).
        var killed = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        int hits = 0;
        emulator.InvocationStarted += start =>
        {
            if (PartitionOf(start) is 2 or 11 && killed.TryAdd(PartitionOf(start), true) && emulator.KillWorkerRunning(start.RequestId))
                Interlocked.Increment(ref hits);
        };
        var q6 = AnalysisAssemblies.Q6;
        var outcome = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, fixture.Options(emulator, Partitions));
        await AssertEqualsLocalAsync(outcome);
        Assert.Equal(2, hits);
        Assert.True(emulator.WorkerDeaths >= 2);
        var failed = outcome.Report.Attempts.Where(a => a.Outcome == "failed").ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, a => Assert.Contains("Runtime.ExitError", a.Error));
        Assert.Equal([2, 11], failed.Select(a => a.Partition).Order());
    }

    [Fact]
    public async Task An_invocation_past_the_timeout_is_killed_and_retried()
    {
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(8), queue: 2);
        int frozen = 0;
        emulator.InvocationStarted += start =>
        {
            if (PartitionOf(start) == 5 && Interlocked.Exchange(ref frozen, 1) == 0) Freeze(start.ProcessId);
        };
        var q6 = AnalysisAssemblies.Q6;
        var outcome = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, fixture.Options(emulator, Partitions));
        await AssertEqualsLocalAsync(outcome);
        // The frozen attempt (partition 5's first) is the one the emulator killed at its timeout; the partition was
        // retried until it succeeded, and the merged result is exact.
        var attempts = outcome.Report.Attempts;
        var partition5 = attempts.Where(a => a.Partition == 5).ToList();
        Assert.Equal("failed", partition5[0].Outcome);
        Assert.Contains("Task timed out after 8.00 seconds", partition5[0].Error);
        Assert.Equal("ok", partition5[^1].Outcome);
        // On a heavily loaded machine (seen at load 26 on 2 cores) a healthy cold start can itself outlast 8 s: such
        // attempts may fail too, but only by a deadline (the host's own stop or the emulator's kill), never otherwise.
        var others = attempts.Where(a => a.Outcome == "failed" && !ReferenceEquals(a, partition5[0])).ToList();
        Assert.All(others, a => Assert.True(a.Error!.Contains(FunctionErrorTypes.DeadlineExceeded, StringComparison.Ordinal)
            || a.Error.Contains("Task timed out after 8.00 seconds", StringComparison.Ordinal), a.ToString()));
        Assert.Equal(1 + others.Count(a => a.Error!.Contains("Task timed out", StringComparison.Ordinal)), emulator.Timeouts);
    }

    [Fact]
    public async Task Throttled_invocations_back_off_and_retry()
    {
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 0);
        var q6 = AnalysisAssemblies.Q6;
        var options = fixture.Options(emulator, Partitions) with { Concurrency = 6 };
        var outcome = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options);
        await AssertEqualsLocalAsync(outcome);
        Assert.True(outcome.Report.Throttles > 0, "six concurrent invocations against two workers and no queue must be throttled");
        Assert.Equal(emulator.Throttles, outcome.Report.Throttles);
        Assert.Equal(0, outcome.Report.FailedAttempts);
        Assert.Equal(Partitions, emulator.Invocations);
    }

    [Fact]
    public async Task A_straggler_gets_a_duplicate_and_the_first_result_wins()
    {
        await using var emulator = fixture.StartEmulator(workers: 3, timeout: TimeSpan.FromSeconds(60), queue: 2);
        int frozen = 0;
        emulator.InvocationStarted += start =>
        {
            if (PartitionOf(start) == 1 && Interlocked.Exchange(ref frozen, 1) == 0) Freeze(start.ProcessId);
        };
        var q6 = AnalysisAssemblies.Q6;
        var options = fixture.Options(emulator, Partitions) with { StragglerMinimum = TimeSpan.FromSeconds(1), StragglerFactor = 2 };
        var outcome = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options);
        await AssertEqualsLocalAsync(outcome);
        // A slow cold start elsewhere may legitimately get a duplicate too; the frozen partition must get exactly one, and it wins.
        var duplicate = Assert.Single(outcome.Report.Attempts, a => a.Duplicate && a.Partition == 1);
        Assert.Equal("ok", duplicate.Outcome);
        Assert.True(outcome.Report.StragglerWins >= 1);
        Assert.Equal(0, emulator.Timeouts); // the duplicate won long before the frozen attempt's timeout
    }

    [Fact]
    public async Task A_partition_that_keeps_failing_fails_the_run_naming_it()
    {
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        emulator.InvocationStarted += start =>
        {
            if (PartitionOf(start) == 9) emulator.KillWorkerRunning(start.RequestId);
        };
        var q6 = AnalysisAssemblies.Q6;
        var options = fixture.Options(emulator, Partitions) with { MaxAttemptsPerPartition = 2 };
        var error = await Assert.ThrowsAsync<DistributedRunException>(() => DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options));
        Assert.Contains("1 of 20 partition(s) failed", error.Message);
        Assert.Contains("partition 9 (", error.Message);
        Assert.Contains("after 2 attempts", error.Message);
        Assert.Equal(2, error.Report.Attempts.Count(a => a.Partition == 9 && a.Outcome == "failed"));

        // The other partitions' results are stored: a rerun without the fault only invokes partition 9.
        await using var healthy = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2, prefix: options.Prefix);
        var rerun = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, fixture.Options(healthy, Partitions));
        Assert.Equal(Partitions - 1, rerun.Report.ReusedResults);
        Assert.Equal(1, rerun.Report.Invocations);
        await AssertEqualsLocalAsync(rerun);
    }

    [Fact]
    public async Task A_partial_result_damaged_in_storage_during_the_run_is_detected_and_recomputed()
    {
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        // Results come from S3 (nothing inline), so the driver reads what the host stored; the first result partition 6's
        // host stores is damaged (one flipped byte) after the host hashed it and before the driver is answered.
        int damaged = 0;
        emulator.InvocationAnswered += answer =>
        {
            if (answer.Error) return;
            var response = PayloadJson.Deserialize<InvocationResponse>(answer.Body, "response");
            if (response.PartitionIndex != 6 || Interlocked.Exchange(ref damaged, 1) != 0) return;
            Assert.Null(response.InlineResult);
            var bytes = fixture.S3.Download(ServerlessFixture.RunBucket, response.ResultKey);
            bytes[bytes.Length / 3] ^= 0x10;
            fixture.S3.Upload(ServerlessFixture.RunBucket, response.ResultKey, bytes);
        };
        var q6 = AnalysisAssemblies.Q6;
        var options = fixture.Options(emulator, Partitions) with { InlineResultBytes = 0 };
        var outcome = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options);
        await AssertEqualsLocalAsync(outcome);
        Assert.Equal(1, damaged);
        Assert.Equal(1, outcome.Report.CorruptResults);
        var partition6 = outcome.Report.Attempts.Where(a => a.Partition == 6).ToList();
        Assert.Equal(["failed", "ok"], partition6.Select(a => a.Outcome));
        Assert.Contains("failed verification", partition6[0].Error);
        Assert.Equal(1, outcome.Report.FailedAttempts);
        // The retry stored the partition's result again, intact: a rerun reuses all of them.
        var rerun = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options);
        Assert.Equal((Partitions, 0, 0), (rerun.Report.ReusedResults, rerun.Report.CorruptResults, rerun.Report.Invocations));
    }

    [Fact]
    public async Task An_analysis_object_replaced_during_the_run_is_refused_by_every_host_and_the_run_fails_naming_it()
    {
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var q6 = AnalysisAssemblies.Q6;
        var sha = DistributedKeys.Sha256Hex(q6.Bytes);
        var options = fixture.Options(emulator, Partitions);
        var key = DistributedKeys.Analysis(options.Prefix, sha);
        // After the driver stored Q6 and before any host fetches it, the object becomes another valid analysis (Q5):
        // loaded, it would run and store Q5 results. Under the lock, every invocation's start waits for the one replacement.
        var gate = new Lock();
        bool replaced = false;
        emulator.InvocationStarted += _ =>
        {
            lock (gate)
            {
                if (replaced) return;
                fixture.S3.Upload(ServerlessFixture.RunBucket, key, AnalysisAssemblies.Q5.Bytes);
                replaced = true;
            }
        };

        var error = await Assert.ThrowsAsync<DistributedRunException>(() => DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options));
        Assert.Contains("cannot fix; the run stopped at once", error.Message);
        Assert.Contains($"{FunctionErrorTypes.AssemblyHashMismatch}: analysis assembly s3://{ServerlessFixture.RunBucket}/{key} has SHA-256 " +
            $"{DistributedKeys.Sha256Hex(AnalysisAssemblies.Q5.Bytes)}, the payload requires {sha}: refused, not loaded", error.Message);
        Assert.Contains("was changed after this run stored it (a rerun stores it again) (not retryable)", error.Message);
        Assert.Contains("missing partition(s): 0-19", error.Message);
        var failed = error.Report.Attempts.Where(a => a.Outcome == "failed").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, a => Assert.Contains(FunctionErrorTypes.AssemblyHashMismatch, a.Error));
        Assert.All(error.Report.Attempts.GroupBy(a => a.Partition), g => Assert.Single(g)); // refused once, never retried
        // No host ran the replaced analysis: nothing was stored under this run's results.
        var store = new ResultStore(fixture.S3.Client, ServerlessFixture.RunBucket, options.Prefix);
        Assert.Empty(await store.ExistingResultsAsync(sha, CancellationToken.None));

        // A rerun (the object is still Q5's bytes) stores Q6 again, as the message says, and completes exactly.
        await using var healthy = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2, prefix: options.Prefix);
        var rerun = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, fixture.Options(healthy, Partitions));
        await AssertEqualsLocalAsync(rerun);
        Assert.Equal(q6.Bytes, fixture.S3.Download(ServerlessFixture.RunBucket, key));
    }

    [Fact]
    public async Task Persistent_throttling_exhausts_the_retries_and_fails_the_run_naming_the_missing_partitions()
    {
        // One worker, no queue, and that worker frozen in its first invocation until the 6 s timeout: every other
        // invocation meanwhile is answered 429, and 3 throttle retries per partition run out long before.
        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(6), queue: 0);
        int frozen = -1;
        emulator.InvocationStarted += start =>
        {
            if (Interlocked.CompareExchange(ref frozen, PartitionOf(start), -1) == -1) Freeze(start.ProcessId);
        };
        var q6 = AnalysisAssemblies.Q6;
        var options = fixture.Options(emulator, Partitions) with
        {
            MaxThrottleRetries = 3, BaseBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100),
        };
        var error = await Assert.ThrowsAsync<DistributedRunException>(() => DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options));

        var attempts = error.Report.Attempts;
        Assert.InRange(frozen, 0, Partitions - 1);
        // The frozen partition timed out, was retried on the restarted worker and finished; every other one that never
        // got a worker is missing, each after exactly 4 throttled attempts, and named.
        Assert.Equal("ok", attempts.Last(a => a.Partition == frozen).Outcome);
        var missing = attempts.Where(a => a.Partition != frozen && a.Outcome == "throttled").Select(a => a.Partition).Distinct().Order().ToList();
        Assert.NotEmpty(missing);
        Assert.All(missing, p => Assert.Equal(4, attempts.Count(a => a.Partition == p && a.Outcome == "throttled")));
        var succeeded = attempts.Where(a => a.Outcome == "ok").Select(a => a.Partition).ToHashSet();
        Assert.Equal(Enumerable.Range(0, Partitions).Where(p => !succeeded.Contains(p)), missing);
        Assert.Contains($"{missing.Count} of {Partitions} partition(s) failed; rerun to retry them", error.Message);
        Assert.Contains("still throttled (429 TooManyRequestsException) after 3 retries: the function has no free concurrency", error.Message);
        foreach (var p in missing.Take(20)) Assert.Contains($"partition {p} (", error.Message);
        var namedMissing = error.Message[(error.Message.LastIndexOf("missing partition(s): ", StringComparison.Ordinal) + 22)..].Trim();
        Assert.Equal(missing, ParseRanges(namedMissing));
        Assert.Equal(emulator.Throttles, error.Report.Throttles);
    }

    // "0-3, 5" -> [0, 1, 2, 3, 5]
    private static List<int> ParseRanges(string text) =>
        text.Split(", ").SelectMany(part => part.Split('-') is [var a, var b]
            ? Enumerable.Range(int.Parse(a, System.Globalization.CultureInfo.InvariantCulture), int.Parse(b, System.Globalization.CultureInfo.InvariantCulture) - int.Parse(a, System.Globalization.CultureInfo.InvariantCulture) + 1)
            : [int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]).ToList();
}
