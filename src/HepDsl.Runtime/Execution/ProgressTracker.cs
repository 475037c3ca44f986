using System.Diagnostics;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// Thread-safe counters for a run; workers add to them and it reports snapshots at most every
/// <see cref="Interval"/> (plus a final one), so a fast loop is not slowed by progress rendering.
/// </summary>
internal sealed class ProgressTracker(long entriesTotal, int partitionsTotal, IProgress<RunProgress>? sink)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _reportLock = new();
    private long _entries, _bytes, _lastReportTicks = long.MinValue;
    private int _partitions;

    public TimeSpan Elapsed => _clock.Elapsed;
    public long Entries => Interlocked.Read(ref _entries);
    public long Bytes => Interlocked.Read(ref _bytes);

    public void AddStep(long entries, long bytes)
    {
        Interlocked.Add(ref _entries, entries);
        Interlocked.Add(ref _bytes, bytes);
        Report(force: false);
    }

    public void PartitionDone()
    {
        Interlocked.Increment(ref _partitions);
        Report(force: false);
    }

    public void Report(bool force)
    {
        if (sink is null) return;
        var now = _clock.Elapsed;
        lock (_reportLock)
        {
            if (!force && now.Ticks - _lastReportTicks < Interval.Ticks) return;
            _lastReportTicks = now.Ticks;
            sink.Report(new RunProgress(Entries, entriesTotal, Volatile.Read(ref _partitions), partitionsTotal, Bytes, now));
        }
    }
}
