using HepDsl.Runtime.Root.Streamed;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Trees;

/// <summary>
/// Cluster boundaries from the tree's cluster description (fClusterRangeEnd/fClusterSize, then fAutoFlush), kept
/// only where every branch really starts a basket, so a partition decompresses only its own baskets. Without a
/// description, the entries at which all branches start a basket.
/// </summary>
internal static class ClusterBuilder
{
    private const int MaxClusters = 10_000_000;

    public static IReadOnlyList<EntryRange> Build(TreeRecord tree, IReadOnlyList<BranchData> branches)
    {
        long entries = tree.Entries;
        if (entries <= 0) return [];
        var candidates = Described(tree) ?? AllBasketStarts(branches, entries);
        var boundaries = new List<long>();
        foreach (long b in candidates)
            if (b > 0 && b < entries && StartsEverywhere(b, branches)) boundaries.Add(b);
        boundaries.Sort();
        var result = new List<EntryRange>(boundaries.Count + 1);
        long start = 0;
        foreach (long b in boundaries)
        {
            if (b <= start) continue;
            result.Add(new EntryRange(start, b - start));
            start = b;
        }
        result.Add(new EntryRange(start, entries - start));
        return result;
    }

    private static List<long>? Described(TreeRecord tree)
    {
        var bounds = new List<long>();
        long start = 0;
        for (int r = 0; r < tree.ClusterRangeEnd.Length; r++)
        {
            long end = tree.ClusterRangeEnd[r] + 1;
            long size = tree.ClusterSize[r] > 0 ? tree.ClusterSize[r] : tree.AutoFlush;
            if (size <= 0) size = Math.Max(1, end - start);
            for (long s = start; s < end && bounds.Count < MaxClusters; s += size) bounds.Add(s);
            start = end;
        }
        if (tree.AutoFlush <= 0) return tree.ClusterRangeEnd.Length == 0 ? null : bounds;
        for (long s = start; s < tree.Entries && bounds.Count < MaxClusters; s += tree.AutoFlush) bounds.Add(s);
        return bounds;
    }

    private static List<long> AllBasketStarts(IReadOnlyList<BranchData> branches, long entries)
    {
        var starts = new List<long>();
        if (branches.Count == 0) return starts;
        foreach (var b in branches[0].Baskets) starts.Add(b.FirstEntry);
        return starts;
    }

    private static bool StartsEverywhere(long entry, IReadOnlyList<BranchData> branches)
    {
        foreach (var branch in branches)
        {
            if (branch.Baskets.Count == 0 || entry >= branch.Entries) continue;
            int i = branch.BasketOf(entry);
            if (i < 0 || branch.Baskets[i].FirstEntry != entry) return false;
        }
        return true;
    }
}
