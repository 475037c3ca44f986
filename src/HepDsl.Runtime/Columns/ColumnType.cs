namespace HepDsl.Runtime.Columns;

/// <summary>The element type of a column as an analysis sees it (after ROOT's on-disk big-endian decoding).</summary>
public enum ColumnType
{
    Bool,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float32,
    Float64,
    String,
}

/// <summary>How entries of a branch are shaped.</summary>
public enum ColumnShape
{
    /// <summary>One value per entry.</summary>
    Scalar,
    /// <summary>A fixed number of values per entry (<c>ai4[3]</c>).</summary>
    FixedArray,
    /// <summary>A variable number of values per entry (<c>Jet_pt[nJet]</c>, <c>std::vector&lt;T&gt;</c>).</summary>
    Jagged,
}

/// <summary>What a reader knows about one branch before reading it.</summary>
/// <param name="Name">Full branch name, e.g. <c>Jet_pt</c>.</param>
/// <param name="Type">Element type.</param>
/// <param name="Shape">Scalar, fixed array or jagged.</param>
/// <param name="FixedLength">Values per entry for <see cref="ColumnShape.FixedArray"/>; 1 for scalars; 0 for jagged.</param>
/// <param name="CounterBranch">For leaf-counted arrays (<c>Jet_pt[nJet]</c>), the counter branch name; otherwise null.</param>
/// <param name="RootTypeName">ROOT's own spelling, for messages: <c>Float_t</c>, <c>vector&lt;float&gt;</c>, ...</param>
public sealed record ColumnInfo(string Name, ColumnType Type, ColumnShape Shape, int FixedLength, string? CounterBranch, string RootTypeName);

public static class ColumnTypes
{
    /// <summary>The .NET element type that carries values of <paramref name="type"/>.</summary>
    public static Type ClrType(ColumnType type) => type switch
    {
        ColumnType.Bool => typeof(bool),
        ColumnType.Int8 => typeof(sbyte),
        ColumnType.UInt8 => typeof(byte),
        ColumnType.Int16 => typeof(short),
        ColumnType.UInt16 => typeof(ushort),
        ColumnType.Int32 => typeof(int),
        ColumnType.UInt32 => typeof(uint),
        ColumnType.Int64 => typeof(long),
        ColumnType.UInt64 => typeof(ulong),
        ColumnType.Float32 => typeof(float),
        ColumnType.Float64 => typeof(double),
        ColumnType.String => typeof(string),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
