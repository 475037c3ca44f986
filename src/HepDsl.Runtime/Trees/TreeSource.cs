using System.Numerics;
using System.Text;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Streamed;
using HepDsl.Runtime.Root.Keys;

namespace HepDsl.Runtime.Trees;

/// <summary>
/// A TTree read natively, column by column. One instance per worker thread (readers share its basket loader);
/// open several over one <see cref="RootFile"/> for parallel work.
/// </summary>
/// <remarks>
/// Columns are named after their branches; each leaf of a leaf-list branch (<c>x/I:y/F</c>) becomes its own
/// column <c>branch.leaf</c>. String branches (TLeafC) are read with <see cref="ReadStrings"/>.
/// </remarks>
public sealed class TreeSource : IEventSource, ICountSource, IStringColumns
{
    private readonly RootFile _file;
    private readonly bool _ownsFile;
    private readonly Dictionary<string, ColumnPlan> _plans = new(StringComparer.Ordinal);
    // One reader per column and type, handed out again on each request: sources are pooled across partitions, and
    // readers hold pooled basket buffers, so a new reader per request would pile up buffers.
    private readonly Dictionary<(string Column, Type Type), IDisposable> _readers = [];
    private readonly List<IDisposable> _privateReaders = [];
    private readonly Dictionary<string, Action<long, Span<int>>> _countReaders = [];
    private readonly List<BranchData> _branches;
    private readonly Dictionary<string, object> _dumpReaders = [];
    private readonly DecodedBasket _stringBasket = new();

    internal TreeSource(RootFile file, RootKey key, bool ownsFile)
    {
        _file = file;
        _ownsFile = ownsFile;
        TreeName = key.FullName;
        Record = file.TreeRecordOf(key);
        Entries = Record.Entries;
        var planner = new ColumnPlanner(file.Location, Entries, () => file.StreamerInfos);
        planner.Plan(Record.Branches);
        _branches = planner.Branches;
        var columns = new List<ColumnInfo>();
        foreach (var plan in planner.Plans)
            if (_plans.TryAdd(plan.Info.Name, plan)) columns.Add(plan.Info);
        Columns = columns;
        Branches = planner.Descriptions;
        Clusters = ClusterBuilder.Build(Record, _branches);
        Loader = new BasketLoader(file.Source, this);
    }

