using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Trees.Writing;

/// <summary>The tree-level numbers the TTree record carries.</summary>
internal sealed record TreeSummary(string Name, string Title, long Entries, long AutoFlush, long[] ClusterRangeEnd, long[] ClusterSize, int Compression, int BasketSize);

/// <summary>
/// Streams a TTree (class version 20) with its TBranch (13) and TLeaf (2; TLeafO/B/S/I/L/F/D 1) members in the order
/// and versions of the embedded streamer infos (<see cref="StreamerInfoRecords.Trees"/>, from ROOT 6.20/04).
/// </summary>
internal static class TreeStreamer
{
    private const uint TreeBits = 0x03000008;   // kNotDeleted | kIsOnHeap, plus kMustCleanup, as ROOT writes them
    private const uint ObjectBits = 0x03000000;
    private const int DefaultEntryOffsetLen = 1000;

    public static byte[] Write(TreeSummary tree, IReadOnlyList<BranchState> branches, int keyLength)
    {
        var b = new RootWriteBuffer();
        var tags = new TaggedObjects(b, keyLength);
        long totBytes = branches.Sum(x => x.TotBytes), zipBytes = branches.Sum(x => x.ZipBytes);
        using (b.Versioned(20))
        {
            Named(b, tree.Name, tree.Title, TreeBits);
            using (b.Versioned(2)) { b.I16(602); b.I16(1); b.I16(1); }   // TAttLine
            using (b.Versioned(2)) { b.I16(0); b.I16(1001); }            // TAttFill
            using (b.Versioned(2)) { b.I16(1); b.I16(1); b.F32(1); }     // TAttMarker
            b.I64(tree.Entries);
            b.I64(totBytes);
            b.I64(zipBytes);
            b.I64(zipBytes);           // fSavedBytes
            b.I64(zipBytes);           // fFlushedBytes
            b.F64(1);                  // fWeight
            b.I32(0);                  // fTimerInterval
            b.I32(25);                 // fScanField
            b.I32(0);                  // fUpdate
            b.I32(DefaultEntryOffsetLen);
            b.I32(tree.ClusterRangeEnd.Length);
            b.I64(1_000_000_000_000);  // fMaxEntries
            b.I64(1_000_000_000_000);  // fMaxEntryLoop
            b.I64(0);                  // fMaxVirtualSize
            b.I64(-300_000_000);       // fAutoSave
            b.I64(tree.AutoFlush);
            b.I64(1_000_000);          // fEstimate
            PointerArray(b, tree.ClusterRangeEnd);
            PointerArray(b, tree.ClusterSize);
            IoFeatures(b);
            ObjArray(b, branches.Count, () =>
            {
                foreach (var branch in branches) tags.Write("TBranch", branch, () => Branch(tags, branch, tree));
            });
            ObjArray(b, branches.Count, () =>
            {
                foreach (var branch in branches) tags.Reference(LeafOf(branch));
            });
            b.U32(0);   // fAliases
            b.I32(0);   // fIndexValues: empty TArrayD
            b.I32(0);   // fIndex: empty TArrayI
            b.U32(0);   // fTreeIndex
            b.U32(0);   // fFriends
            b.U32(0);   // fUserInfo
            b.U32(0);   // fBranchRef
        }
        return b.Written.ToArray();
    }

