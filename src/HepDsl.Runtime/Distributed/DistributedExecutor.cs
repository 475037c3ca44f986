using System.Collections.Concurrent;
using System.Diagnostics;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Distributed;

/// <summary>A distributed run that could not account for every partition; the message names the failed ones.</summary>
public sealed class DistributedRunException(string message, LambdaReport report) : HepDataException(message)
{
    public LambdaReport Report { get; } = report;
}

/// <summary>The merged result of a distributed run and what it took.</summary>
public sealed record DistributedOutcome(RunOutcome Run, LambdaReport Report);

/// <summary>
/// Runs a compiled analysis over remote inputs on AWS Lambda (or the local emulator): plan partitions, upload the
/// analysis once, reuse results already stored (resume), invoke the rest with bounded concurrency, retry throttles
/// and failures with jittered exponential backoff within a budget, duplicate stragglers (first result wins; the
/// content-addressed key makes duplicates harmless), verify each partial result, merge in partition order and prove
/// every entry was processed exactly once.
/// </summary>
public static class DistributedExecutor
{
    public static async Task<DistributedOutcome> RunAsync(byte[] assembly, IAnalysis analysis, IReadOnlyList<string> inputs,
        DistributedOptions options, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Concurrency, "concurrency must be at least 1");
        var locations = LocalInputs.Expand(inputs);
        var local = locations.Where(l => !l.Contains("://", StringComparison.Ordinal) || l.StartsWith("file://", StringComparison.OrdinalIgnoreCase)).ToList();
        if (local.Count > 0)
            throw new HepDataException($"Lambda functions cannot read local files; upload them to S3 first: {string.Join(", ", local)}");

        var tree = options.Tree ?? analysis.Info.TreeName;
        var sourceOptions = new ByteSourceOptions { S3 = options.S3 };
        var shapes = await Task.Run(() => InputSurvey.Survey(analysis.Info, locations, tree, EventSources.Opener(sourceOptions),
            Math.Min(16, locations.Count), null, cancellationToken), cancellationToken).ConfigureAwait(false);
        int count = options.Partitions ?? Math.Max(Math.Min(2 * options.Concurrency, 1000), shapes.Sum(s => s.Clusters.Count));
        var partitions = Execution.Partitioner.Plan(shapes, PartitionTarget.Partitions(count));

