using HepDsl.Runtime.Root.Serialization;
using HepDsl.Runtime.Root.Keys;
namespace HepDsl.Runtime.Root.Streamed;

/// <summary>
/// Hand-written readers for TTree (class versions 16-20), TBranch (10-13) and its subclasses, TLeaf* and embedded
/// TBasket, following the member order ROOT 5.x-6.x wrote for each class version.
/// </summary>
internal static class TreeParser
{
    public static TreeRecord ReadTree(RootBuffer buffer, string className = "TTree")
    {
        var r = new ObjectReader(buffer);
        var b = buffer;
        var tree = new TreeRecord();
        // TNtuple and TNtupleD are a TTree (their first base) plus a variable count.
        if (className is "TNtuple" or "TNtupleD") b.ReadVersion();
        var (version, _) = b.ReadVersion();
        tree.ClassVersion = version;
        if (version < 16 || version > 20) throw b.Error($"TTree class version {version} is not supported (16 to 20 are)");
        (tree.Name, tree.Title) = r.ReadTNamed();
        r.SkipVersioned("TAttLine");
        r.SkipVersioned("TAttFill");
        r.SkipVersioned("TAttMarker");
        tree.Entries = b.ReadInt64();
        tree.TotBytes = b.ReadInt64();
        tree.ZipBytes = b.ReadInt64();
        b.ReadInt64(); // fSavedBytes
        if (version >= 18) b.ReadInt64(); // fFlushedBytes
        b.ReadDouble(); // fWeight
        b.ReadInt32(); // fTimerInterval
        b.ReadInt32(); // fScanField
        b.ReadInt32(); // fUpdate
        if (version >= 17) b.ReadInt32(); // fDefaultEntryOffsetLen
        int clusterRanges = version >= 19 ? b.ReadInt32() : 0;
        b.ReadInt64(); // fMaxEntries
        b.ReadInt64(); // fMaxEntryLoop
        b.ReadInt64(); // fMaxVirtualSize
        b.ReadInt64(); // fAutoSave
        if (version >= 18) tree.AutoFlush = b.ReadInt64();
        b.ReadInt64(); // fEstimate
        if (version >= 19)
        {
            if (clusterRanges < 0 || clusterRanges > b.Remaining / 16) throw b.Error($"implausible cluster range count {clusterRanges}");
            tree.ClusterRangeEnd = ReadInt64Array(b, clusterRanges);
            tree.ClusterSize = ReadInt64Array(b, clusterRanges);
        }
        if (version >= 20) r.SkipVersioned("TIOFeatures");
        foreach (var item in r.ReadObjArray())
            if (item is BranchRecord branch) tree.Branches.Add(branch);
        r.ReadObjArray(); // fLeaves: the same leaves again, by reference
        if (tree.Entries < 0) throw b.Error($"negative entry count {tree.Entries}");
        return tree;
    }

    private static long[] ReadInt64Array(RootBuffer b, int count)
    {
        b.ReadByte(); // pointer-member flag
        var values = new long[count];
        for (int i = 0; i < count; i++) values[i] = b.ReadInt64();
        return values;
    }

    public static void ReadBranch(ObjectReader r, BranchRecord branch)
    {
        var b = r.Buffer;
        var (version, end) = b.ReadVersion();
        if (branch.ClassName == "TBranch")
        {
            ReadBranchMembers(r, branch, version);
        }
        else
        {
            // Subclasses start with their TBranch base, itself versioned.
            var (baseVersion, baseEnd) = b.ReadVersion();
            ReadBranchMembers(r, branch, baseVersion);
            b.SkipTo(baseEnd);
            if (branch.ClassName == "TBranchElement") ReadBranchElementMembers(r, branch, version);
            else if (branch.ClassName == "TBranchObject") branch.ElementClassName = b.ReadTString();
        }
        branch.ClassVersion = version;
        if (end < 0) throw b.Error($"branch '{branch.Name}' has no byte count");
        b.SkipTo(end);
    }

