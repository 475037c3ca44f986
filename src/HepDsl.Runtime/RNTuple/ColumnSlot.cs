using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.RNTuple;

/// <summary>One page of a slot, with the physical column (representation) that stored it.</summary>
internal readonly record struct SlotPage(PageInfo Page, ColumnDescriptor Column, int Cluster);

/// <summary>
/// The k-th column of a field over the whole ntuple, whatever representation is primary in each cluster: the
/// pages of the active representation of every cluster in element order, and each cluster's element offset.
/// Immutable; built once per descriptor and shared by the readers of every worker.
/// </summary>
internal sealed class ColumnSlot
{
    public ColumnSlot(NTupleDescriptor descriptor, string field, IReadOnlyList<ColumnDescriptor> representations)
    {
        Field = field;
        Representations = representations;
        var pages = new List<SlotPage>();
        ClusterOffsets = new long[descriptor.Clusters.Count];
        for (int ci = 0; ci < descriptor.Clusters.Count; ci++)
        {
            var cluster = descriptor.Clusters[ci];
            ClusterOffsets[ci] = -1;
            foreach (var column in representations)
            {
                var range = cluster.Column(column.Id);
                if (range is null) continue;
                if (range.ElementOffset >= 0 && ClusterOffsets[ci] < 0) ClusterOffsets[ci] = range.ElementOffset;
                if (range.Suppressed) continue;
                ClusterOffsets[ci] = range.ElementOffset;
                foreach (var page in range.Pages) pages.Add(new SlotPage(page, column, ci));
                break;
            }
        }
        long end = 0;
        foreach (var p in pages)
        {
            if (p.Page.FirstElement < end)
                throw new HepDataException($"{descriptor.Location}: RNTuple '{descriptor.Name}' field '{field}' column {p.Column.Id}, cluster {descriptor.Clusters[p.Cluster].Id}: " +
                    $"pages overlap (a page starts at element {p.Page.FirstElement}, the previous one ends at {end}); the page list is corrupt");
            end = p.Page.EndElement;
        }
        Pages = pages.ToArray();
        ClusterElements = new long[descriptor.Clusters.Count];
        foreach (var p in Pages) ClusterElements[p.Cluster] += p.Page.Elements;
    }

    /// <summary>Per cluster, the elements its pages hold (0 where the column has no pages).</summary>
    public long[] ClusterElements { get; }

    /// <summary>Field path, for messages.</summary>
    public string Field { get; }
    public IReadOnlyList<ColumnDescriptor> Representations { get; }
    public SlotPage[] Pages { get; }
    /// <summary>Per cluster (descriptor order), the index of its first element; -1 when the cluster does not list the column.</summary>
    public long[] ClusterOffsets { get; }

    /// <summary>The page holding <paramref name="element"/>, or the complement of the index of the next page (elements before it are zeros).</summary>
    public int PageOf(long element)
    {
        int lo = 0, hi = Pages.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var p = Pages[mid].Page;
            if (element < p.FirstElement) hi = mid - 1;
            else if (element >= p.EndElement) lo = mid + 1;
            else return mid;
        }
        return ~lo;
    }
}
