using System.Collections.Concurrent;
using System.Diagnostics;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Distributed;

/// <summary>A distributed run that could not account for every partition; the message names the failed ones.</summary>
public sealed class DistributedRunException(string message, LambdaReport report) : HepDataException(message)
{
    public LambdaReport Report { get; } = report;
}

/// <summary>
/// The merged result of a distributed run and what it took. <see cref="RunOutcome.BytesRead"/> counts basket bytes, as
/// a local run does; the report has everything the hosts fetched. <see cref="InputVersions"/>: each input's version
/// as planned (by location), which result keys include.
/// </summary>
public sealed record DistributedOutcome(RunOutcome Run, LambdaReport Report, IReadOnlyDictionary<string, InputVersion> InputVersions)
{
    /// <summary>The S3 key of a partition's result in this run.</summary>
    public string ResultKey(string prefix, string analysisSha256, Partition partition) =>
        DistributedKeys.Result(prefix, analysisSha256, partition, InputVersions[partition.Location]);
}

/// <summary>
/// Runs a compiled analysis over remote inputs on AWS Lambda (or the local emulator): plan partitions, upload the
/// analysis once, reuse results already stored (resume), invoke the rest with bounded concurrency, retry throttles
/// and failures with jittered exponential backoff within a budget, duplicate stragglers (first result wins; the
/// deterministic key makes duplicates harmless), verify each partial result, merge results as they arrive (folded in
/// partition order, <see cref="OrderedResultMerger"/>) and prove every entry was processed exactly once. Inputs are pinned to the version the survey saw (<see cref="InputVersion"/>):
/// it is part of every result key, and hosts refuse an input that changed since. A permanent error (bad data, a
/// throwing analysis, a changed input) stops the run at once: no retries, no new invocations.
/// </summary>
public static class DistributedExecutor
{
    public static async Task<DistributedOutcome> RunAsync(byte[] assembly, IAnalysis analysis, IReadOnlyList<string> inputs,
        DistributedOptions options, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Concurrency, "concurrency must be at least 1");
        // Before anything is read or written: keys outside the configured bucket and prefix are never built.
        RunStorageNames.Check(options.Bucket, options.Prefix);
        var locations = InputGlobs.Expand(inputs);
        var local = locations.Where(l => !InputLocation.Parse(l).IsRemote).ToList();
        if (local.Count > 0)
            throw new HepDataException($"Lambda functions cannot read local files; upload them to S3 first: {string.Join(", ", local)}");
        LambdaPreflight.Check(analysis.Info, analysis.CreateResult(), options.Function, options.MemoryMb, options.MaxResultBytes);

        var tree = options.Tree ?? analysis.Info.TreeName;
        var sourceOptions = new ByteSourceOptions { S3 = options.S3 };
        // The survey records each input's version (ETag and size for S3) as it learns entries and clusters: the plan is
        // only valid for that version.
        var versions = new Dictionary<string, InputVersion>(StringComparer.Ordinal);
        var shapes = await Task.Run(() => InputSurvey.Survey(analysis.Info, locations, tree, PinnedInputs.Recording(sourceOptions, versions),
            Math.Min(16, locations.Count), null, cancellationToken), cancellationToken).ConfigureAwait(false);
        int count = options.Partitions ?? Math.Max(Math.Min(2 * options.Concurrency, 1000), shapes.Sum(s => s.Clusters.Count));
        var partitions = Execution.Partitioner.Plan(shapes, PartitionTarget.Partitions(count));
        // The prediction the report shows next to the measurement (hep lambda plan's, for this very plan).
        var prediction = options.Profile is { } profile
            ? LambdaPlanner.Plan(partitions, profile, options.Concurrency, options.MemoryMb, options.Architecture, options.Limits) : null;

