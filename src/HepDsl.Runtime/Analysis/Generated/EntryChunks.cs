using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Analysis.Generated;

/// <summary>
/// Splits an entry range into the chunks an event loop reads at a time: never across a cluster boundary (so a
/// chunk decompresses each basket at most once) and never more than <see cref="MaxChunk"/> entries (so buffers
/// stay small enough for the cache).
/// </summary>
public static class EntryChunks
{
    public const int MaxChunk = 4096;

    /// <summary>
    /// The chunk starting at <paramref name="first"/> within <paramref name="range"/>: its entry count.
    /// Call repeatedly with first += count until first == range.End. Allocation-free.
    /// </summary>
    public static int Next(IReadOnlyList<EntryRange> clusters, EntryRange range, long first)
    {
        var end = Math.Min(range.End, first + MaxChunk);
        var clusterEnd = ClusterEndAfter(clusters, first);
        if (clusterEnd > first && clusterEnd < end) end = clusterEnd;
        return (int)(end - first);
    }

    // Binary search: clusters are ordered and contiguous.
    private static long ClusterEndAfter(IReadOnlyList<EntryRange> clusters, long entry)
    {
        int lo = 0, hi = clusters.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var c = clusters[mid];
            if (entry < c.First) hi = mid - 1;
            else if (entry >= c.End) lo = mid + 1;
            else return c.End;
        }
        return long.MaxValue;
    }
}