    private static void ReadBranchMembers(ObjectReader r, BranchRecord br, int version)
    {
        var b = r.Buffer;
        if (version < 10 || version > 13) throw b.Error($"TBranch class version {version} is not supported (10 to 13 are)");
        (br.Name, br.Title) = r.ReadTNamed();
        r.SkipVersioned("TAttFill");
        br.Compress = b.ReadInt32();
        br.BasketSize = b.ReadInt32();
        br.EntryOffsetLen = b.ReadInt32();
        br.WriteBasket = b.ReadInt32();
        b.ReadInt64(); // fEntryNumber
        if (version >= 13) r.SkipVersioned("TIOFeatures");
        b.ReadInt32(); // fOffset
        br.MaxBaskets = b.ReadInt32();
        br.SplitLevel = b.ReadInt32();
        br.Entries = b.ReadInt64();
        if (version >= 11) br.FirstEntry = b.ReadInt64();
        br.TotBytes = b.ReadInt64();
        br.ZipBytes = b.ReadInt64();
        foreach (var item in r.ReadObjArray())
            if (item is BranchRecord sub) br.Branches.Add(sub);
        foreach (var item in r.ReadObjArray())
            if (item is LeafRecord leaf) br.Leaves.Add(leaf);
        foreach (var item in r.ReadObjArray())
            if (item is EmbeddedBasket basket) br.EmbeddedBaskets.Add(basket);
        if (br.MaxBaskets < 0 || br.MaxBaskets > b.Remaining / 20)
            throw b.Error($"branch '{br.Name}': implausible fMaxBaskets {br.MaxBaskets}");
        if (br.WriteBasket < 0 || br.WriteBasket > br.MaxBaskets)
            throw b.Error($"branch '{br.Name}': fWriteBasket {br.WriteBasket} outside [0, fMaxBaskets={br.MaxBaskets}]");
        int n = br.MaxBaskets;
        b.ReadByte();
        br.BasketBytes = new int[n];
        for (int i = 0; i < n; i++) br.BasketBytes[i] = b.ReadInt32();
        b.ReadByte();
        br.BasketEntry = new long[n];
        for (int i = 0; i < n; i++) br.BasketEntry[i] = b.ReadInt64();
        b.ReadByte();
        br.BasketSeek = new long[n];
        for (int i = 0; i < n; i++) br.BasketSeek[i] = b.ReadInt64();
        b.ReadTString(); // fFileName
    }

    private static void ReadBranchElementMembers(ObjectReader r, BranchRecord br, int version)
    {
        var b = r.Buffer;
        br.ElementClassName = b.ReadTString();
        b.ReadTString(); // fParentName
        b.ReadTString(); // fClonesName
        b.ReadUInt32(); // fCheckSum
        if (version >= 10) b.ReadInt16(); else b.ReadInt32(); // fClassVersion
        br.ElementId = b.ReadInt32();
        br.ElementType = b.ReadInt32();
        br.StreamerType = b.ReadInt32();
        b.ReadInt32(); // fMaximum
        br.BranchCount = r.ReadObjectAny() as BranchRecord;
        r.ReadObjectAny(); // fBranchCount2
    }

    public static void ReadLeaf(ObjectReader r, LeafRecord leaf)
    {
        var b = r.Buffer;
        var (_, end) = b.ReadVersion();
        var (_, baseEnd) = b.ReadVersion(); // TLeaf base
        (leaf.Name, leaf.Title) = r.ReadTNamed();
        leaf.Len = b.ReadInt32();
        leaf.LenType = b.ReadInt32();
        leaf.Offset = b.ReadInt32();
        leaf.IsRange = b.ReadBool();
        leaf.IsUnsigned = b.ReadBool();
        leaf.LeafCount = r.ReadObjectAny() as LeafRecord;
        b.SkipTo(baseEnd);
        if (leaf.ClassName == "TLeafElement")
        {
            b.ReadInt32(); // fID
            leaf.ElementType = b.ReadInt32();
        }
        if (end < 0) throw b.Error($"leaf '{leaf.Name}' has no byte count");
        b.SkipTo(end);
    }

    /// <summary>TBasket::Streamer as ROOT writes it into TBranch.fBaskets: key header, basket header, offsets, buffer.</summary>
    public static EmbeddedBasket ReadEmbeddedBasket(ObjectReader r)
    {
        var b = r.Buffer;
        var key = RootKey.Read(b, "");
        var basket = new EmbeddedBasket { KeyLength = key.KeyLength };
        b.ReadVersion();
        b.ReadInt32(); // fBufferSize
        int nevBufSize = b.ReadInt32();
        if (nevBufSize < 0)
        {
            nevBufSize = -nevBufSize;
            b.ReadByte(); // fIOBits
        }
        basket.NevBufSize = nevBufSize;
        basket.NevBuf = b.ReadInt32();
        basket.Last = b.ReadInt32();
        int flag = b.ReadByte();
        if (basket.NevBuf < 0 || basket.Last < 0) throw b.Error($"embedded basket with negative sizes (entries {basket.NevBuf}, last {basket.Last})");
        if (flag == 0) return basket; // header only
        if (flag % 10 != 2)
        {
            int n = b.ReadInt32();
            if (n < 0 || n > b.Remaining / 4) throw b.Error($"embedded basket: implausible entry-offset count {n}");
            var offsets = new int[n];
            for (int i = 0; i < n; i++) offsets[i] = b.ReadInt32();
            if (flag > 20 && flag < 40)
                for (int i = 0; i < n; i++) offsets[i] &= 0x00FFFFFF; // displacement bits
            basket.EntryOffsets = offsets;
            if (flag > 40)
            {
                int m = b.ReadInt32();
                if (m < 0 || m > b.Remaining / 4) throw b.Error($"embedded basket: implausible displacement count {m}");
                b.Skip(4 * m);
            }
        }
        if (flag == 1 || flag > 10) basket.Buffer = b.ReadMemory(basket.Last);
        return basket;
    }
}
