namespace HepDsl.Runtime.RNTuple;

/// <summary>One page of one column in one cluster.</summary>
/// <param name="FirstElement">Index of its first element in the column (over the whole ntuple).</param>
/// <param name="HasChecksum">An XXH3-64 checksum of the stored bytes follows the page.</param>
public sealed record PageInfo(long FirstElement, int Elements, bool HasChecksum, Locator Locator)
{
    public long EndElement => FirstElement + Elements;
}

/// <summary>The pages of one physical column in one cluster.</summary>
/// <param name="ElementOffset">Index of the column's first element in this cluster; for suppressed columns, the
/// offset of the primary representation (filled in once all columns are read).</param>
/// <param name="Suppressed">The column belongs to a representation that is not the primary one in this cluster.</param>
/// <param name="CompressionSetting">ROOT's algorithm*100+level of its pages; -1 when suppressed.</param>
public sealed record ColumnRange(long ElementOffset, bool Suppressed, int CompressionSetting, IReadOnlyList<PageInfo> Pages)
{
    public long Elements => Pages.Count == 0 ? 0 : Pages[^1].EndElement - ElementOffset;
}

/// <summary>A cluster: an entry range and, for each physical column it lists, its pages.</summary>
/// <param name="Columns">Indexed by physical column ID; shorter than the schema's column list when the cluster was
/// written before a late model extension added columns.</param>
public sealed record ClusterDescriptor(int Id, int Group, long FirstEntry, long Entries, IReadOnlyList<ColumnRange> Columns)
{
    public long EndEntry => FirstEntry + Entries;
    public ColumnRange? Column(int id) => id < Columns.Count ? Columns[id] : null;
}

/// <summary>A cluster group record of the footer: its entry range and where its page list is.</summary>
public sealed record ClusterGroup(int Id, long MinEntry, long EntrySpan, int ClusterCount, EnvelopeLink PageList);
