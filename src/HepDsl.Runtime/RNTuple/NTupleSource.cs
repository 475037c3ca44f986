using System.Runtime.CompilerServices;
using System.Text;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Keys;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// An RNTuple read column by column, as an <see cref="IEventSource"/>: the event loop sees the same flat columns
/// (scalars, fixed arrays, jagged) as for a TTree. One instance per worker thread; open several over one
/// <see cref="RootFile"/> for parallel work (the envelopes are read once per file).
/// </summary>
public sealed class NTupleSource : IEventSource, IStringColumns
{
    private static readonly ConditionalWeakTable<RootFile, Dictionary<RootKey, Lazy<Layout>>> Layouts = new();

    private readonly RootFile _file;
    private readonly bool _ownsFile;
    private readonly Layout _layout;
    private readonly PageLoader _loader;
    private readonly Dictionary<(string Column, Type Type), object> _readers = [];
    /// <summary>Per string field, its readers and buffer, kept so that the decoded pages (pooled) are reused across calls.</summary>
    private readonly Dictionary<string, (CollectionWalker Walker, SlotReader<byte> Chars, ColumnBuffer<byte> Bytes)> _strings = [];

    /// <summary>The descriptor and the column plans of one RNTuple: shared by every source opened on the file.</summary>
    private sealed class Layout
    {
        public Layout(NTupleDescriptor descriptor)
        {
            Descriptor = descriptor;
            var planner = new FieldPlanner(descriptor);
            foreach (var p in planner.Plans) Plans.TryAdd(p.Info.Name, p);
            Columns = planner.Plans.Select(p => p.Info).DistinctBy(c => c.Name).ToList();
            foreach (var p in planner.Hidden) Plans.TryAdd(p.Info.Name, p);
            Fields = planner.Descriptions;
            Clusters = descriptor.Clusters.Select(c => new EntryRange(c.FirstEntry, c.Entries)).ToList();
        }

        public NTupleDescriptor Descriptor { get; }
        public Dictionary<string, FieldPlan> Plans { get; } = new(StringComparer.Ordinal);
        public IReadOnlyList<ColumnInfo> Columns { get; }
        public IReadOnlyList<FieldDescription> Fields { get; }
        public IReadOnlyList<EntryRange> Clusters { get; }
    }

    internal NTupleSource(RootFile file, RootKey key, bool ownsFile)
    {
        _file = file;
        _ownsFile = ownsFile;
        var cache = Layouts.GetValue(file, _ => []);
        Lazy<Layout> lazy;
        lock (cache)
        {
            if (!cache.TryGetValue(key, out lazy!)) cache[key] = lazy = new Lazy<Layout>(() => new Layout(NTupleDescriptor.Read(file, key)));
        }
        _layout = lazy.Value;
        _loader = new PageLoader(Descriptor, file.Source);
    }

    /// <summary>Opens the RNTuple <paramref name="name"/> of an opened file (which stays the caller's).</summary>
    public static NTupleSource Open(RootFile file, string name) => new(file, FindKey(file, name), ownsFile: false);

