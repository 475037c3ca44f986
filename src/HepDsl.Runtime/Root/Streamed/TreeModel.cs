namespace HepDsl.Runtime.Root.Streamed;

/// <summary>The parts of a streamed TTree a reader needs.</summary>
public sealed class TreeRecord
{
    public string Name = "";
    public string Title = "";
    public int ClassVersion;
    public long Entries;
    public long TotBytes;
    public long ZipBytes;
    /// <summary>Entries per cluster when positive (bytes when negative); 0 when the file predates it.</summary>
    public long AutoFlush;
    public long[] ClusterRangeEnd = [];
    public long[] ClusterSize = [];
    public List<BranchRecord> Branches = [];
}

/// <summary>A streamed TBranch (or subclass): its leaves, sub-branches and where its baskets are.</summary>
public sealed class BranchRecord
{
    public string ClassName = "";
    public string Name = "";
    public string Title = "";
    public int ClassVersion;
    public int Compress;
    public int BasketSize;
    public int EntryOffsetLen;
    /// <summary>Number of baskets written to their own keys.</summary>
    public int WriteBasket;
    public int MaxBaskets;
    public int SplitLevel;
    public long Entries;
    public long FirstEntry;
    public long TotBytes;
    public long ZipBytes;
    public List<BranchRecord> Branches = [];
    public List<LeafRecord> Leaves = [];
    /// <summary>Baskets stored inside the TTree record itself (written while still in memory).</summary>
    public List<EmbeddedBasket> EmbeddedBaskets = [];
    public int[] BasketBytes = [];
    public long[] BasketEntry = [];
    public long[] BasketSeek = [];

    // TBranchElement / TBranchObject only.
    public string? ElementClassName;
    public int ElementId = -1;
    public int ElementType;
    public int StreamerType = -1;
    public BranchRecord? BranchCount;
}

/// <summary>A streamed TLeaf* (TLeafI, TLeafF, TLeafElement, ...).</summary>
public sealed class LeafRecord
{
    public string ClassName = "";
    public string Name = "";
    public string Title = "";
    /// <summary>Values per entry for fixed arrays (product of dimensions); 1 for scalars.</summary>
    public int Len;
    /// <summary>Bytes per value.</summary>
    public int LenType;
    public int Offset;
    public bool IsRange;
    public bool IsUnsigned;
    /// <summary>The counter leaf of a variable-length array (<c>Jet_pt[nJet]</c>).</summary>
    public LeafRecord? LeafCount;
    /// <summary>TLeafElement's fType (ROOT EDataType code); -1 for other leaves.</summary>
    public int ElementType = -1;
}

/// <summary>A basket kept inside the TTree record (TBranch.fBaskets): uncompressed, with its key header copied in front.</summary>
public sealed class EmbeddedBasket
{
    public int KeyLength;
    public int NevBuf;
    public int NevBufSize;
    public int Last;
    /// <summary>Entry start offsets (counted from the key start), one per entry; null for fixed-size entries.</summary>
    public int[]? EntryOffsets;
    /// <summary>The first <see cref="Last"/> bytes of the basket buffer (key header copy, then the data).</summary>
    public ReadOnlyMemory<byte> Buffer;
}