        var sha = DistributedKeys.Sha256Hex(assembly);
        using var s3 = S3ClientFactory.Create(options.S3);
        var store = new ResultStore(s3, options.Bucket, options.Prefix);
        string analysisLocation;
        try { (analysisLocation, _) = await store.EnsureAnalysisAsync(sha, assembly, cancellationToken).ConfigureAwait(false); }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            throw new HepDataException($"cannot store the analysis in s3://{options.Bucket}/{DistributedKeys.Analysis(options.Prefix, sha)}: {e.Message}");
        }

        using var invoker = new LambdaInvoker(options.Endpoint, options.Region ?? options.S3.Region, options.InvokeCredentials, options.InvokeTimeout);
        var run = new Run(analysis, partitions, options, store, invoker, sha, analysisLocation, shapes.Sum(s => s.Entries), progress, clock);
        var results = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);

        var merged = analysis.CreateResult();
        foreach (var r in results) merged.Merge(r);
        var report = run.Report();
        Completeness.Verify(merged, shapes);
        var outcome = new RunOutcome(merged, shapes, partitions, options.Concurrency, merged.EntriesProcessed, report.BytesRead, clock.Elapsed);
        return new DistributedOutcome(outcome, report);
    }

    /// <summary>The mutable state of one run: jobs, counters, attempt log.</summary>
    private sealed class Run(IAnalysis analysis, IReadOnlyList<Partition> partitions, DistributedOptions options, ResultStore store,
        LambdaInvoker invoker, string sha, string analysisLocation, long entriesTotal, IProgress<RunProgress>? progress, Stopwatch clock)
    {
        private readonly ConcurrentQueue<AttemptRecord> _attempts = new();
        private readonly ConcurrentBag<long> _finishedMs = [];
        private readonly SemaphoreSlim _slots = new(options.Concurrency);
        private readonly string _runId = Guid.NewGuid().ToString("N");
        private int _retryBudget = options.RetryBudget ?? Math.Max(1, partitions.Count);
        private int _reused, _corrupt, _done;
        private long _bytesRead, _entriesDone;

        public async Task<ResultSet[]> ExecuteAsync(CancellationToken cancellationToken)
        {
            var results = new ResultSet?[partitions.Count];
            HashSet<string> existing;
            try { existing = await store.ExistingResultsAsync(sha, cancellationToken).ConfigureAwait(false); }
            catch (Amazon.Runtime.AmazonServiceException e)
            {
                throw new HepDataException($"cannot list earlier results in s3://{store.Bucket}/{DistributedKeys.ResultsFolder(store.Prefix, sha)}: {e.Message}");
            }
            // Resume: results stored by an earlier run of the same analysis and plan are verified and reused.
            var stored = partitions.Where(p => existing.Contains(DistributedKeys.Result(store.Prefix, sha, p))).ToList();
            await Parallel.ForEachAsync(stored, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (p, token) => results[p.Index] = await TryReuseAsync(p, DistributedKeys.Result(store.Prefix, sha, p), token).ConfigureAwait(false)).ConfigureAwait(false);
            var jobs = new List<Job>();
            foreach (var p in partitions)
            {
                if (results[p.Index] is not null)
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

            var failed = jobs.Where(j => j.Result is null).ToList();
            if (failed.Count > 0)
                throw new DistributedRunException(
                    $"{failed.Count} of {partitions.Count} partition(s) failed; rerun to retry them (finished results are reused):{Environment.NewLine}  " +
                    string.Join(Environment.NewLine + "  ", failed.Take(20).Select(j => $"{j.Partition}: {j.Error}")) +
                    (failed.Count > 20 ? $"{Environment.NewLine}  ... and {failed.Count - 20} more" : ""), Report());
            foreach (var j in jobs) results[j.Partition.Index] = j.Result;
            return results.Select(r => r!).ToArray();
        }

        public LambdaReport Report() => LambdaReport.From(options.Function, partitions.Count, _reused, _attempts.ToList(), _corrupt,
            options.Architecture, clock.Elapsed, Interlocked.Read(ref _bytesRead));

        // Retries until the partition has a verified result, a permanent error, or no budget left.
        private async Task RunJobAsync(Job job, CancellationToken cancellationToken)
        {
            int failures = 0, throttles = 0;
            while (!job.Finished.IsCompleted)
            {
                var attempt = await AttemptAsync(job, duplicate: false, cancellationToken).ConfigureAwait(false);
                if (attempt is Outcome.Ok || job.Finished.IsCompleted) return;
                if (attempt is Outcome.Throttled)
                {
                    if (++throttles > options.MaxThrottleRetries) { job.Fail($"still throttled after {throttles - 1} retries"); return; }
                    await Backoff(throttles, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                failures++;
                if (attempt is Outcome.Permanent) { job.Fail(job.LastError + " (not retryable)"); return; }
                if (failures >= options.MaxAttemptsPerPartition) { job.Fail($"{job.LastError} (after {failures} attempts)"); return; }
                if (Interlocked.Decrement(ref _retryBudget) < 0) { job.Fail($"{job.LastError} (run retry budget exhausted)"); return; }
                await Backoff(failures, cancellationToken).ConfigureAwait(false);
            }
        }

        // Duplicates a running attempt that takes much longer than the median finished one; one duplicate per partition.
        private async Task WatchStragglersAsync(IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
        {
            var duplicates = new List<Task>();
            while (!cancellationToken.IsCancellationRequested && jobs.Any(j => !j.Finished.IsCompleted))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
                var finished = _finishedMs.ToArray();
                if (finished.Length < Math.Max(3, jobs.Count / 4)) continue;
                Array.Sort(finished);
                var limit = TimeSpan.FromMilliseconds(Math.Max(options.StragglerMinimum.TotalMilliseconds, options.StragglerFactor * finished[finished.Length / 2]));
                foreach (var job in jobs)
                    if (!job.Finished.IsCompleted && !job.Duplicated && job.RunningFor is { } running && running > limit)
                    {
                        job.Duplicated = true;
                        duplicates.Add(AttemptAsync(job, duplicate: true, cancellationToken));
                    }
            }
            await Task.WhenAll(duplicates).ConfigureAwait(false);
        }

        private enum Outcome { Ok, Throttled, Failed, Permanent }

        private async Task<Outcome> AttemptAsync(Job job, bool duplicate, CancellationToken cancellationToken)
        {
            var p = job.Partition;
            using var attemptStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, job.Cancel);
            try { await _slots.WaitAsync(attemptStop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return Outcome.Failed; }
            var watch = Stopwatch.StartNew();
            if (!duplicate) job.Started = Stopwatch.GetTimestamp();
            try
            {
                var payload = PayloadJson.Serialize(new InvocationPayload
                {
                    RunId = _runId,
                    Analysis = new AnalysisReference(sha, analysisLocation),
                    Partition = p,
                    Results = new ResultTarget(store.Bucket, store.Prefix),
                    S3 = new PayloadS3Options { ServiceUrl = options.S3.ServiceUrl, Region = options.S3.Region, ForcePathStyle = options.S3.ForcePathStyle },
                    InlineResultBytes = options.InlineResultBytes,
                });
                var answer = await invoker.InvokeAsync(options.Function, payload, attemptStop.Token).ConfigureAwait(false);
                long ms = watch.ElapsedMilliseconds;
                if (answer.Throttled)
                {
                    Record(p, "throttled", ms, 0, false, duplicate, "429 TooManyRequestsException");
                    return Outcome.Throttled;
                }
                if (answer.Status != 200)
                    return Failed(job, ms, duplicate, $"Invoke API answered {answer.Status} {answer.ServiceErrorType}: {Text(answer.Body)}", permanent: answer.Status is 400 or 403 or 404 or 413);
                if (answer.FunctionError is not null)
                {
                    var error = TryParse<FunctionError>(answer.Body);
                    var type = error?.ErrorType ?? "Unknown";
                    return Failed(job, ms, duplicate, $"{type}: {error?.ErrorMessage ?? Text(answer.Body)}", FunctionErrorTypes.IsPermanent(type));
                }
                var response = PayloadJson.Deserialize<InvocationResponse>(answer.Body, $"the response for {p}");
                var result = await FetchVerifiedAsync(p, response, attemptStop.Token).ConfigureAwait(false);
                if (result is null)
                {
                    Interlocked.Increment(ref _corrupt);
                    return Failed(job, ms, duplicate, $"partial result {response.ResultKey} failed verification");
                }
                Record(p, "ok", ms, Math.Max(1, response.TotalMs), response.ColdStart, duplicate, null, response.MemoryMb, response.ProcessMs, response.Entries);
                if (job.Succeed(result))
                {
                    _finishedMs.Add(ms);
                    Interlocked.Add(ref _bytesRead, response.BytesRead);
                    Completed(p);
                }
                return Outcome.Ok;
            }
            catch (OperationCanceledException) when (job.Finished.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                return Outcome.Failed; // a duplicate won, or the run stops
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidDataException or IOException or Amazon.Runtime.AmazonServiceException)
            {
                return Failed(job, watch.ElapsedMilliseconds, duplicate, e is OperationCanceledException ? $"no answer within {options.InvokeTimeout}" : e.Message);
            }
            finally
            {
                if (!duplicate) job.Started = 0;
                _slots.Release();
            }
        }

        private Outcome Failed(Job job, long ms, bool duplicate, string error, bool permanent = false)
        {
            job.LastError = error;
            Record(job.Partition, "failed", ms, ms, false, duplicate, error);
            return permanent ? Outcome.Permanent : Outcome.Failed;
        }

        // The stored (or inline) bytes must hash as the host said, deserialize (checksummed) and cover exactly the partition.
        private async Task<ResultSet?> FetchVerifiedAsync(Partition p, InvocationResponse response, CancellationToken cancellationToken)
        {
            if (response.PartitionIndex != p.Index || response.ResultKey != DistributedKeys.Result(store.Prefix, sha, p)) return null;
            var bytes = response.InlineResult is { } inline ? Convert.FromBase64String(inline)
                : await store.DownloadAsync(response.ResultKey, cancellationToken).ConfigureAwait(false);
            if (DistributedKeys.Sha256Hex(bytes) != response.ResultSha256) return null;
            return Verify(p, bytes);
        }

        private async Task<ResultSet?> TryReuseAsync(Partition p, string key, CancellationToken cancellationToken)
        {
            byte[] bytes;
            try { bytes = await store.DownloadAsync(key, cancellationToken).ConfigureAwait(false); }
            catch (Amazon.Runtime.AmazonServiceException) { return null; } // gone since the listing: recompute
            var result = Verify(p, bytes);
            if (result is null) Interlocked.Increment(ref _corrupt);
            return result;
        }

        private ResultSet? Verify(Partition p, byte[] bytes)
        {
            ResultSet result;
            try { result = ResultSetSerializer.Deserialize(bytes); }
            catch (Exception e) when (e is InvalidDataException or HepDataException or ArgumentException) { return null; }
            bool exact = result.Analysis == analysis.Info.Name && result.Processed.Count == 1
                && result.Processed[0].Location == p.Location && result.Processed[0].Range == p.Range;
            return exact ? result : null;
        }

        private void Completed(Partition p)
        {
            var entries = Interlocked.Add(ref _entriesDone, p.EntryCount);
            var done = Interlocked.Increment(ref _done);
            progress?.Report(new RunProgress(entries, entriesTotal, done, partitions.Count, Interlocked.Read(ref _bytesRead), clock.Elapsed));
        }

        private void Record(Partition p, string outcome, long ms, long billedMs, bool cold, bool duplicate, string? error, int memoryMb = 0,
            long processMs = 0, long entries = 0) =>
            _attempts.Enqueue(new AttemptRecord(p.Index, outcome, ms, billedMs, memoryMb > 0 ? memoryMb : options.MemoryMb, cold, duplicate, error, processMs, entries));

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
        public ResultSet? Result { get; private set; }
        public string? Error { get; private set; }
        public string? LastError { get; set; }
        public long Started { get; set; }
        public bool Duplicated { get; set; }
        public TimeSpan? RunningFor => Started == 0 ? null : Stopwatch.GetElapsedTime(Started);

        public bool Succeed(ResultSet result)
        {
            lock (_finished)
            {
                if (_finished.Task.IsCompleted) return false;
                Result = result;
                _finished.SetResult();
            }
            _cancel.Cancel(); // stop waiting for the other attempt
            return true;
        }

        public void Fail(string error)
        {
            lock (_finished)
            {
                if (_finished.Task.IsCompleted) return;
                Error = error;
                _finished.SetResult();
            }
        }
    }
}
