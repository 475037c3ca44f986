using System.Diagnostics;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// Runs a compiled analysis over remote inputs on AWS Lambda (or the local emulator): plan partitions
/// (<see cref="DistributedPlan"/>), upload the analysis once, then let the <see cref="LambdaScheduler"/> reuse results
/// already stored (resume), invoke the rest with bounded concurrency, retry throttles and failures with jittered
/// exponential backoff within a budget, duplicate stragglers (first result wins; the deterministic key makes duplicates
/// harmless), verify each partial result (<see cref="PartialResultVerifier"/>), merge results as they arrive (folded in
/// partition order, <see cref="OrderedResultMerger"/>) and prove every entry was processed exactly once. Inputs are
/// pinned to the version the survey saw (<see cref="InputVersion"/>): it is part of every result key, and hosts refuse
/// an input that changed since. A permanent error (bad data, a throwing analysis, a changed input) stops the run at
/// once: no retries, no new invocations.
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
        // Before anything is read or invoked: histograms that cannot fit the function, or results the driver would refuse.
        LambdaPreflight.Check(analysis.Info, analysis.CreateResult(), options.Function, options.MemoryMb, options.MaxResultBytes);
        var plan = await DistributedPlan.MakeAsync(analysis, inputs, options, cancellationToken).ConfigureAwait(false);

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
        var scheduler = new LambdaScheduler(analysis, plan, options, store, invoker, sha, analysisLocation, progress, clock);
        var merged = await scheduler.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        var report = scheduler.Report();
        Completeness.Verify(merged, plan.Shapes);
        var outcome = new RunOutcome(merged, plan.Shapes, plan.Partitions, options.Concurrency, merged.EntriesProcessed, report.BasketBytes, clock.Elapsed);
        return new DistributedOutcome(outcome, report, plan.Versions);
    }
}