    /// <summary>Opens <paramref name="tree"/> in a local file; disposing the source closes the file.</summary>
    public static TreeSource Open(string localPath, string tree)
    {
        var file = RootFile.Open(localPath);
        try
        {
            return new TreeSource(file, file.FindKey(tree, "TTree"), ownsFile: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    internal TreeRecord Record { get; }
    internal BasketLoader Loader { get; }

    public RootFile File => _file;
    public string Location => _file.Location;
    public string TreeName { get; }
    public string Title => Record.Title;
    public long Entries { get; }
    /// <summary>Readable columns only; <see cref="Branches"/> lists every branch, with reasons for the others.</summary>
    public IReadOnlyList<ColumnInfo> Columns { get; }
    public IReadOnlyList<BranchDescription> Branches { get; }
    public IReadOnlyList<EntryRange> Clusters { get; }
    public long BytesRead => Loader.BytesRead;

    /// <summary>The baskets of a column's branch (for inspect and diagnostics).</summary>
    public IReadOnlyList<BasketInfo> Baskets(string column) => Plan(column).Branch.Baskets;

    /// <summary>
    /// The reader of one column; asking again returns the same reader (it only caches its current basket), so a
    /// source reused for many partitions keeps one set of buffers.
    /// </summary>
    public IColumnReader<T> Column<T>(string branch) where T : unmanaged
    {
        var plan = Plan(branch);
        if (plan.Info.Type == ColumnType.String)
            throw new HepDataException($"{Location}: branch '{branch}' of tree '{TreeName}' holds strings; read it with ReadStrings");
        var expected = ColumnTypes.ClrType(plan.Info.Type);
        if (typeof(T) != expected)
            throw new HepDataException($"{Location}: branch '{branch}' of tree '{TreeName}' holds {plan.Info.RootTypeName} ({plan.Info.Type}, read as {expected.Name}), not {typeof(T).Name}");
        lock (_readers)
        {
            if (_readers.TryGetValue((branch, typeof(T)), out var existing)) return (IColumnReader<T>)existing;
            var reader = new ColumnReader<T>(this, plan);
            _readers[(branch, typeof(T))] = reader;
            return reader;
        }
    }

    /// <summary>Reads entries [first, first+count) of a string branch (TLeafC) into <paramref name="into"/> (appended).</summary>
    public void ReadStrings(string branch, long first, int count, List<string> into)
    {
        var plan = Plan(branch);
        if (plan.Layout != EntryLayout.String)
            throw new HepDataException($"{Location}: branch '{branch}' of tree '{TreeName}' holds {plan.Info.RootTypeName}, not strings");
        CheckRange(plan, first, count);
        var basket = _stringBasket;
        long entry = first, end = first + count;
        while (entry < end)
        {
            int index = plan.Branch.BasketOf(entry);
            if (basket.BranchId != plan.Branch.Id || basket.Index != index) Loader.Load(plan, index, basket);
            int from = (int)(entry - basket.FirstEntry);
            int n = (int)(Math.Min(end, basket.EndEntry) - entry);
            for (int j = 0; j < n; j++)
            {
                var bytes = basket.Data[basket.Starts[from + j]..basket.Starts[from + j + 1]];
                into.Add(DecodeString(bytes, plan, basket.Index, entry + j));
            }
            entry += n;
        }
    }

    private string DecodeString(ReadOnlySpan<byte> bytes, ColumnPlan plan, int basket, long entry)
    {
        if (bytes.Length == 0) return "";
        int length = bytes[0], skip = 1;
        if (length == 255)
        {
            if (bytes.Length < 5) throw new HepDataException($"{Location}: branch '{plan.Info.Name}' basket {basket}, entry {entry}: truncated string length");
            length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes[1..]);
            skip = 5;
        }
        if (length < 0 || length > bytes.Length - skip)
            throw new HepDataException($"{Location}: branch '{plan.Info.Name}' basket {basket}, entry {entry}: string of {length} bytes in an entry of {bytes.Length}");
        return Encoding.UTF8.GetString(bytes.Slice(skip, length));
    }

    /// <summary>
    /// Any numeric column as doubles, without knowing its type statically (for dump). Appends the values and
    /// <paramref name="count"/> + 1 entry offsets into the values appended (starting with 0).
    /// </summary>
    public void ReadAsDoubles(string column, long first, int count, List<double> values, List<int> offsets)
    {
        var plan = Plan(column);
        switch (plan.Info.Type)
        {
            case ColumnType.Bool: Convert<bool>(column, first, count, values, offsets, v => v ? 1 : 0); break;
            case ColumnType.Int8: Convert<sbyte>(column, first, count, values, offsets, v => v); break;
            case ColumnType.UInt8: Convert<byte>(column, first, count, values, offsets, v => v); break;
            case ColumnType.Int16: Convert<short>(column, first, count, values, offsets, v => v); break;
            case ColumnType.UInt16: Convert<ushort>(column, first, count, values, offsets, v => v); break;
            case ColumnType.Int32: Convert<int>(column, first, count, values, offsets, v => v); break;
            case ColumnType.UInt32: Convert<uint>(column, first, count, values, offsets, v => v); break;
            case ColumnType.Int64: Convert<long>(column, first, count, values, offsets, v => v); break;
            case ColumnType.UInt64: Convert<ulong>(column, first, count, values, offsets, v => v); break;
            case ColumnType.Float32: Convert<float>(column, first, count, values, offsets, v => v); break;
            case ColumnType.Float64: Convert<double>(column, first, count, values, offsets, v => v); break;
            default: throw new HepDataException($"{Location}: branch '{column}' holds strings; read it with ReadStrings");
        }
    }

    private void Convert<T>(string column, long first, int count, List<double> values, List<int> offsets, Func<T, double> convert) where T : unmanaged
    {
        // One reader and buffer per column, kept so that dumping chunk after chunk reuses the decoded basket.
        if (!_dumpReaders.TryGetValue(column, out var cached))
        {
            cached = (Column<T>(column), new ColumnBuffer<T>());
            _dumpReaders[column] = cached;
        }
        var (reader, buffer) = ((IColumnReader<T>, ColumnBuffer<T>))cached;
        reader.Read(first, count, buffer);
        foreach (var v in buffer.Span) values.Add(convert(v));
        int per = reader.Info.Shape == ColumnShape.Jagged ? 0 : reader.Info.FixedLength;
        for (int i = 0; i <= count; i++) offsets.Add(per > 0 ? i * per : buffer.Offsets[i]);
    }

    public void Prefetch(IReadOnlyList<string> branches, long first, long count)
    {
        if (count <= 0 || !Loader.Batches) return;
        var wanted = new List<(BranchData, BasketInfo)>();
        var seen = new HashSet<int>();
        foreach (var name in branches)
        {
            if (!_plans.TryGetValue(name, out var plan)) continue;
            AddBaskets(plan.Branch, first, first + count, seen, wanted);
            if (plan.Counter is { } c && _plans.TryGetValue(c, out var counter)) AddBaskets(counter.Branch, first, first + count, seen, wanted);
        }
        Loader.Prefetch(wanted, first, count);
    }

    private static void AddBaskets(BranchData branch, long first, long end, HashSet<int> seen, List<(BranchData, BasketInfo)> into)
    {
        if (!seen.Add(branch.Id)) return;
        foreach (var b in branch.Baskets)
            if (b.FirstEntry < end && b.EndEntry > first) into.Add((branch, b));
    }

    void ICountSource.ReadCounts(ColumnPlan plan, long first, Span<int> counts)
    {
        string counter = plan.Counter!;
        Action<long, Span<int>>? read;
        lock (_countReaders) _countReaders.TryGetValue(counter, out read);
        if (read is null)
        {
            var c = Plan(counter);
            read = c.Info.Type switch
            {
                ColumnType.Int32 => Counts<int>(counter),
                ColumnType.UInt32 => Counts<uint>(counter),
                ColumnType.Int16 => Counts<short>(counter),
                ColumnType.UInt16 => Counts<ushort>(counter),
                ColumnType.Int8 => Counts<sbyte>(counter),
                ColumnType.UInt8 => Counts<byte>(counter),
                ColumnType.Int64 => Counts<long>(counter),
                ColumnType.UInt64 => Counts<ulong>(counter),
                _ => throw new HepDataException($"{Location}: counter branch '{counter}' of '{plan.Info.Name}' is not an integer ({c.Info.RootTypeName})"),
            };
            lock (_countReaders)
            {
                if (_countReaders.TryGetValue(counter, out var existing)) read = existing;
                else _countReaders[counter] = read;
            }
        }
        // Baskets of one read may be decoded in parallel: one counter read at a time.
        lock (read) read(first, counts);
    }

    private Action<long, Span<int>> Counts<T>(string counter) where T : unmanaged, INumberBase<T>
    {
        Column<T>(counter); // checks the type
        var reader = new ColumnReader<T>(this, Plan(counter));
        lock (_privateReaders) _privateReaders.Add(reader);
        var buffer = new ColumnBuffer<T>();
        return (first, counts) =>
        {
            reader.Read(first, counts.Length, buffer);
            var values = buffer.Span;
            for (int i = 0; i < counts.Length; i++) counts[i] = int.CreateSaturating(values[i]);
        };
    }

    internal void CheckRange(ColumnPlan plan, long first, int count)
    {
        if (first < 0 || count < 0 || first + count > Entries)
            throw new HepDataException($"{Location}: entries [{first}, {first + count}) of branch '{plan.Info.Name}' are outside the tree's [0, {Entries})");
        if (first + count > plan.Branch.Entries)
            throw new HepDataException($"{Location}: branch '{plan.Info.Name}' has baskets for only {plan.Branch.Entries} of the tree's {Entries} entries");
    }

    private ColumnPlan Plan(string name)
    {
        if (_plans.TryGetValue(name, out var plan)) return plan;
        foreach (var d in Branches)
            if (d.Name == name && d.UnsupportedReason is not null)
                throw new HepDataException($"{Location}: branch '{name}' of tree '{TreeName}' cannot be read: {d.UnsupportedReason}");
        throw new HepDataException($"{Location}: tree '{TreeName}' has no branch '{name}'{HepDsl.Text.NearestNames.Suffix(name, _plans.Keys, "; ", "")}");
    }

    public void Dispose()
    {
        foreach (var r in _readers.Values) r.Dispose();
        foreach (var r in _privateReaders) r.Dispose();
        _readers.Clear();
        _privateReaders.Clear();
        _stringBasket.Dispose();
        if (_ownsFile) _file.Dispose();
    }
}
