using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.Trees;

/// <summary>
/// Clusters: ranges of entries at whose start every branch starts a new basket, so a partition decompresses only
/// its own baskets. Boundaries are those of the tree's cluster description (fClusterRangeEnd/fClusterSize, then
/// fAutoFlush) where every branch really starts a basket; without a description, wherever all branches do.
/// </summary>
internal static class ClusterBuilder
{
    public static IReadOnlyList<EntryRange> Build(TreeRecord tree, IReadOnlyList<BranchData> branches)
    {
        long entries = tree.Entries;
        if (entries <= 0) return [];
        // Candidates come from real baskets (bounded by the metadata), never from enumerating the description.
        BranchData? fewest = null;
        foreach (var b in branches)
            if (b.Baskets.Count > 0 && (fewest is null || b.Baskets.Count < fewest.Baskets.Count)) fewest = b;
        bool described = tree.ClusterRangeEnd.Length > 0 || tree.AutoFlush > 0;
        var result = new List<EntryRange>();
        long start = 0;
        if (fewest is not null)
        {
            foreach (var basket in fewest.Baskets)
            {
                long b = basket.FirstEntry;
                if (b <= start || b >= entries) continue;
                if (described && !IsDescribedBoundary(tree, b)) continue;
                if (!StartsEverywhere(b, branches)) continue;
                result.Add(new EntryRange(start, b - start));
                start = b;
            }
        }
        result.Add(new EntryRange(start, entries - start));
        return result;
    }

    /// <summary>Whether ROOT's cluster iterator would start a cluster at <paramref name="entry"/>.</summary>
    private static bool IsDescribedBoundary(TreeRecord tree, long entry)
    {
        long start = 0;
        for (int r = 0; r < tree.ClusterRangeEnd.Length; r++)
        {
            long end = tree.ClusterRangeEnd[r] + 1;
            if (entry < end)
            {
                long size = r < tree.ClusterSize.Length && tree.ClusterSize[r] > 0 ? tree.ClusterSize[r] : tree.AutoFlush;
                return entry >= start && (size <= 0 ? entry == start : (entry - start) % size == 0);
            }
            start = end;
        }
        if (entry == start) return true;
        return tree.AutoFlush > 0 && entry > start && (entry - start) % tree.AutoFlush == 0;
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