        var sha = DistributedKeys.Sha256Hex(assembly);
        using var s3 = S3ClientFactory.Create(options.S3);
        var store = new ResultStore(s3, options.Bucket, options.Prefix, options.MaxResultBytes);
        string analysisLocation;
        try { (analysisLocation, _) = await store.EnsureAnalysisAsync(sha, assembly, cancellationToken).ConfigureAwait(false); }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            throw new HepDataException($"cannot store the analysis in s3://{options.Bucket}/{DistributedKeys.Analysis(options.Prefix, sha)}: {e.Message}");
        }

        using var invoker = new LambdaInvoker(options.Endpoint, options.Region ?? options.S3.Region, options.InvokeCredentials, options.InvokeTimeout, options.EmulatorToken);
        var run = new Run(analysis, partitions, versions, options, store, invoker, sha, analysisLocation, shapes.Sum(s => s.Entries), progress, clock) { Prediction = prediction };
        var merged = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        var report = run.Report();
        Completeness.Verify(merged, shapes);
        var outcome = new RunOutcome(merged, shapes, partitions, options.Concurrency, merged.EntriesProcessed, report.BasketBytes, clock.Elapsed);
        return new DistributedOutcome(outcome, report, versions);
    }

    /// <summary>The mutable state of one run: jobs, counters, attempt log.</summary>
    private sealed class Run(IAnalysis analysis, IReadOnlyList<Partition> partitions, IReadOnlyDictionary<string, InputVersion> versions,
        DistributedOptions options, ResultStore store, LambdaInvoker invoker, string sha, string analysisLocation, long entriesTotal,
        IProgress<RunProgress>? progress, Stopwatch clock)
    {
        public LambdaPlan? Prediction { get; init; }
        private readonly ConcurrentQueue<AttemptRecord> _attempts = new();
        private readonly ConcurrentBag<long> _finishedMs = [];
        private readonly SemaphoreSlim _slots = new(options.Concurrency);
        private readonly string _runId = Guid.NewGuid().ToString("N");
        private int _retryBudget = options.RetryBudget ?? Math.Max(1, partitions.Count);
        // Cancelled at the first permanent error: no new attempts start (those in flight finish and are stored).
        private readonly CancellationTokenSource _abort = new();
        private int _reused, _corrupt, _done, _billedRequests, _waitingForSlot;
        private long _bytesRead, _basketBytes, _entriesDone;
        private double _gbSeconds;
        private readonly Lock _costLock = new();
        // Results are folded in as they arrive (in partition order, so the sums equal a local run's bit for bit).
        private readonly OrderedResultMerger _merger = new(analysis.CreateResult(), partitions.Count, options.MergeMemoryBytes);

        private string Key(Partition p) => DistributedKeys.Result(store.Prefix, sha, p, versions[p.Location]);

        public async Task<ResultSet> ExecuteAsync(CancellationToken cancellationToken)
        {
            try { return await ExecuteCoreAsync(cancellationToken).ConfigureAwait(false); }
            finally { _merger.Dispose(); } // the spill file, if results were held beyond the memory budget
        }

        private async Task<ResultSet> ExecuteCoreAsync(CancellationToken cancellationToken)
        {
            var reused = new bool[partitions.Count];
            HashSet<string> existing;
            try { existing = await store.ExistingResultsAsync(sha, cancellationToken).ConfigureAwait(false); }
            catch (Amazon.Runtime.AmazonServiceException e)
            {
                throw new HepDataException($"cannot list earlier results in s3://{store.Bucket}/{DistributedKeys.ResultsFolder(store.Prefix, sha)}: {e.Message}");
            }
            // Resume: results stored by an earlier run of the same analysis and plan are verified and reused.
            var stored = partitions.Where(p => existing.Contains(Key(p))).ToList();
            await Parallel.ForEachAsync(stored, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (p, token) =>
                {
                    if (await TryReuseAsync(p, Key(p), token).ConfigureAwait(false) is { } verified)
                    {
                        reused[p.Index] = true;
                        _merger.Add(p.Index, verified.Result, verified.Bytes);
                    }
                }).ConfigureAwait(false);
            var jobs = new List<Job>();
            foreach (var p in partitions)
            {
                if (reused[p.Index])
                {
                    _reused++;
                    Completed(p);
                }
                else jobs.Add(new Job(p));
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
                    ? $"{failed.Count} of {partitions.Count} partition(s) failed with an error another attempt cannot fix; the run stopped at once " +
                      $"({notStarted} partition(s) not started; finished results are stored and a rerun reuses them):"
                    : $"{failed.Count} of {partitions.Count} partition(s) failed; rerun to retry them (finished results are reused):";
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

        public LambdaReport Report() => LambdaReport.From(options.Function, partitions.Count, _reused, _attempts.ToList(), _corrupt,
            options.Architecture, clock.Elapsed, Interlocked.Read(ref _bytesRead), Interlocked.Read(ref _basketBytes))
            with { MergeSeconds = _merger.MergeTime.TotalSeconds, MaxResultsHeld = _merger.MaxWaiting, SpilledResults = _merger.Spilled, Prediction = Prediction };

        // Retries until the partition has a verified result, a permanent error, or no budget left.
        private async Task RunJobAsync(Job job, CancellationToken cancellationToken)
        {
            int failures = 0;
            while (!job.Finished.IsCompleted)
            {
                if (_abort.IsCancellationRequested) { job.Stop(failures + job.Throttles == 0, job.LastError ?? "not run: the run stopped at a permanent error"); return; }
                var attempt = await AttemptAsync(job, duplicate: false, cancellationToken).ConfigureAwait(false);
                if (attempt is Outcome.Ok || job.Finished.IsCompleted) return;
                if (attempt is Outcome.Aborted) continue; // never invoked: the check above ends it
                if (attempt is Outcome.Throttled)
                {
                    job.Fail($"still throttled (429 TooManyRequestsException) after {job.Throttles - 1} retries: the function has no free concurrency; lower --concurrency or raise the function's reserved concurrency");
                    return; // the attempt itself paused and retried, holding its slot, up to the limit
                }
                failures++;
                if (attempt is Outcome.Permanent)
                {
                    job.Fail(job.LastError + " (not retryable)", permanent: true);
                    _abort.Cancel();
                    return;
                }
                if (failures >= options.MaxAttemptsPerPartition) { job.Fail($"{job.LastError} (after {failures} attempts)"); return; }
                if (Interlocked.Decrement(ref _retryBudget) < 0) { job.Fail($"{job.LastError} (run retry budget exhausted)"); return; }
                await BackoffUnlessAborted(failures, cancellationToken).ConfigureAwait(false);
            }
        }

        // Duplicates a running attempt that takes much longer than the median finished one; one duplicate per partition.
        private async Task WatchStragglersAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
        {
            var duplicates = new List<Task>();
            while (!cancellationToken.IsCancellationRequested && jobs.Any(j => !j.Finished.IsCompleted))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
                RestoreRetiredSlots();
                var finished = _finishedMs.ToArray();
                if (finished.Length < Math.Max(3, jobs.Count / 4)) continue;
                Array.Sort(finished);
                // In the tail (slots idle, nobody waiting for one) a duplicate delays no other partition: duplicate sooner.
                bool tail = Volatile.Read(ref _waitingForSlot) == 0 && _slots.CurrentCount > 0;
                double factor = tail ? Math.Min(options.TailStragglerFactor, options.StragglerFactor) : options.StragglerFactor;
                var limit = TimeSpan.FromMilliseconds(Math.Max(options.StragglerMinimum.TotalMilliseconds, factor * finished[finished.Length / 2]));
                foreach (var job in jobs)
                    if (!_abort.IsCancellationRequested && !job.Finished.IsCompleted && !job.Duplicated && job.RunningFor is { } running && running > limit)
                    {
                        job.Duplicated = true;
                        duplicates.Add(AttemptAsync(job, duplicate: true, cancellationToken));
                    }
            }
            await Task.WhenAll(duplicates).ConfigureAwait(false);
        }

        private enum Outcome { Ok, Throttled, Failed, Permanent, Aborted }

        private async Task<Outcome> AttemptAsync(Job job, bool duplicate, CancellationToken cancellationToken)
        {
            var p = job.Partition;
            using var attemptStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, job.Cancel);
            using (var slotStop = CancellationTokenSource.CreateLinkedTokenSource(attemptStop.Token, _abort.Token))
            {
                Interlocked.Increment(ref _waitingForSlot);
                try { await _slots.WaitAsync(slotStop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return _abort.IsCancellationRequested && !attemptStop.IsCancellationRequested ? Outcome.Aborted : Outcome.Failed; }
                finally { Interlocked.Decrement(ref _waitingForSlot); }
            }
            if (_abort.IsCancellationRequested)
            {
                _slots.Release(); // a permanent error ended the run while this one waited for its slot
                return Outcome.Aborted;
            }
            var watch = Stopwatch.StartNew();
            bool invoked = false; // an invocation ran in (and freed) an environment: a paused throttled job may take it over
            if (!duplicate) job.Started = Stopwatch.GetTimestamp();
            try
            {
                var payload = PayloadJson.Serialize(new InvocationPayload
                {
                    RunId = _runId,
                    Analysis = new AnalysisReference(sha, analysisLocation),
                    Partition = p,
                    Input = versions[p.Location],
                    Results = new ResultTarget(store.Bucket, store.Prefix),
                    S3 = new PayloadS3Options { ServiceUrl = options.S3.ServiceUrl, Region = options.S3.Region, ForcePathStyle = options.S3.ForcePathStyle },
                    InlineResultBytes = options.InlineResultBytes,
                });
                InvokeResult answer;
                long ms;
                while (true)
                {
                    answer = await invoker.InvokeAsync(options.Function, payload, attemptStop.Token).ConfigureAwait(false);
                    ms = watch.ElapsedMilliseconds;
                    if (!answer.Throttled) { invoked = true; break; }
                    Record(p, "throttled", ms, 0, false, duplicate, "429 TooManyRequestsException");
                    if (duplicate || ++job.Throttles > options.MaxThrottleRetries) return Outcome.Throttled;
                    // The job keeps its slot while it pauses, then tries again with it: a 429 says the function has
                    // fewer free environments than the driver has slots, so the driver's concurrency shrinks by one
                    // for as long as that lasts. Released, the slot would go to the next partition, whose first 429
                    // waits only the base backoff: a storm (measured: 56,000 429s for 10,000 partitions with 1,000
                    // slots against an 800 limit).
                    job.Started = 0; // paused, not running: no straggler duplicate for it
                    await ThrottlePauseAsync(job.Throttles, attemptStop.Token).ConfigureAwait(false);
                    if (_abort.IsCancellationRequested) return Outcome.Aborted;
                    if (job.Finished.IsCompleted) return Outcome.Failed;
                    job.Started = Stopwatch.GetTimestamp();
                    watch.Restart();
                }
                if (answer.Status != 200)
                    return Failed(job, ms, duplicate, $"Invoke API answered {answer.Status} {answer.ServiceErrorType}: {Text(answer.Body)}", permanent: answer.Status is 400 or 403 or 404 or 413);
                if (answer.FunctionError is not null)
                {
                    var error = TryParse<FunctionError>(answer.Body);
                    var type = error?.ErrorType ?? "Unknown";
                    // This driver uploaded (or verified) exactly these bytes before invoking: the object changed since.
                    var hint = type == FunctionErrorTypes.AssemblyHashMismatch
                        ? $"; the analysis object {analysisLocation} was changed after this run stored it (a rerun stores it again)" : "";
                    return Failed(job, ms, duplicate, $"{type}: {error?.ErrorMessage ?? Text(answer.Body)}{hint}", FunctionErrorTypes.IsPermanent(type));
                }
                var response = PayloadJson.Deserialize<InvocationResponse>(answer.Body, $"the response for {p}");
                var verified = await FetchVerifiedAsync(p, response, attemptStop.Token).ConfigureAwait(false);
                if (verified is null)
                {
                    Interlocked.Increment(ref _corrupt);
                    return Failed(job, ms, duplicate, $"partial result {response.ResultKey} failed verification");
                }
                Record(p, "ok", ms, Math.Max(1, response.TotalMs), response.ColdStart, duplicate, null, response.MemoryMb, response.ProcessMs, response.Entries, response.Startup);
                if (job.Succeed())
                {
                    _merger.Add(p.Index, verified.Result, verified.Bytes);
                    _finishedMs.Add(ms);
                    Interlocked.Add(ref _bytesRead, response.BytesRead);
                    Interlocked.Add(ref _basketBytes, response.BasketBytes);
                    Completed(p);
                }
                return Outcome.Ok;
            }
            catch (OperationCanceledException) when (job.Finished.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                // A duplicate won, or the run stops. The abandoned invocation still ran (and is billed): it is counted.
                Record(p, "superseded", watch.ElapsedMilliseconds, watch.ElapsedMilliseconds, false, duplicate, "abandoned: another attempt's result was used, or the run stopped");
                return Outcome.Failed;
            }
            catch (ResultTooLargeException e)
            {
                return Failed(job, watch.ElapsedMilliseconds, duplicate, e.Message, permanent: true);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidDataException or IOException or Amazon.Runtime.AmazonServiceException)
            {
                return Failed(job, watch.ElapsedMilliseconds, duplicate, e is OperationCanceledException ? $"no answer within {options.InvokeTimeout}" : e.Message);
            }
            finally
            {
                if (!duplicate) job.Started = 0;
                ReleaseSlot(invoked);
            }
        }

        private Outcome Failed(Job job, long ms, bool duplicate, string error, bool permanent = false)
        {
            job.LastError = error;
            Record(job.Partition, "failed", ms, ms, false, duplicate, error);
            if (permanent) _abort.Cancel(); // before this attempt's slot is released: nothing new starts
            return permanent ? Outcome.Permanent : Outcome.Failed;
        }

        // The stored (or inline) bytes must hash as the host said, deserialize (checksummed) and cover exactly the partition.
        private async Task<Verified?> FetchVerifiedAsync(Partition p, InvocationResponse response, CancellationToken cancellationToken)
        {
            if (response.PartitionIndex != p.Index || response.ResultKey != Key(p)) return null;
            byte[] bytes;
            try
            {
                bytes = response.InlineResult is { } inline ? Convert.FromBase64String(inline)
                    : await store.DownloadResultAsync(p, response.ResultKey, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or Amazon.Runtime.AmazonClientException)
            {
                // A malformed answer (bad base64; a storage reply the SDK cannot parse, seen from a loaded local S3):
                // this attempt failed and is retried, instead of the exception ending the whole run.
                throw new IOException($"cannot read the result of {p} ({response.ResultKey}): {e.Message}", e);
            }
            if (DistributedKeys.Sha256Hex(bytes) != response.ResultSha256) return null;
            return Verify(p, bytes);
        }

        private async Task<Verified?> TryReuseAsync(Partition p, string key, CancellationToken cancellationToken)
        {
            byte[] bytes;
            try { bytes = await store.DownloadResultAsync(p, key, cancellationToken).ConfigureAwait(false); }
            catch (Amazon.Runtime.AmazonServiceException) { return null; } // gone since the listing: recompute
            var result = Verify(p, bytes);
            if (result is null) Interlocked.Increment(ref _corrupt); // counted in the report as a corrupt result, and recomputed
            return result;
        }

        /// <summary>
        /// A partial result that passed every check. Bytes: its serialized form when the caller has it (else the merger
        /// serializes it only if it must hold it).
        /// </summary>
        private sealed record Verified(ResultSet Result, byte[]? Bytes);

        // Intact, bound to exactly this analysis' bytes, this input version, this range and this format, and covering
        // exactly the partition: anything else is recomputed.
        private Verified? Verify(Partition p, byte[] bytes)
        {
            ResultSet result;
            try { result = PartialResultFile.Read(bytes, PartialResultBinding.For(sha, p, versions[p.Location])); }
            catch (Exception e) when (e is InvalidDataException or HepDataException or ArgumentException) { return null; }
            bool exact = result.Analysis == analysis.Info.Name && result.Processed.Count == 1
                && result.Processed[0].Location == p.Location && result.Processed[0].Range == p.Range;
            return exact ? new Verified(result, null) : null; // the stored form is an envelope: the merger serializes the result itself if it must hold it
        }

        private void Completed(Partition p)
        {
            var entries = Interlocked.Add(ref _entriesDone, p.EntryCount);
            var done = Interlocked.Increment(ref _done);
            double cost;
            lock (_costLock) cost = LambdaPricing.Cost(_gbSeconds, _billedRequests, options.Architecture);
            progress?.Report(new RunProgress(entries, entriesTotal, done, partitions.Count, Interlocked.Read(ref _basketBytes), clock.Elapsed, cost));
        }

        // Every invocation is billed (failed ones too; throttled ones never ran): the running cost, as the report computes it.
        private void Record(Partition p, string outcome, long ms, long billedMs, bool cold, bool duplicate, string? error, int memoryMb = 0,
            long processMs = 0, long entries = 0, ColdStartBreakdown? startup = null)
        {
            var record = new AttemptRecord(p.Index, outcome, ms, billedMs, memoryMb > 0 ? memoryMb : options.MemoryMb, cold, duplicate, error, processMs, entries, startup);
            _attempts.Enqueue(record);
            if (outcome == "throttled") return;
            lock (_costLock)
            {
                _gbSeconds += LambdaPricing.GbSeconds(record.BilledMs, record.MemoryMb);
                _billedRequests++;
            }
        }

        // Throttled jobs pause, keeping their slot, until an invocation ends and hands its environment over (or their
        // backoff, capped at MaxThrottleBackoff, runs out). The handing-over invocation keeps its slot out of use
        // ("retired"): the driver's concurrency shrinks by one per hand-over until it matches what the function has, and
        // the paused partition is served before new ones (released, the slot would go to a new partition that takes the
        // environment, and the paused one could starve: measured, 2 partitions out of 10,000 ran out of 100 retries).
        // Retired slots come back a quarter at a time each second without a 429 (the function's limit may grow).
        private readonly ConcurrentQueue<TaskCompletionSource> _paused = new();
        private int _retired;
        private long _lastThrottle, _lastRestore;

        private bool HandOver()
        {
            while (_paused.TryDequeue(out var waiter))
                if (waiter.TrySetResult()) return true;
            return false;
        }

        private void ReleaseSlot(bool environmentFreed)
        {
            if (environmentFreed && HandOver()) Interlocked.Increment(ref _retired);
            else _slots.Release();
        }

        private void RestoreRetiredSlots()
        {
            int retired = Volatile.Read(ref _retired);
            if (retired == 0 || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastThrottle)) < TimeSpan.FromSeconds(1)
                || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastRestore)) < TimeSpan.FromSeconds(1)) return;
            int n = Math.Max(1, retired / 4);
            Interlocked.Add(ref _retired, -n);
            Interlocked.Exchange(ref _lastRestore, Stopwatch.GetTimestamp());
            _slots.Release(n);
        }

        private async Task ThrottlePauseAsync(int attempt, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastThrottle, Stopwatch.GetTimestamp());
            var handedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _paused.Enqueue(handedOver);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
            double step = Math.Min(Math.Min(options.MaxThrottleBackoff.TotalMilliseconds, options.MaxBackoff.TotalMilliseconds), options.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
            var pause = Task.Delay(TimeSpan.FromMilliseconds(step * (0.5 + Random.Shared.NextDouble() / 2)), stop.Token);
            try { await Task.WhenAny(pause, handedOver.Task).ConfigureAwait(false); }
            finally
            {
                handedOver.TrySetResult(); // leaving: a later hand-over goes to the next paused job
                stop.Cancel();
            }
            try { await pause.ConfigureAwait(false); } catch (OperationCanceledException) { } // ended early: handed over, abort or cancel
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
            double step = Math.Min(options.MaxBackoff.TotalMilliseconds, options.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
            return Task.Delay(TimeSpan.FromMilliseconds(step * (0.5 + Random.Shared.NextDouble() / 2)), cancellationToken);
        }

        private static T? TryParse<T>(byte[] body) where T : class
        {
            try { return PayloadJson.Deserialize<T>(body, "error"); } catch (InvalidDataException) { return null; }
        }

        private static string Text(byte[] body) => System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 500)));
    }

    /// <summary>One partition's work: first verified result wins, later ones are dropped.</summary>
    private sealed class Job(Partition partition)
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _cancel = new();

        public Partition Partition { get; } = partition;
        public Task Finished => _finished.Task;
        public CancellationToken Cancel => _cancel.Token;
        /// <summary>A verified result was handed to the merger (by the first attempt that had one).</summary>
        public bool Succeeded { get; private set; }
        public string? Error { get; private set; }
        /// <summary>Failed with an error another attempt cannot fix.</summary>
        public bool Permanent { get; private set; }
        /// <summary>Never invoked: the run stopped at another partition's permanent error first.</summary>
        public bool NotStarted { get; private set; }
        public string? LastError { get; set; }
        public long Started { get; set; }
        public bool Duplicated { get; set; }
        /// <summary>429s this partition's attempts got (paused and retried inside the attempt, holding its slot).</summary>
        public int Throttles { get; set; }
        public TimeSpan? RunningFor => Started == 0 ? null : Stopwatch.GetElapsedTime(Started);

        public bool Succeed()
        {
            lock (_finished)
            {
                if (_finished.Task.IsCompleted) return false;
                Succeeded = true;
                _finished.SetResult();
            }
            _cancel.Cancel(); // stop waiting for the other attempt
            return true;
        }

        public void Fail(string error, bool permanent = false)
        {
            lock (_finished)
            {
                if (_finished.Task.IsCompleted) return;
                Error = error;
                Permanent = permanent;
                _finished.SetResult();
            }
        }

        /// <summary>Ends the job because the run stopped; <paramref name="neverTried"/> when no attempt was made.</summary>
        public void Stop(bool neverTried, string error)
        {
            lock (_finished)
            {
                if (_finished.Task.IsCompleted) return;
                Error = neverTried ? "not started: the run stopped at a permanent error" : $"{error} (not retried: the run stopped at a permanent error)";
                NotStarted = neverTried;
                _finished.SetResult();
            }
        }
    }
}
