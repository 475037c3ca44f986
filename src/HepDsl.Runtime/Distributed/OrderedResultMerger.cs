using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// Merges a distributed run's partial results as they arrive, yet always in partition-index order: each arriving
/// result is held only until every partition before it has arrived, then the contiguous prefix is folded into the
/// merged result and released. Why not merge in arrival order: weighted sums (and the fill moments) are
/// floating-point additions, which are not associative, so arrival order would leak into the last bits and two runs
/// (or a Lambda and a local run, which merges 0, 1, 2, ...) would disagree. Folding in index order gives exactly the
/// local run's additions, whatever the arrival order; memory held is only the results that arrived ahead of a gap.
/// <paramref name="into"/> is the empty result the partitions are added to.
/// </summary>
public sealed class OrderedResultMerger(ResultSet into, int partitions)
{
    private readonly ResultSet?[] _waiting = new ResultSet?[partitions];
    private readonly bool[] _given = new bool[partitions];
    private readonly Lock _lock = new();
    private int _next, _held, _maxHeld;
    private long _mergeTicks;

    /// <summary>Partitions folded into the merged result so far (always 0 .. this - 1).</summary>
    public int Merged { get { lock (_lock) return _next; } }
    /// <summary>Results arrived ahead of a missing partition, held until it arrives.</summary>
    public int Waiting { get { lock (_lock) return _held; } }
    /// <summary>The most results held at once.</summary>
    public int MaxWaiting { get { lock (_lock) return _maxHeld; } }

    /// <summary>Time spent folding results into the merged one (the merge's own cost, not waiting).</summary>
    public TimeSpan MergeTime { get { lock (_lock) return System.Diagnostics.Stopwatch.GetElapsedTime(0, _mergeTicks); } }

    /// <summary>Takes partition <paramref name="index"/>'s result; false (and ignored) if it was already given.</summary>
    public bool Add(int index, ResultSet result)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, partitions);
        lock (_lock)
        {
            if (_given[index]) return false;
            _given[index] = true;
            _waiting[index] = result;
            _held++;
            _maxHeld = Math.Max(_maxHeld, _held);
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (_next < partitions && _waiting[_next] is { } ready)
            {
                into.Merge(ready);
                _waiting[_next++] = null;
                _held--;
            }
            _mergeTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
            return true;
        }
    }

    /// <summary>The partitions whose result has not been given, in index order.</summary>
    public IReadOnlyList<int> Missing()
    {
        lock (_lock) return Enumerable.Range(0, partitions).Where(i => !_given[i]).ToList();
    }

    /// <summary>The merged result of every partition; throws naming the missing ones if any never arrived.</summary>
    public ResultSet Result()
    {
        lock (_lock)
        {
            if (_next == partitions) return into;
            var missing = Missing();
            throw new InvalidOperationException($"{missing.Count} of {partitions} partition result(s) never arrived: {Ranges(missing)}");
        }
    }

    /// <summary>"0-3, 5, 7-19": sorted partition indexes as runs.</summary>
    public static string Ranges(IReadOnlyList<int> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