    /// <summary>Opens an RNTuple in a local file; disposing the source closes the file.</summary>
    public static NTupleSource Open(string localPath, string name)
    {
        var file = RootFile.Open(localPath);
        try
        {
            return new NTupleSource(file, FindKey(file, name), ownsFile: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The RNTuple anchor key named <paramref name="name"/>, or an error saying what the name is instead.</summary>
    public static RootKey FindKey(RootFile file, string name)
    {
        var key = file.FindKey(name, "RNTuple");
        if (!key.IsRNTuple) throw new HepDataException($"{file.Location}: '{key.FullName}' is a {key.ClassName}, not an RNTuple");
        return key;
    }

    public NTupleDescriptor Descriptor => _layout.Descriptor;
    public RootFile File => _file;
    public string Location => _file.Location;
    public string TreeName => Descriptor.Name;
    public long Entries => Descriptor.Entries;
    public IReadOnlyList<ColumnInfo> Columns => _layout.Columns;
    /// <summary>Every field of the schema (for inspect), with the columns it yields or why it cannot be read.</summary>
    public IReadOnlyList<FieldDescription> Fields => _layout.Fields;
    public IReadOnlyList<EntryRange> Clusters => _layout.Clusters;
    public long BytesRead => _loader.BytesRead;

    /// <summary>Fields that cannot be read, with the reason (for schema): the outermost refused field of each subtree.</summary>
    public IEnumerable<(string Name, string Reason)> Unreadable =>
        Fields.Where(f => f.UnsupportedReason is not null && f.UnsupportedReason != FieldPlanner.InsideUnsupported).Select(f => (f.Path, f.UnsupportedReason!));

    private FieldPlan Plan(string column)
    {
        if (_layout.Plans.TryGetValue(column, out var plan)) return plan;
        var field = Fields.FirstOrDefault(f => f.Path == column);
        if (field is { UnsupportedReason: { } reason })
            throw new HepDataException($"{Location}: RNTuple '{TreeName}' field '{column}' ({field.TypeName}) cannot be read: {reason}");
        var refused = Fields.FirstOrDefault(f => (f.Path == column || f.Path.StartsWith(column + ".", StringComparison.Ordinal))
                                                 && f.UnsupportedReason is not null && f.UnsupportedReason != FieldPlanner.InsideUnsupported);
        if (field is not null && refused is not null && !Columns.Any(c => c.Name.StartsWith(column + ".", StringComparison.Ordinal)))
            throw new HepDataException($"{Location}: RNTuple '{TreeName}' field '{column}' ({field.TypeName}) cannot be read: {refused.Path} ({refused.TypeName}): {refused.UnsupportedReason}");
        if (field is not null)
            throw new HepDataException($"{Location}: RNTuple '{TreeName}' field '{column}' ({field.TypeName}) is not a column; read its members: " +
                string.Join(", ", Columns.Select(c => c.Name).Where(n => n.StartsWith(column + ".", StringComparison.Ordinal))));
        throw new HepDataException($"{Location}: RNTuple '{TreeName}' has no field '{column}'{HepDsl.Text.NearestNames.Suffix(column, Columns.Select(c => c.Name), "; ", "")}");
    }

    /// <summary>The physical column IDs (every representation) that a readable column reads.</summary>
    public IReadOnlyList<int> PhysicalColumns(string column)
    {
        var plan = Plan(column);
        return new[] { plan.Index, plan.Values }.OfType<ColumnSlot>().SelectMany(s => s.Representations.Select(c => c.Id)).Distinct().Order().ToList();
    }

    public IColumnReader<T> Column<T>(string branch) where T : unmanaged
    {
        var plan = Plan(branch);
        if (plan.Info.Type == ColumnType.String)
            throw new HepDataException($"{Location}: field '{branch}' of RNTuple '{TreeName}' holds strings; read it with ReadStrings");
        var expected = ColumnTypes.ClrType(plan.Info.Type);
        if (typeof(T) != expected)
            throw new HepDataException($"{Location}: field '{branch}' of RNTuple '{TreeName}' holds {plan.Info.RootTypeName} ({plan.Info.Type}, read as {expected.Name}), not {typeof(T).Name}");
        if (_readers.TryGetValue((branch, typeof(T)), out var existing)) return (IColumnReader<T>)existing;
        var reader = new FieldReader<T>(this, plan, _loader);
        _readers[(branch, typeof(T))] = reader;
        return reader;
    }

    /// <summary>Reads entries [first, first+count) of a <c>std::string</c> field into <paramref name="into"/> (appended).</summary>
    public void ReadStrings(string branch, long first, int count, List<string> into)
    {
        var plan = Plan(branch);
        if (plan.Kind != PlanKind.String)
            throw new HepDataException($"{Location}: field '{branch}' of RNTuple '{TreeName}' holds {plan.Info.RootTypeName}, not strings");
        CheckRange(plan, first, count);
        if (!_strings.TryGetValue(branch, out var reader))
            _strings[branch] = reader = (new CollectionWalker(this, plan, _loader), new SlotReader<byte>(plan.Values!, _loader), new ColumnBuffer<byte>());
        var (walker, chars, bytes) = reader;
        walker.Read(first, count, bytes, chars);
        for (int i = 0; i < count; i++) into.Add(Encoding.UTF8.GetString(bytes.Entry(i)));
    }

    public void Prefetch(IReadOnlyList<string> branches, long first, long count)
    {
        if (count <= 0 || !_loader.Remote) return;
        int c0 = Descriptor.ClusterOf(first), c1 = Descriptor.ClusterOf(Math.Min(Entries, first + count) - 1);
        if (c0 < 0 || c1 < 0) return;
        var pages = new Dictionary<ulong, PageInfo>();
        foreach (var name in branches)
        {
            if (!_layout.Plans.TryGetValue(name, out var plan)) continue;
            foreach (var slot in new[] { plan.Index, plan.Values })
                if (slot is not null)
                    foreach (var p in slot.Pages)
                        if (p.Cluster >= c0 && p.Cluster <= c1) pages.TryAdd(p.Page.Locator.Offset, p.Page);
        }
        _loader.Prefetch(pages.Values);
    }

    internal void CheckRange(FieldPlan plan, long first, int count)
    {
        if (first < 0 || count < 0 || first + count > Entries)
            throw new HepDataException($"{Location}: entries [{first}, {first + count}) of field '{plan.Info.Name}' are outside the RNTuple's [0, {Entries})");
    }

    public void Dispose()
    {
        _loader.Dispose();
        if (_ownsFile) _file.Dispose();
    }
}
