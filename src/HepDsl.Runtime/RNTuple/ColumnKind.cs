namespace HepDsl.Runtime.RNTuple;

/// <summary>Column types of binary format 1.0, with the specification's codes.</summary>
public enum ColumnKind : ushort
{
    Bit = 0x00,
    Byte = 0x01,
    Char = 0x02,
    Int8 = 0x03,
    UInt8 = 0x04,
    Int16 = 0x05,
    UInt16 = 0x06,
    Int32 = 0x07,
    UInt32 = 0x08,
    Int64 = 0x09,
    UInt64 = 0x0A,
    Real16 = 0x0B,
    Real32 = 0x0C,
    Real64 = 0x0D,
    Index32 = 0x0E,
    Index64 = 0x0F,
    Switch = 0x10,
    SplitInt16 = 0x11,
    SplitUInt16 = 0x12,
    SplitInt32 = 0x13,
    SplitUInt32 = 0x14,
    SplitInt64 = 0x15,
    SplitUInt64 = 0x16,
    SplitReal16 = 0x17,
    SplitReal32 = 0x18,
    SplitReal64 = 0x19,
    SplitIndex32 = 0x1A,
    SplitIndex64 = 0x1B,
    Real32Trunc = 0x1C,
    Real32Quant = 0x1D,
}

/// <summary>What a decoded page element is in memory: the page decoder's output type for a column kind.</summary>
public enum ElementType
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
    /// <summary>Offsets of (Split)Index32/64 columns, always widened to 64 bits, relative to the cluster.</summary>
    Index,
    /// <summary>A Switch element: 64-bit index then 32-bit tag, kept as its 12 bytes.</summary>
    Switch,
}

public static class ColumnKinds
{
    public static bool IsKnown(ColumnKind kind) => kind <= ColumnKind.Real32Quant;

    /// <summary>Bits on storage of a fixed-width column kind; null for the variable-width Real32Trunc/Real32Quant.</summary>
    public static int? FixedBits(ColumnKind kind) => kind switch
    {
        ColumnKind.Bit => 1,
        ColumnKind.Byte or ColumnKind.Char or ColumnKind.Int8 or ColumnKind.UInt8 => 8,
        ColumnKind.Int16 or ColumnKind.UInt16 or ColumnKind.Real16 or ColumnKind.SplitInt16 or ColumnKind.SplitUInt16 or ColumnKind.SplitReal16 => 16,
        ColumnKind.Int32 or ColumnKind.UInt32 or ColumnKind.Real32 or ColumnKind.Index32 or ColumnKind.SplitInt32
            or ColumnKind.SplitUInt32 or ColumnKind.SplitReal32 or ColumnKind.SplitIndex32 => 32,
        ColumnKind.Int64 or ColumnKind.UInt64 or ColumnKind.Real64 or ColumnKind.Index64 or ColumnKind.SplitInt64
            or ColumnKind.SplitUInt64 or ColumnKind.SplitReal64 or ColumnKind.SplitIndex64 => 64,
        ColumnKind.Switch => 96,
        _ => null,
    };

    public static ElementType Element(ColumnKind kind) => kind switch
    {
        ColumnKind.Bit => ElementType.Bool,
        ColumnKind.Byte or ColumnKind.UInt8 => ElementType.UInt8,
        ColumnKind.Char or ColumnKind.Int8 => ElementType.Int8,
        ColumnKind.Int16 or ColumnKind.SplitInt16 => ElementType.Int16,
        ColumnKind.UInt16 or ColumnKind.SplitUInt16 => ElementType.UInt16,
        ColumnKind.Int32 or ColumnKind.SplitInt32 => ElementType.Int32,
        ColumnKind.UInt32 or ColumnKind.SplitUInt32 => ElementType.UInt32,
        ColumnKind.Int64 or ColumnKind.SplitInt64 => ElementType.Int64,
        ColumnKind.UInt64 or ColumnKind.SplitUInt64 => ElementType.UInt64,
        ColumnKind.Real16 or ColumnKind.SplitReal16 or ColumnKind.Real32 or ColumnKind.SplitReal32
            or ColumnKind.Real32Trunc or ColumnKind.Real32Quant => ElementType.Float32,
        ColumnKind.Real64 or ColumnKind.SplitReal64 => ElementType.Float64,
        ColumnKind.Index32 or ColumnKind.Index64 or ColumnKind.SplitIndex32 or ColumnKind.SplitIndex64 => ElementType.Index,
        ColumnKind.Switch => ElementType.Switch,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Bytes of one decoded element.</summary>
    public static int Size(ElementType type) => type switch
    {
        ElementType.Bool or ElementType.Int8 or ElementType.UInt8 => 1,
        ElementType.Int16 or ElementType.UInt16 => 2,
        ElementType.Int32 or ElementType.UInt32 or ElementType.Float32 => 4,
        ElementType.Int64 or ElementType.UInt64 or ElementType.Float64 or ElementType.Index => 8,
        ElementType.Switch => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool IsIndex(ColumnKind kind) => Element(kind) == ElementType.Index;

    /// <summary>Name for inspect: the kind and, for split kinds, the encoding.</summary>
    public static string Describe(ColumnKind kind, int bits) => kind switch
    {
        ColumnKind.SplitInt16 or ColumnKind.SplitInt32 or ColumnKind.SplitInt64 => $"{kind} (split+zigzag)",
        ColumnKind.SplitIndex32 or ColumnKind.SplitIndex64 => $"{kind} (split+delta)",
        ColumnKind.SplitUInt16 or ColumnKind.SplitUInt32 or ColumnKind.SplitUInt64 or ColumnKind.SplitReal16
            or ColumnKind.SplitReal32 or ColumnKind.SplitReal64 => $"{kind} (split)",
        ColumnKind.Real32Trunc or ColumnKind.Real32Quant => $"{kind}({bits} bits)",
        _ when !IsKnown(kind) => $"unknown type 0x{(ushort)kind:x2}",
        _ => kind.ToString(),
    };
}
