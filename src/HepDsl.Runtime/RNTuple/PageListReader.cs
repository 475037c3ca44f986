using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.RNTuple;

/// <summary>Reads a page list envelope: the cluster summaries of one cluster group and every page's locator.</summary>
internal static class PageListReader
{
    public static List<ClusterDescriptor> Read(IByteSource source, ClusterGroup group, int firstClusterId, ulong headerChecksum, Schema schema, string what)
    {
        var (r, _) = Envelope.Read(source, group.PageList.Locator, group.PageList.Length, EnvelopeType.PageList, what);
        if (r.U64() != headerChecksum) throw r.Error("the page list belongs to another header (header checksum differs)");

        var summaries = new List<(long First, long Entries)>();
        var (summariesEnd, summaryCount) = r.ListFrame("cluster summaries");
        for (int i = 0; i < summaryCount; i++)
        {
            int end = r.RecordFrame($"cluster summary {i}");
            ulong first = r.U64();
            ulong packed = r.U64();
            r.EndFrame(end, $"cluster summary {i}");
            long entries = (long)(packed & 0x00FF_FFFF_FFFF_FFFFUL);
            int flags = (int)(packed >> 56);
            if ((flags & 0x01) != 0) throw r.Error($"cluster {firstClusterId + i} is sharded (flag 0x01), which format 1.0 readers cannot read");
            if (first > long.MaxValue / 2) throw r.Error($"cluster {firstClusterId + i} starts at entry {first}");
            summaries.Add(((long)first, entries));
        }
        r.EndFrame(summariesEnd, "cluster summaries");
        if (summaryCount != group.ClusterCount)
            throw r.Error($"{summaryCount} cluster summaries, the footer's cluster group says {group.ClusterCount}");

        var clusters = new List<ClusterDescriptor>();
        var (clustersEnd, clusterCount) = r.ListFrame("page locations");
        if (clusterCount != summaryCount) throw r.Error($"page locations of {clusterCount} clusters for {summaryCount} cluster summaries");
        for (int c = 0; c < clusterCount; c++)
        {
            int id = firstClusterId + c;
            var (columnsEnd, columnCount) = r.ListFrame($"cluster {id} column list");
            if (columnCount > schema.Columns.Count)
                throw r.Error($"cluster {id} lists {columnCount} columns, the schema has {schema.Columns.Count}");
            var columns = new List<ColumnRange>(columnCount);
            for (int k = 0; k < columnCount; k++) columns.Add(ReadColumn(r, id, k));
            r.EndFrame(columnsEnd, $"cluster {id} column list");
            FillSuppressed(columns, schema, id, r);
            clusters.Add(new ClusterDescriptor(id, group.Id, summaries[c].First, summaries[c].Entries, columns));
        }
        r.EndFrame(clustersEnd, "page locations");
        return clusters;
    }

    private static ColumnRange ReadColumn(EnvelopeReader r, int cluster, int column)
    {
        string what = $"cluster {cluster} column {column} page list";
        var (end, pageCount) = r.ListFrame(what);
        var pages = new (int Elements, bool Checksum, Locator Locator)[pageCount];
        for (int p = 0; p < pageCount; p++)
        {
            int n = r.I32();
            bool checksum = n < 0;
            int elements = checksum ? -n : n;
            if (n == int.MinValue) throw r.Error($"{what}: page {p} has an implausible element count");
            pages[p] = (elements, checksum, r.Locator($"{what} page {p}"));
        }
        long offset = r.I64();
        bool suppressed = offset < 0;
        int compression = suppressed ? -1 : r.I32();
        r.EndFrame(end, what);
        if (suppressed && pageCount > 0) throw r.Error($"{what}: a suppressed column with {pageCount} pages");
        var infos = new PageInfo[pageCount];
        long element = offset;
        for (int p = 0; p < pageCount; p++)
        {
            infos[p] = new PageInfo(element, pages[p].Elements, pages[p].Checksum, pages[p].Locator);
            element += pages[p].Elements;
        }
        return new ColumnRange(suppressed ? -1 : offset, suppressed, compression, infos);
    }

    /// <summary>
    /// Suppressed columns carry no element offset: they take it (and their element count) from the column of the
    /// primary representation of the same field at the same position.
    /// </summary>
    private static void FillSuppressed(List<ColumnRange> columns, Schema schema, int cluster, EnvelopeReader r)
    {
        for (int k = 0; k < columns.Count; k++)
        {
            if (!columns[k].Suppressed) continue;
            var d = schema.Columns[k];
            var same = schema.Columns.Where(c => c.FieldId == d.FieldId && c.Id < columns.Count).ToList();
            var reps = same.Where(c => c.RepresentationIndex == d.RepresentationIndex).ToList();
            int position = reps.IndexOf(d);
            var primary = same.Where(c => !columns[c.Id].Suppressed).GroupBy(c => c.RepresentationIndex).FirstOrDefault()?.ToList();
            if (primary is null || position >= primary.Count) continue; // deferred and suppressed: nothing to read here
            columns[k] = columns[k] with { ElementOffset = columns[primary[position].Id].ElementOffset };
        }
    }
}
