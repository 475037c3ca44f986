using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// Runs one partition: the unit of work of every executor (a local worker, a Lambda invocation). The processor is
/// driven in steps of whole clusters so progress can be reported while a large partition runs, and what it marks
/// as processed is checked to be exactly the partition's range.
/// </summary>
public static class PartitionRunner
{
    /// <summary>Entries per <see cref="IEventProcessor.Process"/> call, rounded to whole clusters when they are smaller.</summary>
    public const long StepEntries = 1 << 16;

    /// <summary>
    /// Opens the partition's input (local, HTTP or S3), runs it, closes it: what a Lambda invocation does.
    /// Failures come back as <see cref="PartitionFailedException"/>.
    /// </summary>
    public static ResultSet Run(IAnalysis analysis, IEventProcessor processor, Partition partition,
        ByteSourceOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(analysis, processor, partition, EventSources.Opener(options), cancellationToken);

    /// <summary>As above, with the inputs opened by <paramref name="open"/>.</summary>
    public static ResultSet Run(IAnalysis analysis, IEventProcessor processor, Partition partition,
        EventSourceOpener open, CancellationToken cancellationToken = default)
    {
        IEventSource source;
        try
        {
            source = open(partition.Location, partition.Tree);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PartitionFailedException(partition, e);
        }
        using (source) return Run(analysis, processor, source, partition, null, cancellationToken);
    }

    /// <summary>
    /// Runs a partition on an already open source (a worker reuses one source for consecutive partitions of a file).
    /// <paramref name="onStep"/> gets (entries, bytes read) after each step.
    /// </summary>
    public static ResultSet Run(IAnalysis analysis, IEventProcessor processor, IEventSource source, Partition partition,
        Action<long, long>? onStep, CancellationToken cancellationToken = default)
    {
        var result = analysis.CreateResult();
        try
        {
            // Compared without computing FirstEntry + EntryCount, which wraps negative near long.MaxValue.
            if (partition.FirstEntry < 0 || partition.EntryCount < 0 || partition.FirstEntry > source.Entries
                || partition.EntryCount > source.Entries - partition.FirstEntry)
                throw new HepDataException($"the range lies outside the tree's [0, {source.Entries})");
            long bytesBefore = source.BytesRead;
            foreach (var step in Steps(source.Clusters, partition.Range))
            {
                cancellationToken.ThrowIfCancellationRequested();
                int marked = result.Processed.Count;
                processor.Process(source, step, result);
                CheckMarked(result, marked, source.Location, step);
                long bytesNow = source.BytesRead;
                onStep?.Invoke(step.Count, bytesNow - bytesBefore);
                bytesBefore = bytesNow;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not PartitionFailedException)
        {
            throw new PartitionFailedException(partition, e);
        }
        // One range per partition, named as the plan names the input (a source may spell its location differently).
        result.Processed.Clear();
        result.MarkProcessed(partition.Location, partition.Range);
        return result;
    }

    /// <summary>The partition cut into steps of whole clusters, each at most about <see cref="StepEntries"/>.</summary>
    internal static IEnumerable<EntryRange> Steps(IReadOnlyList<EntryRange> clusters, EntryRange range)
    {
        long first = range.First;
        while (first < range.End)
        {
            long end = Math.Min(range.End, first + StepEntries);
            // Extend to the end of the cluster holding end-1 so a step never splits a cluster it need not split.
            foreach (var c in clusters)
                if (c.First < end && end < c.End) { end = Math.Min(range.End, c.End); break; }
            yield return new EntryRange(first, end - first);
            first = end;
        }
    }

    private static void CheckMarked(ResultSet result, int before, string location, EntryRange step)
    {
        var added = result.Processed.Skip(before).ToList();
        var wrong = added.Where(p => p.Location != location).Select(p => p.Location).Distinct().ToList();
        if (wrong.Count > 0)
            throw new HepDataException($"the event processor marked entries of {string.Join(", ", wrong)} while reading {location}");
        var ranges = added.Select(p => p.Range).Where(r => r.Count > 0).OrderBy(r => r.First).ToList();
        long covered = step.First;
        bool exact = true;
        foreach (var r in ranges)
        {
            if (r.First != covered) { exact = false; break; }
            covered = r.End;
        }
        if (!exact || covered != step.End)
            throw new HepDataException(
                $"the event processor was asked for entries {step} but marked {(ranges.Count == 0 ? "nothing" : string.Join(" ", ranges))} as processed");
    }
}
