namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// Fields, physical columns and alias columns: the header's schema description, extended by the footer's
/// schema extension (late model extension) with IDs continuing where the header stopped.
/// </summary>
public sealed class Schema
{
    private readonly List<FieldDescriptor> _fields = [];
    private readonly List<ColumnDescriptor> _columns = [];
    private readonly List<AliasColumn> _aliases = [];

    public IReadOnlyList<FieldDescriptor> Fields => _fields;
    public IReadOnlyList<ColumnDescriptor> Columns => _columns;
    public IReadOnlyList<AliasColumn> Aliases => _aliases;

    /// <summary>Reads the four list frames of a schema description (header, or the footer's extension record).</summary>
    internal void Read(EnvelopeReader r, bool extension)
    {
        string part = extension ? "schema extension" : "header";
        var (fieldsEnd, fieldCount) = r.ListFrame($"{part} field list");
        for (int i = 0; i < fieldCount; i++) _fields.Add(ReadField(r, _fields.Count, extension));
        r.EndFrame(fieldsEnd, $"{part} field list");

        var (columnsEnd, columnCount) = r.ListFrame($"{part} column list");
        for (int i = 0; i < columnCount; i++) _columns.Add(ReadColumn(r, _columns.Count, extension));
        r.EndFrame(columnsEnd, $"{part} column list");

        var (aliasEnd, aliasCount) = r.ListFrame($"{part} alias column list");
        for (int i = 0; i < aliasCount; i++)
        {
            int end = r.RecordFrame("alias column");
            var alias = new AliasColumn((int)r.U32(), (int)r.U32());
            r.EndFrame(end, "alias column");
            _aliases.Add(alias);
        }
        r.EndFrame(aliasEnd, $"{part} alias column list");

        // Extra type information (streamer infos of streamer fields): not needed to read the columns.
        var (extraEnd, _) = r.ListFrame($"{part} extra type information");
        r.EndFrame(extraEnd, $"{part} extra type information");
    }

    /// <summary>Checks that every reference points at a field or column that exists, once everything is read.</summary>
    internal void Validate(EnvelopeReader r)
    {
        foreach (var f in _fields)
        {
            if (f.ParentId < 0 || f.ParentId >= _fields.Count) throw r.Error($"field '{f.Name}' (ID {f.Id}) has parent {f.ParentId}, which does not exist");
            if (f.SourceId is { } s && (s < 0 || s >= _fields.Count)) throw r.Error($"projected field '{f.Name}' has source field {s}, which does not exist");
        }
        foreach (var c in _columns)
            if (c.FieldId < 0 || c.FieldId >= _fields.Count) throw r.Error($"column {c.Id} belongs to field {c.FieldId}, which does not exist");
        foreach (var a in _aliases)
        {
            if (a.FieldId < 0 || a.FieldId >= _fields.Count) throw r.Error($"alias column of field {a.FieldId}, which does not exist");
            if (a.PhysicalId < 0 || a.PhysicalId >= _columns.Count) throw r.Error($"alias column of field {a.FieldId} points at column {a.PhysicalId}, which does not exist");
        }
        // Parents come before children (IDs grow): a cycle would otherwise make path walks loop.
        foreach (var f in _fields)
            if (!f.IsTopLevel && f.ParentId >= f.Id && !f.FromExtension)
                throw r.Error($"field '{f.Name}' (ID {f.Id}) comes before its parent {f.ParentId}");
    }

    private static FieldDescriptor ReadField(EnvelopeReader r, int id, bool extension)
    {
        int end = r.RecordFrame($"field {id}");
        uint fieldVersion = r.U32(), typeVersion = r.U32();
        uint parent = r.U32();
        ushort role = r.U16(), flags = r.U16();
        string name = r.String(), type = r.String(), alias = r.String(), description = r.String();
        ulong arraySize = (flags & 0x01) != 0 ? r.U64() : 0;
        int? source = (flags & 0x02) != 0 ? (int)r.U32() : null;
        if ((flags & 0x04) != 0) r.U32(); // ROOT type checksum: for I/O rules only
        r.EndFrame(end, $"field {id} ('{name}')");
        if (role > (ushort)FieldRole.Streamer) throw r.Error($"field '{name}' has unknown structural role {role}");
        if (parent > int.MaxValue) throw r.Error($"field '{name}' has parent ID {parent}");
        return new FieldDescriptor(id, fieldVersion, typeVersion, (int)parent, (FieldRole)role, flags, name, type, alias, description,
            arraySize, source, extension);
    }

    private static ColumnDescriptor ReadColumn(EnvelopeReader r, int id, bool extension)
    {
        int end = r.RecordFrame($"column {id}");
        var kind = (ColumnKind)r.U16();
        int bits = r.U16();
        uint field = r.U32();
        ushort flags = r.U16();
        int representation = r.U16();
        long first = (flags & 0x01) != 0 ? r.I64() : 0;
        double? min = null, max = null;
        if ((flags & 0x02) != 0)
        {
            min = r.F64();
            max = r.F64();
        }
        r.EndFrame(end, $"column {id}");
        if (field > int.MaxValue) throw r.Error($"column {id} belongs to field {field}");
        if (ColumnKinds.IsKnown(kind))
        {
            int? fixedBits = ColumnKinds.FixedBits(kind);
            bool ok = fixedBits is { } b ? bits == b : kind == ColumnKind.Real32Trunc ? bits is >= 10 and <= 31 : bits is >= 1 and <= 32;
            if (!ok) throw r.Error($"column {id} of type {kind} has {bits} bits on storage");
            if (kind == ColumnKind.Real32Quant && (min is not { } lo || max is not { } hi || !(lo <= hi)))
                throw r.Error($"column {id} of type Real32Quant has no valid value range");
        }
        return new ColumnDescriptor(id, kind, bits, (int)field, flags, representation, first, min, max, extension);
    }
}
