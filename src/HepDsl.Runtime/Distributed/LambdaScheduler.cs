using System.Diagnostics;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// Schedules one distributed run's partitions: reuses results stored by an earlier run (resume), runs one
/// <see cref="PartitionAttempt"/> after another per partition, with jittered exponential backoff between failures,
/// within a per-partition limit and a run-wide retry budget; duplicates stragglers (sooner in the run's tail); stops
/// at the first permanent error; and names every partition left without a result.
/// </summary>
internal sealed class LambdaScheduler
{
    private readonly DistributedPlan _plan;
    private readonly DistributedOptions _options;
    private readonly ResultStore _store;
    private readonly string _sha;
    private readonly RunAccounting _accounting;
    private readonly PartialResultVerifier _verifier;
    private readonly InvocationSlots _slots;
    private readonly PartitionAttempt _attempt;
    // Cancelled at the first permanent error: no new attempts start (those in flight finish and are stored).
    private readonly CancellationTokenSource _abort = new();
    private int _retryBudget;
    // Results are folded in as they arrive (in partition order, so the sums equal a local run's bit for bit).
    private readonly OrderedResultMerger _merger;

    public LambdaScheduler(IAnalysis analysis, DistributedPlan plan, DistributedOptions options, ResultStore store, LambdaInvoker invoker,
        string sha, string analysisLocation, IProgress<RunProgress>? progress, Stopwatch clock)
    {
        (_plan, _options, _store, _sha) = (plan, options, store, sha);
        _retryBudget = options.RetryBudget ?? Math.Max(1, plan.Partitions.Count);
        _merger = new(analysis.CreateResult(), plan.Partitions.Count, options.MergeMemoryBytes);
        _accounting = new RunAccounting(options, plan.Partitions.Count, plan.Entries, progress, clock);
        _verifier = new PartialResultVerifier(analysis, plan.Versions, store, sha, _accounting);
        _slots = new InvocationSlots(options, _abort.Token);
        _attempt = new PartitionAttempt(options, store, invoker, plan.Versions, sha, analysisLocation, _slots, _abort, _accounting, _verifier, _merger);
    }

    private IReadOnlyList<Partition> Partitions => _plan.Partitions;

    public async Task<ResultSet> ExecuteAsync(CancellationToken cancellationToken)
    {
        try { return await ExecuteCoreAsync(cancellationToken).ConfigureAwait(false); }
        finally { _merger.Dispose(); } // the spill file, if results were held beyond the memory budget
    }

    public LambdaReport Report() => _accounting.Report(_merger, _plan.Prediction);

    private async Task<ResultSet> ExecuteCoreAsync(CancellationToken cancellationToken)
    {
        var reused = new bool[Partitions.Count];
        HashSet<string> existing;
        try { existing = await _store.ExistingResultsAsync(_sha, cancellationToken).ConfigureAwait(false); }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            throw new HepDataException($"cannot list earlier results in s3://{_store.Bucket}/{DistributedKeys.ResultsFolder(_store.Prefix, _sha)}: {e.Message}");
        }
        // Resume: results stored by an earlier run of the same analysis and plan are verified and reused.
        var stored = Partitions.Where(p => existing.Contains(_verifier.Key(p))).ToList();
        await Parallel.ForEachAsync(stored, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (p, token) =>
            {
                if (await _verifier.TryReuseAsync(p, _verifier.Key(p), token).ConfigureAwait(false) is { } verified)
                {
                    reused[p.Index] = true;
                    _merger.Add(p.Index, verified.Result, verified.Bytes);
                }
            }).ConfigureAwait(false);
        var jobs = new List<PartitionJob>();
        foreach (var p in Partitions)
        {
            if (reused[p.Index]) _accounting.Reused(p);
            else jobs.Add(new PartitionJob(p));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = jobs.Select(j => RunJobAsync(j, stop.Token)).ToList();
        var monitor = WatchStragglersAsync(jobs, stop.Token);
        await Task.WhenAll(work).ConfigureAwait(false);
        stop.Cancel();
        try { await monitor.ConfigureAwait(false); } catch (OperationCanceledException) { }
        cancellationToken.ThrowIfCancellationRequested();

        var failed = jobs.Where(j => !j.Succeeded && !j.NotStarted).ToList();
        var notStarted = jobs.Count(j => !j.Succeeded && j.NotStarted);
        if (failed.Count > 0 || notStarted > 0)
        {
            var head = _abort.IsCancellationRequested
                ? $"{failed.Count} of {Partitions.Count} partition(s) failed with an error another attempt cannot fix; the run stopped at once " +
                  $"({notStarted} partition(s) not started; finished results are stored and a rerun reuses them):"
                : $"{failed.Count} of {Partitions.Count} partition(s) failed; rerun to retry them (finished results are reused):";
            // Permanent errors first: they are the reason the run stopped.
            var listed = failed.OrderBy(j => j.Permanent ? 0 : 1).ThenBy(j => j.Partition.Index).ToList();
            throw new DistributedRunException(
                head + Environment.NewLine + "  " +
                string.Join(Environment.NewLine + "  ", listed.Take(20).Select(j => $"{j.Partition}: {j.Error}")) +
                (listed.Count > 20 ? $"{Environment.NewLine}  ... and {listed.Count - 20} more" : "") +
                // Every partition without a result, compactly, also those past the 20 listed and those never started.
                $"{Environment.NewLine}missing partition(s): {OrderedResultMerger.Ranges(_merger.Missing())}", Report());
        }
        return _merger.Result();
    }

