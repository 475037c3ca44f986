using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// Maps the field tree onto the event loop's flat columns: leaf fields of numeric types are scalars, fixed-size
/// arrays (and bitsets) fixed arrays, <c>std::vector</c>/<c>RVec</c>/untyped collections jagged, record members
/// flattened to <c>record.member</c> (base classes' members without their <c>:_N</c> name), <c>std::string</c>
/// strings, <c>RNTupleCardinality</c> the collection sizes. Everything else (nested collections, variants,
/// streamer fields, strings inside collections) is described with a reason, refused only when asked for.
/// </summary>
internal sealed class FieldPlanner
{
    private readonly NTupleDescriptor _d;
    private readonly Dictionary<int, List<FieldDescriptor>> _children = [];
    private readonly Dictionary<(int Field, int Position), ColumnSlot?> _slots = [];
    private readonly HashSet<int> _projectionSources = [];

    public FieldPlanner(NTupleDescriptor descriptor)
    {
        _d = descriptor;
        foreach (var f in descriptor.Schema.Fields)
        {
            if (!f.IsTopLevel) (_children.TryGetValue(f.ParentId, out var list) ? list : _children[f.ParentId] = []).Add(f);
            if (f.SourceId is { } s) _projectionSources.Add(TopLevelOf(s));
        }
        foreach (var f in descriptor.Schema.Fields.Where(f => f.IsTopLevel))
        {
            // Untyped collections that projected fields re-present (RNTupleImporter's _collection0 behind nMuon and
            // Muon_pt) are readable by their dotted names but not listed twice.
            bool hidden = f.TypeName.Length == 0 && _projectionSources.Contains(f.Id) && !f.IsProjected;
            Plan(f, f.Name, index: null, multiplicity: 1, depth: 0, hidden, f.TypeName);
        }
    }

    public const string InsideUnsupported = "inside an unsupported field";

    public List<FieldPlan> Plans { get; } = [];
    public List<FieldPlan> Hidden { get; } = [];
    public List<FieldDescription> Descriptions { get; } = [];

    private int TopLevelOf(int id)
    {
        var fields = _d.Schema.Fields;
        for (int guard = 0; guard < fields.Count && !fields[id].IsTopLevel; guard++) id = fields[id].ParentId;
        return id;
    }

    private IReadOnlyList<FieldDescriptor> Children(FieldDescriptor f) => _children.TryGetValue(f.Id, out var c) ? c : [];

    private IEnumerable<ColumnDescriptor> OwnColumns(FieldDescriptor f) =>
        f.IsProjected
            ? _d.Schema.Aliases.Where(a => a.FieldId == f.Id).Select(a => _d.Schema.Columns[a.PhysicalId])
            : _d.Schema.Columns.Where(c => c.FieldId == f.Id);

    private ColumnSlot? Slot(FieldDescriptor f, int position, string path)
    {
        if (_slots.TryGetValue((f.Id, position), out var slot)) return slot;
        List<ColumnDescriptor> representations;
        if (f.IsProjected)
        {
            var aliases = _d.Schema.Aliases.Where(a => a.FieldId == f.Id).ToList();
            representations = position < aliases.Count ? [_d.Schema.Columns[aliases[position].PhysicalId]] : [];
        }
        else
        {
            representations = _d.Schema.Columns.Where(c => c.FieldId == f.Id).GroupBy(c => c.RepresentationIndex)
                .OrderBy(g => g.Key).Select(g => g.OrderBy(c => c.Id).ElementAtOrDefault(position)).OfType<ColumnDescriptor>().ToList();
        }
        slot = representations.Count == 0 ? null : new ColumnSlot(_d, path, representations);
        _slots[(f.Id, position)] = slot;
        return slot;
    }

    private void Describe(FieldDescriptor f, string path, int depth, IReadOnlyList<string> readable, string? reason) =>
        Descriptions.Add(new FieldDescription(path, f.TypeName.Length == 0 ? "(untyped)" : f.TypeName, RoleName(f),
            OwnColumns(f).Select(c => $"#{c.Id} {c.Describe()}{(c.RepresentationIndex > 0 ? $" (representation {c.RepresentationIndex})" : "")}" +
                                      $"{(c.FirstElement != 0 ? $" from element {c.FirstElement}" : "")}{(f.IsProjected ? " (alias)" : "")}").ToList(),
            readable, reason, depth));