    private static void Branch(TaggedObjects tags, BranchState branch, TreeSummary tree)
    {
        var b = tags.Buffer;
        int written = branch.BasketSeeks.Count;
        // ROOT's arrays have room for one more basket than were written; that slot's entry is the branch's end.
        int capacity = written + 1;
        using (b.Versioned(13))
        {
            Named(b, branch.Name, branch.BranchTitle, ObjectBits);
            using (b.Versioned(2)) { b.I16(0); b.I16(1001); }            // TAttFill
            b.I32(tree.Compression);
            b.I32(tree.BasketSize);
            b.I32(branch.Counter is null ? 0 : DefaultEntryOffsetLen);   // non-zero: entries have variable size
            b.I32(written);                                              // fWriteBasket
            b.I64(tree.Entries);                                         // fEntryNumber
            IoFeatures(b);
            b.I32(0);                                                    // fOffset
            b.I32(capacity);                                             // fMaxBaskets
            b.I32(0);                                                    // fSplitLevel
            b.I64(tree.Entries);
            b.I64(0);                                                    // fFirstEntry
            b.I64(branch.TotBytes);
            b.I64(branch.ZipBytes);
            ObjArray(b, 0, () => { });                                   // sub-branches
            ObjArray(b, 1, () => tags.Write(branch.LeafClass, LeafOf(branch), () => Leaf(tags, branch)));
            ObjArray(b, 0, () => { });                                   // fBaskets: none kept in memory
            b.U8(1);
            foreach (var n in branch.BasketBytes) b.I32(n);
            b.I32(0);
            b.U8(1);
            foreach (var e in branch.BasketFirstEntries) b.I64(e);
            b.I64(tree.Entries);
            b.U8(1);
            foreach (var s in branch.BasketSeeks) b.I64(s);
            b.I64(0);
            b.String("");                                                // fFileName: this file
        }
    }

    private static void Leaf(TaggedObjects tags, BranchState branch)
    {
        var b = tags.Buffer;
        using (b.Versioned(1))
        {
            using (b.Versioned(2))
            {
                Named(b, branch.Name, branch.LeafTitle, ObjectBits);
                b.I32(1);                                    // fLen: one value per entry, or per count
                b.I32(branch.ValueSize);                     // fLenType
                b.I32(0);                                    // fOffset
                b.U8(0);                                     // fIsRange
                b.U8(TreeLeafTypes.IsUnsigned(branch.Type) ? (byte)1 : (byte)0);
                tags.Reference(branch.Counter is null ? null : LeafOf(branch.Counter));
            }
            MinMax(b, branch.Type, branch.IsCounter ? branch.Maximum : 0);
        }
    }

    /// <summary>fMinimum and fMaximum in the leaf's own type; ROOT tracks the maximum of counters only.</summary>
    private static void MinMax(RootWriteBuffer b, ColumnType type, long maximum)
    {
        switch (type)
        {
            case ColumnType.Bool or ColumnType.Int8 or ColumnType.UInt8: b.U8(0); b.U8((byte)maximum); break;
            case ColumnType.Int16 or ColumnType.UInt16: b.I16(0); b.I16((short)maximum); break;
            case ColumnType.Int32 or ColumnType.UInt32: b.I32(0); b.I32((int)maximum); break;
            case ColumnType.Int64 or ColumnType.UInt64: b.I64(0); b.I64(maximum); break;
            case ColumnType.Float32: b.F32(0); b.F32(0); break;
            case ColumnType.Float64: b.F64(0); b.F64(0); break;
            default: throw new NotSupportedException($"no leaf for {type}");
        }
    }

    // A leaf's identity for references: the branch's leaf list holds exactly one, so the spec object stands for it.
    private static object LeafOf(BranchState branch) => branch.Spec;

    private static void Named(RootWriteBuffer b, string name, string title, uint bits)
    {
        using (b.Versioned(1))
        {
            b.I16(1);
            b.U32(0);
            b.U32(bits);
            b.String(name);
            b.String(title);
        }
    }

    /// <summary>A TObjArray streamed in place: version 3, TObject, empty name, size, lower bound, then the items.</summary>
    private static void ObjArray(RootWriteBuffer b, int count, Action items)
    {
        using (b.Versioned(3))
        {
            b.I16(1);
            b.U32(0);
            b.U32(ObjectBits);
            b.String("");
            b.I32(count);
            b.I32(0);
            items();
        }
    }

    /// <summary>An array behind a pointer member: a flag byte (1: present), then the values.</summary>
    private static void PointerArray(RootWriteBuffer b, long[] values)
    {
        b.U8(values.Length > 0 ? (byte)1 : (byte)0);
        foreach (var v in values) b.I64(v);
    }

    /// <summary>ROOT::TIOFeatures as ROOT 6.20 writes it: byte count, version 0 with the class checksum, no bits set.</summary>
    private static void IoFeatures(RootWriteBuffer b)
    {
        b.U32(0x40000007);
        b.I16(0);
        b.U32(0x1aa12f10);
        b.U8(0);
    }
}
