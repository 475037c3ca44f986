using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Trees.Writing;

/// <summary>
/// One branch the <see cref="TreeWriter"/> writes: a scalar of a basic type, or (with <see cref="Counter"/>) a
/// variable-length array counted by an earlier integer branch, NanoAOD style (<c>Jet_pt[nJet]</c>).
/// </summary>
public sealed record TreeBranch(string Name, ColumnType Type, string? Counter = null)
{
    public static TreeBranch Scalar(string name, ColumnType type) => new(name, type);
    public static TreeBranch Jagged(string name, ColumnType type, string counter) => new(name, type, counter);

    public bool IsJagged => Counter is not null;
}

/// <summary>ROOT's view of each basic type: leaf class, type letter in branch titles, bytes per value.</summary>
internal static class TreeLeafTypes
{
    public static (string LeafClass, char Letter, int Size) Of(ColumnType type) => type switch
    {
        ColumnType.Bool => ("TLeafO", 'O', 1),
        ColumnType.Int8 => ("TLeafB", 'B', 1),
        ColumnType.UInt8 => ("TLeafB", 'b', 1),
        ColumnType.Int16 => ("TLeafS", 'S', 2),
        ColumnType.UInt16 => ("TLeafS", 's', 2),
        ColumnType.Int32 => ("TLeafI", 'I', 4),
        ColumnType.UInt32 => ("TLeafI", 'i', 4),
        ColumnType.Int64 => ("TLeafL", 'L', 8),
        ColumnType.UInt64 => ("TLeafL", 'l', 8),
        ColumnType.Float32 => ("TLeafF", 'F', 4),
        ColumnType.Float64 => ("TLeafD", 'D', 8),
        _ => throw new NotSupportedException($"the tree writer cannot write {type} branches"),
    };

    public static bool IsUnsigned(ColumnType type) => type is ColumnType.UInt8 or ColumnType.UInt16 or ColumnType.UInt32 or ColumnType.UInt64;

    /// <summary>Types a counter branch may have (ROOT reads any integer leaf as a count; these fit an int).</summary>
    public static bool CanCount(ColumnType type) => type is ColumnType.Int8 or ColumnType.UInt8 or ColumnType.Int16
        or ColumnType.UInt16 or ColumnType.Int32 or ColumnType.UInt32;
}