    private static string RoleName(FieldDescriptor f) =>
        (f.IsProjected ? "projected " : "") + (f.IsRepetitive ? $"array[{f.ArraySize}] " : "") + f.Role.ToString().ToLowerInvariant();

    /// <param name="name">Column name so far (dotted).</param>
    /// <param name="index">The index slot of the enclosing collection, if any.</param>
    /// <param name="multiplicity">Product of the sizes of enclosing fixed-size arrays.</param>
    /// <param name="outerType">C++ type of the top-level field or member the column is named after.</param>
    private void Plan(FieldDescriptor f, string name, ColumnSlot? index, int multiplicity, int depth, bool hidden, string outerType)
    {
        string type = f.TypeName;
        string? Refuse(string reason)
        {
            Describe(f, name, depth, [], reason);
            foreach (var c in Children(f)) DescribeSubtree(c, $"{name}.{c.Name}", depth + 1);
            return null;
        }
        switch (f.Role)
        {
            case FieldRole.Variant:
                Refuse($"std::variant fields ({type}) are not supported");
                return;
            case FieldRole.Streamer:
                Refuse($"fields stored by the ROOT streamer ({type}) are not supported");
                return;
            case FieldRole.Collection:
            {
                if (index is not null || multiplicity != 1) { Refuse($"a collection inside a collection or an array ({type}) is not supported"); return; }
                var indexSlot = Slot(f, 0, name);
                var items = Children(f);
                if (indexSlot is null || items.Count != 1) { Refuse($"collection {type} without an index column or single item field"); return; }
                Describe(f, name, depth, [], null);
                // The item field (_0) takes the collection's name; a record item's members become name.member.
                Plan(items[0], name, indexSlot, 1, depth + 1, hidden, type.Length == 0 ? "(untyped collection)" : type);
                return;
            }
            case FieldRole.Record:
            {
                if (Children(f).Count == 0) { Refuse($"record {(type.Length == 0 ? "(untyped)" : type)} has no members: it holds no data"); return; }
                Describe(f, name, depth, [], null);
                foreach (var member in Children(f))
                {
                    // Base classes (":_0") contribute their members under the derived record's name; members of a
                    // collection's item record (_0) are named after the collection.
                    string memberName = member.Name.StartsWith(':') ? name : $"{name}.{member.Name}";
                    Plan(member, memberName, index, multiplicity, depth + 1, hidden, member.TypeName);
                }
                return;
            }
        }

        // Leaf fields.
        if (type.StartsWith("ROOT::RNTupleCardinality<", StringComparison.Ordinal))
        {
            if (index is not null || multiplicity != 1) { Refuse("a collection size inside a collection is not supported"); return; }
            var indexSlot = Slot(f, 0, name);
            var valueType = type.Contains("uint64", StringComparison.Ordinal) ? ColumnType.UInt64 : ColumnType.UInt32;
            if (indexSlot is null) { Refuse($"{type} without a column"); return; }
            Emit(f, name, new FieldPlan(new ColumnInfo(name, valueType, ColumnShape.Scalar, 1, null, type), PlanKind.Cardinality, indexSlot, null, 1), depth, hidden);
            return;
        }
        if (type == "std::string")
        {
            if (index is not null || multiplicity != 1) { Refuse("strings inside collections or arrays are not supported"); return; }
            var offsets = Slot(f, 0, name);
            var chars = Slot(f, 1, name);
            if (offsets is null || chars is null) { Refuse("std::string without its two columns"); return; }
            Emit(f, name, new FieldPlan(new ColumnInfo(name, ColumnType.String, ColumnShape.Scalar, 1, null, type), PlanKind.String, offsets, chars, 1), depth, hidden);
            return;
        }
        bool hasColumns = OwnColumns(f).Any();
        if (f.IsRepetitive && !hasColumns)
        {
            // std::array<T,N> / T[N]: the item field _0 repeats N times per entry.
            var items = Children(f);
            if (index is not null) { Refuse($"a fixed-size array inside a collection ({type}) is not supported"); return; }
            if (items.Count != 1 || f.ArraySize == 0 || f.ArraySize > 1 << 20) { Refuse($"array {type} of size {f.ArraySize} with {items.Count} item fields"); return; }
            Describe(f, name, depth, [], null);
            Plan(items[0], name, null, checked(multiplicity * (int)f.ArraySize), depth + 1, hidden, type);
            return;
        }
        if (!hasColumns)
        {
            // std::atomic<T> and enums: one item field _0 holds the value.
            var items = Children(f);
            if (items.Count == 1) { Describe(f, name, depth, [], null); Plan(items[0], name, index, multiplicity, depth + 1, hidden, type); return; }
            Refuse(items.Count == 0 ? $"{(type.Length == 0 ? "an empty field" : type)} holds no data" : $"leaf field {type} with {items.Count} subfields");
            return;
        }
        var valueSlot = Slot(f, 0, name);
        if (ValueType(type) is not { } columnType) { Refuse($"fields of C++ type {type} are not supported"); return; }
        int repeat = multiplicity;
        if (f.IsRepetitive)
        {
            // std::bitset<N>: a repetitive leaf with N bits per entry.
            if (index is not null) { Refuse($"{type} inside a collection is not supported"); return; }
            repeat = checked(repeat * (int)f.ArraySize);
            outerType = type;
        }
        ColumnInfo info;
        if (index is not null)
            info = new ColumnInfo(name, columnType, ColumnShape.Jagged, 0, CounterOf(index), outerType);
        else if (repeat > 1)
            info = new ColumnInfo(name, columnType, ColumnShape.FixedArray, repeat, null, outerType);
        else
            info = new ColumnInfo(name, columnType, ColumnShape.Scalar, 1, null, outerType);
        Emit(f, name, new FieldPlan(info, index is null ? PlanKind.Values : PlanKind.Collection, index, valueSlot, repeat), depth, hidden);
    }

