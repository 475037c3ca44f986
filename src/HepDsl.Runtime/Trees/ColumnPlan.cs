using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.Trees;

/// <summary>How the entries of a column sit in its baskets.</summary>
internal enum EntryLayout
{
    /// <summary>Every entry has the same byte size; entry i starts at i * stride.</summary>
    Fixed,
    /// <summary>Entries of variable size (<c>x[n]</c>): per-entry byte ranges from the basket's offsets (or the counter).</summary>
    Counted,
    /// <summary><c>std::vector&lt;T&gt;</c>: each entry is a 10-byte header, an int32 length, then the values.</summary>
    Vector,
    /// <summary>TLeafC: a length byte (or 255 + int32) and the characters.</summary>
    String,
}

/// <summary>How each value is encoded on disk.</summary>
internal enum ValueEncoding
{
    /// <summary>Big-endian value of the element type's own size.</summary>
    Plain,
    /// <summary>Double32_t / Float16_t stored as a 4-byte float.</summary>
    Float32AsWider,
    /// <summary>Double32_t / Float16_t with a range: uint32 scaled by factor, plus the minimum.</summary>
    ScaledUInt32,
    /// <summary>Double32_t / Float16_t with a bit count and no range: exponent byte and mantissa uint16.</summary>
    TruncatedMantissa,
}

/// <summary>Everything needed to decode one column of one branch, derived once from the branch metadata.</summary>
internal sealed class ColumnPlan
{
    public required ColumnInfo Info { get; init; }
    public required BranchData Branch { get; init; }
    public EntryLayout Layout { get; init; }
    public ValueEncoding Encoding { get; init; }
    /// <summary>Bytes per value on disk.</summary>
    public int DiskSize { get; init; }
    /// <summary>Values per entry for fixed layouts (or per counter unit for counted ones).</summary>
    public int ValuesPerEntry { get; init; } = 1;
    /// <summary>Bytes per entry for fixed layouts (sum of all leaves for a leaf-list).</summary>
    public int EntryStride { get; init; }
    /// <summary>Byte offset of this leaf inside an entry (leaf-lists).</summary>
    public int LeafOffset { get; init; }
    /// <summary>Bytes before each entry's values in counted layouts (the flag byte of a pointer-array member).</summary>
    public int EntryHeader { get; init; }
    /// <summary>Counter column, used to rebuild entry offsets when baskets do not store them.</summary>
    public string? Counter { get; init; }
    /// <summary>For scaled Double32/Float16.</summary>
    public double Factor { get; init; }
    public double Minimum { get; init; }
    public int MantissaBits { get; init; }

    /// <summary>Values are laid out contiguously so whole runs decode with one byte swap.</summary>
    public bool Contiguous => (Layout == EntryLayout.Counted && EntryHeader == 0) || (Layout == EntryLayout.Fixed && EntryStride == DiskSize * ValuesPerEntry);
}
