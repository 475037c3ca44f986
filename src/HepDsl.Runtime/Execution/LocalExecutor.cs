using System.Diagnostics;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// Runs an analysis on this machine: expands the inputs, checks their branches, cuts them into partitions, runs the
/// partitions on N worker threads (one event processor each, reused across partitions), merges the partial results
/// in partition order (so the answer does not depend on thread timing) and proves every entry was processed once.
/// </summary>
public static class LocalExecutor
{
    /// <summary>Default partitions: one per cluster, but at least one per worker and at most 16 per worker.</summary>
    public static int DefaultPartitions(IReadOnlyList<InputShape> inputs, int workers) =>
        Math.Max(workers, Math.Min(inputs.Sum(i => i.Clusters.Count), workers * 16));

    public static Task<RunOutcome> RunAsync(IAnalysis analysis, IReadOnlyList<string> inputs, LocalRunOptions options,
        IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Run(analysis, inputs, options, progress, cancellationToken), cancellationToken);

    private static RunOutcome Run(IAnalysis analysis, IReadOnlyList<string> inputs, LocalRunOptions options,
        IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int workers = options.Workers ?? Environment.ProcessorCount;
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(options), workers, "need at least one worker");
        var tree = options.Tree ?? analysis.Info.TreeName;
        var locations = options.ExpandInputs is { } expand ? expand(inputs) : InputGlobs.Expand(inputs);
        if (locations.Count == 0) throw new HepDataException("no inputs given");

        using var pool = new SourcePool(options.Open ?? EventSources.Opener());
        var shapes = InputSurvey.Survey(analysis.Info, locations, tree, pool.Take, workers,
            (location, source) => pool.Return(location, tree, source), cancellationToken);

        var target = options.EntriesPerPartition is { } each
            ? PartitionTarget.EntriesEach(each)
            : PartitionTarget.Partitions(options.Partitions ?? DefaultPartitions(shapes, workers));
        var partitions = Partitioner.Plan(shapes, target);
        workers = Math.Max(1, Math.Min(workers, partitions.Count));

        // Every partition's result is kept until all are merged in partition order, so the run holds one result
        // per partition and the merged one: refuse now, not after hours, when they cannot fit.
        var merged = analysis.CreateResult();
        Preflight.CheckMemory(analysis.Info, merged, partitions.Count + 1, options.AvailableMemory ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

        var tracker = new ProgressTracker(shapes.Sum(s => s.Entries), partitions.Count, progress);
        var results = RunPartitions(analysis, partitions, workers, pool, tracker, cancellationToken);
        tracker.Report(force: true);

        foreach (var r in results) merged.Merge(r);
        Completeness.Verify(merged, shapes);
        return new RunOutcome(merged, shapes, partitions, workers, merged.EntriesProcessed, pool.BytesRead, clock.Elapsed);
    }

    private static ResultSet[] RunPartitions(IAnalysis analysis, IReadOnlyList<Partition> partitions, int workers,
        SourcePool pool, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var results = new ResultSet[partitions.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int next = -1;
        var failures = new System.Collections.Concurrent.ConcurrentBag<PartitionFailedException>();

        void Work()
        {
            var processor = analysis.CreateProcessor();
            int i;
            while (!stop.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < partitions.Count)
            {
                var p = partitions[i];
                try
                {
                    IEventSource source;
                    try { source = pool.Take(p.Location, p.Tree); }
                    catch (Exception e) when (e is not OperationCanceledException) { throw new PartitionFailedException(p, e); }
                    results[i] = PartitionRunner.Run(analysis, processor, source, p, tracker.AddStep, stop.Token);
                    pool.Return(p.Location, p.Tree, source);
                    tracker.PartitionDone();
                }
                catch (PartitionFailedException e)
                {
                    failures.Add(e);
                    stop.Cancel();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        var tasks = Enumerable.Range(0, workers)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        Task.WaitAll(tasks);

        if (!failures.IsEmpty)
        {
            var first = failures.OrderBy(f => f.Partition.Index).First();
            if (failures.Count == 1) throw first;
            throw new PartitionFailedException(first.Partition, new HepDataException(
                $"{first.InnerException!.Message}{PartitionFailedException.HepLine(first.InnerException)} (and {failures.Count - 1} other partition(s) failed)", first.InnerException));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }
}
