using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Runtime.RNTuple.Writing;

/// <summary>One field record the writer puts in the header.</summary>
internal sealed record WrittenField(int Id, int ParentId, FieldRole Role, string Name, string TypeName, int? SourceId);

/// <summary>
/// One physical column the writer fills: the values of <see cref="Branch"/> (a leaf), or for a collection's index
/// column the entry offsets made from the counter branch <see cref="Branch"/>.
/// </summary>
internal sealed record WrittenColumn(int Id, ColumnKind Kind, int Bits, int FieldId, string Branch, ColumnType Type, bool IsIndex);

/// <summary>
/// How a NanoAOD-like list of branches becomes RNTuple fields, as ROOT's RNTupleImporter lays out an imported
/// NanoAOD file (and as our reader's NanoAOD import test file is): every scalar branch is a top-level leaf; the
/// arrays sharing a counter (<c>Muon_pt[nMuon]</c>, ...) are the members of one untyped collection
/// <c>_collectionK</c> (its record <c>_0</c> holds a leaf per array, named after the branch); each array is also a
/// projected <c>ROOT::VecOps::RVec&lt;T&gt;</c> named after the branch, and the counter a projected
/// <c>ROOT::RNTupleCardinality&lt;std::uint32_t&gt;</c>, both viewing the collection's columns through alias columns.
/// Columns use ROOT's default encodings: split for multi-byte numbers (zigzag for signed integers), split+delta
/// 64-bit offsets for collections, one bit per bool.
/// </summary>
internal sealed class NTupleLayout
{
    private readonly List<WrittenField> _fields = [];
    private readonly List<WrittenColumn> _columns = [];
    private readonly List<(int Physical, int Field)> _aliases = [];

    public IReadOnlyList<WrittenField> Fields => _fields;
    public IReadOnlyList<WrittenColumn> Columns => _columns;
    public IReadOnlyList<(int Physical, int Field)> Aliases => _aliases;
    /// <summary>The counter branches (their values give the collections' sizes).</summary>
    public IReadOnlySet<string> Counters { get; }