    // Retries until the partition has a verified result, a permanent error, or no budget left.
    private async Task RunJobAsync(PartitionJob job, CancellationToken cancellationToken)
    {
        int failures = 0;
        while (!job.Finished.IsCompleted)
        {
            if (_abort.IsCancellationRequested) { job.Stop(failures + job.Throttles == 0, job.LastError ?? "not run: the run stopped at a permanent error"); return; }
            var attempt = await _attempt.RunAsync(job, duplicate: false, cancellationToken).ConfigureAwait(false);
            if (attempt is AttemptOutcome.Ok || job.Finished.IsCompleted) return;
            if (attempt is AttemptOutcome.Aborted) continue; // never invoked: the check above ends it
            if (attempt is AttemptOutcome.Throttled)
            {
                job.Fail($"still throttled (429 TooManyRequestsException) after {job.Throttles - 1} retries: the function has no free concurrency; lower --concurrency or raise the function's reserved concurrency");
                return; // the attempt itself paused and retried, holding its slot, up to the limit
            }
            failures++;
            if (attempt is AttemptOutcome.Permanent)
            {
                job.Fail(job.LastError + " (not retryable)", permanent: true);
                _abort.Cancel();
                return;
            }
            if (failures >= _options.MaxAttemptsPerPartition) { job.Fail($"{job.LastError} (after {failures} attempts)"); return; }
            if (Interlocked.Decrement(ref _retryBudget) < 0) { job.Fail($"{job.LastError} (run retry budget exhausted)"); return; }
            await BackoffUnlessAborted(failures, cancellationToken).ConfigureAwait(false);
        }
    }

    // Duplicates a running attempt that takes much longer than the median finished one; one duplicate per partition.
    private async Task WatchStragglersAsync(IReadOnlyList<PartitionJob> jobs, CancellationToken cancellationToken)
    {
        var duplicates = new List<Task>();
        while (!cancellationToken.IsCancellationRequested && jobs.Any(j => !j.Finished.IsCompleted))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            _slots.RestoreRetired();
            var finished = _accounting.FinishedDurations();
            if (finished.Length < Math.Max(3, jobs.Count / 4)) continue;
            Array.Sort(finished);
            // In the tail (slots idle, nobody waiting for one) a duplicate delays no other partition: duplicate sooner.
            bool tail = _slots.Idle;
            double factor = tail ? Math.Min(_options.TailStragglerFactor, _options.StragglerFactor) : _options.StragglerFactor;
            var limit = TimeSpan.FromMilliseconds(Math.Max(_options.StragglerMinimum.TotalMilliseconds, factor * finished[finished.Length / 2]));
            foreach (var job in jobs)
                if (!_abort.IsCancellationRequested && !job.Finished.IsCompleted && !job.Duplicated && job.RunningFor is { } running && running > limit)
                {
                    job.Duplicated = true;
                    duplicates.Add(_attempt.RunAsync(job, duplicate: true, cancellationToken));
                }
        }
        await Task.WhenAll(duplicates).ConfigureAwait(false);
    }

    private async Task BackoffUnlessAborted(int attempt, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
        try { await Backoff(attempt, stop.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { } // aborted: the loop ends the job
    }

    // Full jitter between half the exponential step and the step itself, capped.
    private Task Backoff(int attempt, CancellationToken cancellationToken)
    {
        double step = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        return Task.Delay(TimeSpan.FromMilliseconds(step * (0.5 + Random.Shared.NextDouble() / 2)), cancellationToken);
    }
}
