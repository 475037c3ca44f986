using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Keys;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// Everything an RNTuple's envelopes say: name, schema (header plus extension), cluster groups and the clusters
/// with their pages. Read once per file and shared by every <see cref="NTupleSource"/> opened on it.
/// </summary>
public sealed class NTupleDescriptor
{
    private NTupleDescriptor(string location, string name, Anchor anchor) 
    {
        Location = location;
        Name = name;
        Anchor = anchor;
    }

    public string Location { get; }
    /// <summary>The key name (what <c>--tree</c> names).</summary>
    public string Name { get; }
    public Anchor Anchor { get; }
    /// <summary>The name the writer gave the ntuple inside the header.</summary>
    public string HeaderName { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Writer { get; private set; } = "";
    public Schema Schema { get; } = new();
    public IReadOnlyList<ClusterGroup> Groups { get; private set; } = [];
    public IReadOnlyList<ClusterDescriptor> Clusters { get; private set; } = [];
    public long Entries { get; private set; }

    public static NTupleDescriptor Read(RootFile file, RootKey key)
    {
        var anchor = Anchor.Read(file, key);
        var d = new NTupleDescriptor(file.Location, key.FullName, anchor);
        d.ReadEnvelopes(file.Source);
        return d;
    }

    private void ReadEnvelopes(IByteSource source)
    {
        string what = $"RNTuple '{Name}'";
        if (Anchor.NbytesHeader > int.MaxValue || Anchor.NbytesFooter > int.MaxValue)
            throw new HepDataException($"{Location}: {what}: header or footer larger than 2 GiB in the anchor; the file is corrupt");
        var (h, headerChecksum) = Envelope.Read(source, new Locator(Anchor.SeekHeader, (int)Anchor.NbytesHeader), Anchor.LenHeader,
            EnvelopeType.Header, $"{what} header");
        h.FeatureFlags("header");
        HeaderName = h.String();
        Description = h.String();
        Writer = h.String();
        Schema.Read(h, extension: false);

        var (f, _) = Envelope.Read(source, new Locator(Anchor.SeekFooter, (int)Anchor.NbytesFooter), Anchor.LenFooter,
            EnvelopeType.Footer, $"{what} footer");
        f.FeatureFlags("footer");
        if (f.U64() != headerChecksum) throw f.Error("the footer belongs to another header (header checksum differs)");
        int extensionEnd = f.RecordFrame("schema extension");
        // An empty extension record holds no lists at all.
        if (extensionEnd - f.Position > 0) Schema.Read(f, extension: true);
        f.EndFrame(extensionEnd, "schema extension");
        Schema.Validate(f);

        var groups = new List<ClusterGroup>();
        var (groupsEnd, groupCount) = f.ListFrame("cluster group list");
        for (int g = 0; g < groupCount; g++)
        {
            int end = f.RecordFrame($"cluster group {g}");
            ulong min = f.U64(), span = f.U64();
            uint clusterCount = f.U32();
            var link = f.EnvelopeLink($"cluster group {g} page list");
            f.EndFrame(end, $"cluster group {g}");
            if (min > long.MaxValue || span > long.MaxValue || clusterCount > int.MaxValue)
                throw f.Error($"cluster group {g}: implausible entry range {min}+{span} or cluster count {clusterCount}");
            groups.Add(new ClusterGroup(g, (long)min, (long)span, (int)clusterCount, link));
        }
        f.EndFrame(groupsEnd, "cluster group list");
        Groups = groups;

        var clusters = new List<ClusterDescriptor>();
        foreach (var group in groups)
            clusters.AddRange(PageListReader.Read(source, group, clusters.Count, headerChecksum, Schema, $"{what} cluster group {group.Id} page list"));
        clusters.Sort((a, b) => a.FirstEntry.CompareTo(b.FirstEntry));
        long next = 0;
        foreach (var c in clusters)
        {
            if (c.FirstEntry != next)
                throw new HepDataException($"{Location}: {what}: cluster {c.Id} starts at entry {c.FirstEntry}, expected {next} (clusters must cover the entries without gaps or overlaps)");
            next = c.EndEntry;
        }
        Clusters = clusters;
        Entries = next;
    }

    /// <summary>Totals of one physical column over all clusters (for inspect).</summary>
    public (int Pages, long StoredBytes, long Elements, IReadOnlyList<int> Compression) ColumnTotals(int columnId)
    {
        int pages = 0;
        long stored = 0, elements = 0;
        var settings = new SortedSet<int>();
        foreach (var c in Clusters)
        {
            if (c.Column(columnId) is not { Suppressed: false } range) continue;
            settings.Add(range.CompressionSetting);
            foreach (var p in range.Pages)
            {
                pages++;
                stored += p.Locator.Size;
                elements += p.Elements;
            }
        }
        return (pages, stored, elements, settings.ToList());
    }

    /// <summary>The cluster holding <paramref name="entry"/> (binary search); -1 if none.</summary>
    public int ClusterOf(long entry)
    {
        int lo = 0, hi = Clusters.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var c = Clusters[mid];
            if (entry < c.FirstEntry) hi = mid - 1;
            else if (entry >= c.EndEntry) lo = mid + 1;
            else return mid;
        }
        return -1;
    }
}