    public NTupleLayout(IReadOnlyList<TreeBranch> branches)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in branches)
        {
            if (string.IsNullOrEmpty(b.Name) || b.Name.IndexOfAny(['.', '/', ';', ' ', '[', ']']) >= 0 || b.Name.StartsWith("_collection", StringComparison.Ordinal))
                throw new ArgumentException($"field name '{b.Name}' is not usable (empty, contains '.', '/', ';', '[', ']' or a space, or starts with '_collection')");
            if (!names.Add(b.Name)) throw new ArgumentException($"two fields are named '{b.Name}'");
            _ = Encoding(b.Type);
        }
        var counters = new List<string>();
        foreach (var b in branches.Where(b => b.Counter is not null))
        {
            var counter = branches.FirstOrDefault(c => c.Name == b.Counter)
                ?? throw new ArgumentException($"field '{b.Name}': its counter '{b.Counter}' is not a field");
            if (counter.Counter is not null || !IsCount(counter.Type))
                throw new ArgumentException($"field '{b.Name}': counter '{counter.Name}' must be a scalar integer of at most 32 bits, not {(counter.Counter is null ? counter.Type.ToString() : "an array")}");
            if (!counters.Contains(counter.Name)) counters.Add(counter.Name);
        }
        Counters = counters.ToHashSet(StringComparer.Ordinal);
        if (branches.Count == 0) throw new ArgumentException("an RNTuple needs at least one field");

        foreach (var b in branches.Where(b => b.Counter is null && !Counters.Contains(b.Name)))
            Leaf(b, parent: null);

        var collections = new List<(string Counter, int Field, int IndexColumn, List<(TreeBranch Branch, int Field, int Column)> Members)>();
        for (int k = 0; k < counters.Count; k++)
        {
            int collection = AddField(null, FieldRole.Collection, $"_collection{k}", "", null);
            int index = AddColumn(ColumnKind.SplitIndex64, collection, counters[k], ColumnType.Int64, isIndex: true);
            int record = AddField(collection, FieldRole.Record, "_0", "", null);
            var members = new List<(TreeBranch, int, int)>();
            foreach (var b in branches.Where(b => b.Counter == counters[k]))
            {
                var (field, column) = Leaf(b, record);
                members.Add((b, field, column));
            }
            collections.Add((counters[k], collection, index, members));
        }
        // Projections: the counter as a cardinality, each member as an RVec, all over the collection's columns.
        foreach (var (counter, collection, index, members) in collections)
        {
            int cardinality = AddField(null, FieldRole.Leaf, counter, "ROOT::RNTupleCardinality<std::uint32_t>", collection);
            _aliases.Add((index, cardinality));
            foreach (var (branch, field, column) in members)
            {
                int rvec = AddField(null, FieldRole.Collection, branch.Name, $"ROOT::VecOps::RVec<{TypeName(branch.Type)}>", collection);
                _aliases.Add((index, rvec));
                int item = AddField(rvec, FieldRole.Leaf, "_0", TypeName(branch.Type), field);
                _aliases.Add((column, item));
            }
        }
    }

    private (int Field, int Column) Leaf(TreeBranch branch, int? parent)
    {
        int field = AddField(parent, FieldRole.Leaf, branch.Name, TypeName(branch.Type), null);
        var (kind, _) = Encoding(branch.Type);
        return (field, AddColumn(kind, field, branch.Name, branch.Type, isIndex: false));
    }

    private int AddField(int? parent, FieldRole role, string name, string type, int? source)
    {
        int id = _fields.Count;
        _fields.Add(new WrittenField(id, parent ?? id, role, name, type, source));
        return id;
    }

    private int AddColumn(ColumnKind kind, int field, string branch, ColumnType type, bool isIndex)
    {
        int id = _columns.Count;
        _columns.Add(new WrittenColumn(id, kind, ColumnKinds.FixedBits(kind)!.Value, field, branch, type, isIndex));
        return id;
    }

    private static bool IsCount(ColumnType type) => type is ColumnType.Int8 or ColumnType.UInt8 or ColumnType.Int16
        or ColumnType.UInt16 or ColumnType.Int32 or ColumnType.UInt32;

    /// <summary>The C++ type ROOT names a field of this type with.</summary>
    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Bool => "bool",
        ColumnType.Int8 => "std::int8_t",
        ColumnType.UInt8 => "std::uint8_t",
        ColumnType.Int16 => "std::int16_t",
        ColumnType.UInt16 => "std::uint16_t",
        ColumnType.Int32 => "std::int32_t",
        ColumnType.UInt32 => "std::uint32_t",
        ColumnType.Int64 => "std::int64_t",
        ColumnType.UInt64 => "std::uint64_t",
        ColumnType.Float32 => "float",
        ColumnType.Float64 => "double",
        _ => throw new NotSupportedException($"the RNTuple writer cannot write {type} fields"),
    };

    /// <summary>ROOT's default column type for a field type, and bytes per value in memory.</summary>
    public static (ColumnKind Kind, int Size) Encoding(ColumnType type) => type switch
    {
        ColumnType.Bool => (ColumnKind.Bit, 1),
        ColumnType.Int8 => (ColumnKind.Int8, 1),
        ColumnType.UInt8 => (ColumnKind.UInt8, 1),
        ColumnType.Int16 => (ColumnKind.SplitInt16, 2),
        ColumnType.UInt16 => (ColumnKind.SplitUInt16, 2),
        ColumnType.Int32 => (ColumnKind.SplitInt32, 4),
        ColumnType.UInt32 => (ColumnKind.SplitUInt32, 4),
        ColumnType.Int64 => (ColumnKind.SplitInt64, 8),
        ColumnType.UInt64 => (ColumnKind.SplitUInt64, 8),
        ColumnType.Float32 => (ColumnKind.SplitReal32, 4),
        ColumnType.Float64 => (ColumnKind.SplitReal64, 8),
        _ => throw new NotSupportedException($"the RNTuple writer cannot write {type} fields"),
    };

    /// <summary>The schema description of the header: fields, columns, alias columns, no extra type information.</summary>
    public void WriteSchema(EnvelopeWriter w)
    {
        int list = w.ListFrame(_fields.Count);
        foreach (var f in _fields)
        {
            int record = w.RecordFrame();
            w.U32(0);                                  // field version
            w.U32(0);                                  // type version
            w.U32((uint)f.ParentId);
            w.U16((ushort)f.Role);
            w.U16(f.SourceId is null ? (ushort)0 : (ushort)0x02);
            w.String(f.Name);
            w.String(f.TypeName);
            w.String("");                              // type alias
            w.String("");                              // description
            if (f.SourceId is { } source) w.U32((uint)source);
            w.EndRecord(record);
        }
        w.EndList(list);

        list = w.ListFrame(_columns.Count);
        foreach (var c in _columns)
        {
            int record = w.RecordFrame();
            w.U16((ushort)c.Kind);
            w.U16((ushort)c.Bits);
            w.U32((uint)c.FieldId);
            w.U16(0);                                  // flags: not deferred, no value range
            w.U16(0);                                  // representation index
            w.EndRecord(record);
        }
        w.EndList(list);

        list = w.ListFrame(_aliases.Count);
        foreach (var (physical, field) in _aliases)
        {
            int record = w.RecordFrame();
            w.U32((uint)physical);
            w.U32((uint)field);
            w.EndRecord(record);
        }
        w.EndList(list);

        w.EndList(w.ListFrame(0));                     // extra type information
    }
}
