using System.Collections.Concurrent;
using System.Diagnostics;
using HepDsl.Runtime.Execution;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// What one distributed run did and cost so far: every attempt (with its bill), results reused and corrupt, bytes
/// read, entries done (reported as progress with the running cost), and how long successful attempts took (the
/// scheduler's straggler limit is a multiple of their median).
/// </summary>
internal sealed class RunAccounting(DistributedOptions options, int partitionCount, long entriesTotal, IProgress<RunProgress>? progress,
    Stopwatch clock)
{
    private readonly ConcurrentQueue<AttemptRecord> _attempts = new();
    private readonly ConcurrentBag<long> _finishedMs = [];
    private int _reused, _corrupt, _done, _billedRequests;
    private long _bytesRead, _basketBytes, _entriesDone;
    private double _gbSeconds;
    private readonly Lock _costLock = new();

    /// <summary>Milliseconds of every attempt whose result was used.</summary>
    public long[] FinishedDurations() => _finishedMs.ToArray();

    /// <summary>A result stored by an earlier run was verified and reused.</summary>
    public void Reused(Partition p)
    {
        _reused++;
        Completed(p);
    }

    /// <summary>A stored or returned result failed verification (and is recomputed).</summary>
    public void Corrupt() => Interlocked.Increment(ref _corrupt);

    /// <summary>An attempt's result was the partition's result.</summary>
    public void Succeeded(Partition p, long ms, InvocationResponse response)
    {
        _finishedMs.Add(ms);
        Interlocked.Add(ref _bytesRead, response.BytesRead);
        Interlocked.Add(ref _basketBytes, response.BasketBytes);
        Completed(p);
    }

    private void Completed(Partition p)
    {
        var entries = Interlocked.Add(ref _entriesDone, p.EntryCount);
        var done = Interlocked.Increment(ref _done);
        double cost;
        lock (_costLock) cost = LambdaPricing.Cost(_gbSeconds, _billedRequests, options.Architecture);
        progress?.Report(new RunProgress(entries, entriesTotal, done, partitionCount, Interlocked.Read(ref _basketBytes), clock.Elapsed, cost));
    }

    // Every invocation is billed (failed ones too; throttled ones never ran): the running cost, as the report computes it.
    public void Record(Partition p, string outcome, long ms, long billedMs, bool cold, bool duplicate, string? error, int memoryMb = 0,
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

    public LambdaReport Report(OrderedResultMerger merger, LambdaPlan? prediction) => LambdaReport.From(options.Function, partitionCount, _reused,
        _attempts.ToList(), _corrupt, options.Architecture, clock.Elapsed, Interlocked.Read(ref _bytesRead), Interlocked.Read(ref _basketBytes))
        with { MergeSeconds = merger.MergeTime.TotalSeconds, MaxResultsHeld = merger.MaxWaiting, SpilledResults = merger.Spilled, Prediction = prediction };
}
