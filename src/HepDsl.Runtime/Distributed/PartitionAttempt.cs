using System.Diagnostics;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Distributed;

/// <summary>How one attempt ended: the scheduler decides from it whether to retry.</summary>
internal enum AttemptOutcome { Ok, Throttled, Failed, Permanent, Aborted }

/// <summary>
/// One attempt at one partition: take a slot, invoke the function (pausing and retrying inside the attempt while it is
/// throttled), read its answer, fetch and verify the partial result and, if it is the partition's first, merge it.
/// Every invocation is recorded (and billed) in <see cref="RunAccounting"/>. One instance serves every attempt of a run.
/// </summary>
internal sealed class PartitionAttempt(DistributedOptions options, ResultStore store, LambdaInvoker invoker,
    IReadOnlyDictionary<string, InputVersion> versions, string sha, string analysisLocation, InvocationSlots slots,
    CancellationTokenSource abort, RunAccounting accounting, PartialResultVerifier verifier, OrderedResultMerger merger)
{
    private readonly string _runId = Guid.NewGuid().ToString("N");

    public async Task<AttemptOutcome> RunAsync(PartitionJob job, bool duplicate, CancellationToken cancellationToken)
    {
        var p = job.Partition;
        using var attemptStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, job.Cancel);
        using (var slotStop = CancellationTokenSource.CreateLinkedTokenSource(attemptStop.Token, abort.Token))
        {
            try { await slots.WaitAsync(slotStop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return abort.IsCancellationRequested && !attemptStop.IsCancellationRequested ? AttemptOutcome.Aborted : AttemptOutcome.Failed; }
        }
        if (abort.IsCancellationRequested)
        {
            slots.Release(); // a permanent error ended the run while this one waited for its slot
            return AttemptOutcome.Aborted;
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
                accounting.Record(p, "throttled", ms, 0, false, duplicate, "429 TooManyRequestsException");
                if (duplicate || ++job.Throttles > options.MaxThrottleRetries) return AttemptOutcome.Throttled;
                // The job keeps its slot while it pauses, then tries again with it: a 429 says the function has
                // fewer free environments than the driver has slots, so the driver's concurrency shrinks by one
                // for as long as that lasts. Released, the slot would go to the next partition, whose first 429
                // waits only the base backoff: a storm (measured: 56,000 429s for 10,000 partitions with 1,000
                // slots against an 800 limit).
                job.Started = 0; // paused, not running: no straggler duplicate for it
                await slots.ThrottlePauseAsync(job.Throttles, attemptStop.Token).ConfigureAwait(false);
                if (abort.IsCancellationRequested) return AttemptOutcome.Aborted;
                if (job.Finished.IsCompleted) return AttemptOutcome.Failed;
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
            var verified = await verifier.FetchVerifiedAsync(p, response, attemptStop.Token).ConfigureAwait(false);
            if (verified is null)
            {
                accounting.Corrupt();
                return Failed(job, ms, duplicate, $"partial result {response.ResultKey} failed verification");
            }
            accounting.Record(p, "ok", ms, Math.Max(1, response.TotalMs), response.ColdStart, duplicate, null, response.MemoryMb, response.ProcessMs, response.Entries, response.Startup);
            if (job.Succeed())
            {
                merger.Add(p.Index, verified.Result, verified.Bytes);
                accounting.Succeeded(p, ms, response);
            }
            return AttemptOutcome.Ok;
        }
        catch (OperationCanceledException) when (job.Finished.IsCompleted || cancellationToken.IsCancellationRequested)
        {
            // A duplicate won, or the run stops. The abandoned invocation still ran (and is billed): it is counted.
            accounting.Record(p, "superseded", watch.ElapsedMilliseconds, watch.ElapsedMilliseconds, false, duplicate, "abandoned: another attempt's result was used, or the run stopped");
            return AttemptOutcome.Failed;
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
            slots.Release(environmentFreed: invoked);
        }
    }

    private AttemptOutcome Failed(PartitionJob job, long ms, bool duplicate, string error, bool permanent = false)
    {
        job.LastError = error;
        accounting.Record(job.Partition, "failed", ms, ms, false, duplicate, error);
        if (permanent) abort.Cancel(); // before this attempt's slot is released: nothing new starts
        return permanent ? AttemptOutcome.Permanent : AttemptOutcome.Failed;
    }

    private static T? TryParse<T>(byte[] body) where T : class
    {
        try { return PayloadJson.Deserialize<T>(body, "error"); } catch (InvalidDataException) { return null; }
    }

    private static string Text(byte[] body) => System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 500)));
}
