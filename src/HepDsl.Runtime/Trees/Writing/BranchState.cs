using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Keys;

namespace HepDsl.Runtime.Trees.Writing;

/// <summary>What the writer keeps per branch: its description, and where its baskets went (for the TTree record).</summary>
internal sealed class BranchState
{
    public BranchState(TreeBranch spec, BranchState? counter, string treeName)
    {
        Spec = spec;
        Counter = counter;
        (LeafClass, Letter, ValueSize) = TreeLeafTypes.Of(spec.Type);
        TreeName = treeName;
        BasketKeyLength = BasketKey(0, 0, 0, 0).KeyLength;
    }

    public const int BasketHeaderBytes = 19; // version, fBufferSize, fNevBufSize, fNevBuf, fLast, flag
    public const long DirectorySeek = 100;   // every key's parent directory: the file's top directory at fBEGIN

    public TreeBranch Spec { get; }
    public string Name => Spec.Name;
    public BranchState? Counter { get; }
    public string LeafClass { get; }
    public char Letter { get; }
    public int ValueSize { get; }
    public string TreeName { get; }
    /// <summary>fKeylen of this branch's baskets: key header plus the TBasket header.</summary>
    public int BasketKeyLength { get; }
    /// <summary>Whether another branch counts its entries with this one (its leaf records the largest count).</summary>
    public bool IsCounter { get; set; }
    /// <summary>Largest value written, for counter leaves (ROOT's fMaximum).</summary>
    public long Maximum { get; set; }

    public List<long> BasketSeeks { get; } = [];
    public List<int> BasketBytes { get; } = [];
    public List<long> BasketFirstEntries { get; } = [];
    public long TotBytes { get; set; }
    public long ZipBytes { get; set; }

    /// <summary>ROOT's leaf title: <c>nJet</c>, or <c>Jet_pt[nJet]</c>.</summary>
    public string LeafTitle => Counter is null ? Name : $"{Name}[{Counter.Name}]";
    /// <summary>ROOT's branch title: leaf title and type letter, <c>Jet_pt[nJet]/F</c>.</summary>
    public string BranchTitle => $"{LeafTitle}/{Letter}";
    public ColumnType Type => Spec.Type;

    /// <summary>A basket's key: class TBasket, named after the branch, titled after the tree, 64-bit seeks.</summary>
    public RootKeyHeader BasketKey(int objectLength, int storedLength, long seek, uint datime) =>
        new("TBasket", Name, TreeName, objectLength, seek, DirectorySeek, datime)
        {
            Large = true,
            ExtraKeyBytes = BasketHeaderBytes,
            StoredLength = storedLength,
        };
}
