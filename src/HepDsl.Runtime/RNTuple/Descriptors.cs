namespace HepDsl.Runtime.RNTuple;

/// <summary>Structural roles of fields.</summary>
public enum FieldRole : ushort
{
    Leaf = 0,
    Collection = 1,
    Record = 2,
    Variant = 3,
    Streamer = 4,
}

/// <summary>One field record of the header or the schema extension.</summary>
/// <param name="Id">Implicit ID: the position in the header's list, continued by the extension.</param>
/// <param name="ParentId">The parent field; equal to <paramref name="Id"/> for top-level fields.</param>
/// <param name="ArraySize">For repetitive fields (fixed-size arrays, bitsets), the number of repetitions; else 0.</param>
/// <param name="SourceId">For projected fields, the field they project; else null.</param>
public sealed record FieldDescriptor(
    int Id,
    uint FieldVersion,
    uint TypeVersion,
    int ParentId,
    FieldRole Role,
    ushort Flags,
    string Name,
    string TypeName,
    string TypeAlias,
    string Description,
    ulong ArraySize,
    int? SourceId,
    bool FromExtension)
{
    public bool IsTopLevel => ParentId == Id;
    public bool IsRepetitive => (Flags & 0x01) != 0;
    public bool IsProjected => (Flags & 0x02) != 0;
}

/// <summary>One physical column record of the header or the schema extension.</summary>
/// <param name="Id">Implicit physical column ID.</param>
/// <param name="FirstElement">Index of the first element (deferred columns, added by late model extension); 0 otherwise.
/// Negative when the column is deferred and suppressed.</param>
public sealed record ColumnDescriptor(
    int Id,
    ColumnKind Kind,
    int Bits,
    int FieldId,
    ushort Flags,
    int RepresentationIndex,
    long FirstElement,
    double? Min,
    double? Max,
    bool FromExtension)
{
    public bool IsDeferred => (Flags & 0x01) != 0;
    public string Describe() => ColumnKinds.Describe(Kind, Bits) + (Min is { } min ? $" in [{min}, {Max}]" : "");
}

/// <summary>An alias column: a projected field's view of another field's physical column.</summary>
public sealed record AliasColumn(int PhysicalId, int FieldId);
