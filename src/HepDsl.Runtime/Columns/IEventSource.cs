namespace HepDsl.Runtime.Columns;

/// <summary>
/// One tree in one opened file (local, HTTP or S3), read by column and by entry range.
/// Implementations are safe to use from one thread at a time; open one per worker.
/// </summary>
public interface IEventSource : IDisposable
{
    /// <summary>Where the data comes from (path or URL), for messages.</summary>
    string Location { get; }
    string TreeName { get; }
    long Entries { get; }
    IReadOnlyList<ColumnInfo> Columns { get; }

    /// <summary>Entry ranges at which every branch starts a new basket, in order, covering [0, Entries).</summary>
    IReadOnlyList<EntryRange> Clusters { get; }

    /// <summary>A reader for one branch. Throws <see cref="HepDataException"/> naming the file and branch when it is missing or of another type.</summary>
    IColumnReader<T> Column<T>(string branch) where T : unmanaged;

    /// <summary>Bytes fetched from the underlying byte source so far (compressed, as transferred).</summary>
    long BytesRead { get; }

    /// <summary>
    /// Hint that [first, first+count) will be read next for the named branches, so a remote source can fetch
    /// all their baskets in one coalesced request. Local sources may ignore it.
    /// </summary>
    void Prefetch(IReadOnlyList<string> branches, long first, long count);
}

/// <summary>Reads one branch into a reusable buffer.</summary>
public interface IColumnReader<T> where T : unmanaged
{
    ColumnInfo Info { get; }
    /// <summary>Reads entries [first, first+count) into <paramref name="into"/>, replacing its content.</summary>
    void Read(long first, int count, ColumnBuffer<T> into);
}

/// <summary>A half-open range of entries [First, First+Count).</summary>
public readonly record struct EntryRange(long First, long Count)
{
    public long End => First + Count;
    public override string ToString() => $"[{First}, {End})";
}