    private void Emit(FieldDescriptor f, string name, FieldPlan plan, int depth, bool hidden)
    {
        Describe(f, name, depth, [name], null);
        (hidden ? Hidden : Plans).Add(plan);
    }

    private void DescribeSubtree(FieldDescriptor f, string path, int depth)
    {
        Describe(f, path, depth, [], InsideUnsupported);
        foreach (var c in Children(f)) DescribeSubtree(c, $"{path}.{c.Name}", depth + 1);
    }

    /// <summary>The top-level cardinality field counting the collection whose index slot is <paramref name="index"/>, if any.</summary>
    private string? CounterOf(ColumnSlot index)
    {
        var physical = index.Representations.Select(c => c.Id).ToHashSet();
        foreach (var f in _d.Schema.Fields)
        {
            if (!f.IsTopLevel || !f.TypeName.StartsWith("ROOT::RNTupleCardinality<", StringComparison.Ordinal)) continue;
            if (OwnColumns(f).Any(c => physical.Contains(c.Id))) return f.Name;
        }
        return null;
    }

    /// <summary>The value type of a leaf field's normalized C++ type name.</summary>
    internal static ColumnType? ValueType(string cpp) => cpp switch
    {
        "bool" => ColumnType.Bool,
        "char" or "std::int8_t" or "signed char" => ColumnType.Int8,
        "std::uint8_t" or "unsigned char" or "std::byte" => ColumnType.UInt8,
        "std::int16_t" or "short" => ColumnType.Int16,
        "std::uint16_t" or "unsigned short" => ColumnType.UInt16,
        "std::int32_t" or "int" => ColumnType.Int32,
        "std::uint32_t" or "unsigned int" => ColumnType.UInt32,
        "std::int64_t" or "long" or "long long" => ColumnType.Int64,
        "std::uint64_t" or "unsigned long" or "unsigned long long" => ColumnType.UInt64,
        "float" => ColumnType.Float32,
        "double" or "Double32_t" => ColumnType.Float64,
        _ when cpp.StartsWith("std::bitset<", StringComparison.Ordinal) => ColumnType.Bool,
        _ => null,
    };
}
