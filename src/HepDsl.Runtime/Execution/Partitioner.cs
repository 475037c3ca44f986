using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// Cuts inputs into partitions. Boundaries fall on cluster boundaries (where every branch starts a new basket), so
/// no basket is decompressed by two partitions. When more partitions are asked for than an input has clusters, the
/// clusters themselves are split at entry boundaries: still exact (any entry range is valid input to an event
/// loop), it only means the baskets of a split cluster are decompressed once per piece.
/// </summary>
public static class Partitioner
{
    /// <summary>
    /// Partitions covering every entry of every input exactly once, in input order, indexed 0..n-1.
    /// Inputs with no entries get no partition. With a partition count, the count is met exactly when the inputs
    /// have at least that many entries in total (and at least one partition per non-empty input).
    /// </summary>
    public static IReadOnlyList<Partition> Plan(IReadOnlyList<InputShape> inputs, PartitionTarget target)
    {
        var nonEmpty = inputs.Where(i => i.Entries > 0).ToList();
        int[] perInput;
        if (target.Count is { } count)
            perInput = Allocate(nonEmpty.Select(i => i.Entries).ToArray(), Math.Max(count, nonEmpty.Count));
        else
        {
            var each = target.EntriesPerPartition ?? throw new ArgumentException("partition target has neither a count nor a size");
            perInput = nonEmpty.Select(i => (int)Math.Min(int.MaxValue, (i.Entries + each - 1) / each)).ToArray();
        }

        var plan = new List<Partition>();
        for (int n = 0; n < nonEmpty.Count; n++)
        {
            var input = nonEmpty[n];
            foreach (var range in Cut(input, perInput[n]))
                plan.Add(new Partition(plan.Count, input.Location, input.Tree, range.First, range.Count));
        }
        return plan;
    }

    /// <summary>Exactly <paramref name="pieces"/> contiguous ranges covering the input (pieces ≤ entries).</summary>
    private static List<EntryRange> Cut(InputShape input, int pieces)
    {
        var clusters = CheckedClusters(input);
        pieces = (int)Math.Min(pieces, input.Entries);
        return clusters.Count >= pieces ? Group(clusters, pieces, input.Entries) : Split(clusters, pieces);
    }

    // More clusters than pieces: choose pieces-1 cluster ends, each the one nearest the ideal even boundary.
    private static List<EntryRange> Group(IReadOnlyList<EntryRange> clusters, int pieces, long entries)
    {
        var result = new List<EntryRange>(pieces);
        int previous = -1;
        long start = 0;
        for (int i = 1; i < pieces; i++)
        {
            double ideal = (double)entries * i / pieces;
            int lo = previous + 1, hi = clusters.Count - 1 - (pieces - i);
            int best = lo;
            for (int j = lo; j <= hi; j++)
            {
                if (Math.Abs(clusters[j].End - ideal) < Math.Abs(clusters[best].End - ideal)) best = j;
                if (clusters[j].End > ideal) break; // ends increase: nothing further can be nearer
            }
            result.Add(new EntryRange(start, clusters[best].End - start));
            start = clusters[best].End;
            previous = best;
        }
        result.Add(new EntryRange(start, entries - start));
        return result;
    }

    // Fewer clusters than pieces: share the pieces among clusters by size, then cut each cluster evenly.
    private static List<EntryRange> Split(IReadOnlyList<EntryRange> clusters, int pieces)
    {
        var shares = Allocate(clusters.Select(c => c.Count).ToArray(), pieces);
        var result = new List<EntryRange>(pieces);
        for (int c = 0; c < clusters.Count; c++)
        {
            long first = clusters[c].First, size = clusters[c].Count;
            for (int p = 0; p < shares[c]; p++)
            {
                long from = first + size * p / shares[c], to = first + size * (p + 1) / shares[c];
                result.Add(new EntryRange(from, to - from));
            }
        }
        return result;
    }

    /// <summary>
    /// Shares <paramref name="total"/> pieces among items of the given sizes: at least one each, never more than
    /// an item's size, each extra piece to the item whose pieces are currently largest.
    /// </summary>
    internal static int[] Allocate(long[] sizes, int total)
    {
        var shares = new int[sizes.Length];
        if (sizes.Length == 0) return shares;
        var queue = new PriorityQueue<int, (double, int)>();
        for (int i = 0; i < sizes.Length; i++)
        {
            shares[i] = 1;
            if (sizes[i] > 1) queue.Enqueue(i, (-(double)sizes[i], i));
        }
        for (long left = total - sizes.Length; left > 0 && queue.Count > 0; left--)
        {
            int i = queue.Dequeue();
            shares[i]++;
            if (shares[i] < sizes[i]) queue.Enqueue(i, (-(double)sizes[i] / shares[i], i));
        }
        return shares;
    }

    // Clusters must tile [0, Entries); a source that reports none (or a broken list) is treated as one cluster.
    private static IReadOnlyList<EntryRange> CheckedClusters(InputShape input)
    {
        var clusters = input.Clusters.Where(c => c.Count > 0).ToList();
        long expected = 0;
        foreach (var c in clusters)
        {
            if (c.First != expected) return [new EntryRange(0, input.Entries)];
            expected = c.End;
        }
        if (expected != input.Entries)
        {
            if (clusters.Count > 0 && expected > input.Entries)
                throw new HepDataException($"{input.Location}: tree '{input.Tree}' reports clusters up to entry {expected} but has only {input.Entries} entries");
            return [new EntryRange(0, input.Entries)];
        }
        return clusters;
    }
}
