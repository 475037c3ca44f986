using HepDsl.Runtime.Columns;
using HepDsl.Runtime;

namespace HepDsl.Generator.Tests.Support;

/// <summary>
/// An event source over arrays, for tests that need many synthetic events (allocation checks) without a file.
/// Jagged columns are given as one array per entry; clusters cut the entries into fixed-size blocks.
/// </summary>
internal sealed class InMemoryEventSource(long entries, int clusterSize = 1000) : IEventSource
{
    private readonly Dictionary<string, object> _columns = [];
    private readonly List<ColumnInfo> _infos = [];

    public string Location => "memory";
    public string TreeName => "Events";
    public long Entries => entries;
    public IReadOnlyList<ColumnInfo> Columns => _infos;
    public long BytesRead => 0;

    public IReadOnlyList<EntryRange> Clusters
    {
        get
        {
            var list = new List<EntryRange>();
            for (long f = 0; f < entries; f += clusterSize) list.Add(new EntryRange(f, Math.Min(clusterSize, entries - f)));
            return list;
        }
    }

    public InMemoryEventSource Scalar<T>(string name, ColumnType type, Func<long, T> value) where T : unmanaged
    {
        var values = new T[entries];
        for (long i = 0; i < entries; i++) values[i] = value(i);
        _columns[name] = new ScalarReader<T>(new ColumnInfo(name, type, ColumnShape.Scalar, 1, null, type.ToString()), values);
        _infos.Add(((IColumnReader<T>)_columns[name]).Info);
        return this;
    }

    public InMemoryEventSource Jagged<T>(string name, ColumnType type, Func<long, T[]> value) where T : unmanaged
    {
        var values = new T[entries][];
        for (long i = 0; i < entries; i++) values[i] = value(i);
        _columns[name] = new JaggedReader<T>(new ColumnInfo(name, type, ColumnShape.Jagged, 0, null, type.ToString()), values);
        _infos.Add(((IColumnReader<T>)_columns[name]).Info);
        return this;
    }

    public IColumnReader<T> Column<T>(string branch) where T : unmanaged =>
        _columns.TryGetValue(branch, out var reader) && reader is IColumnReader<T> typed
            ? typed
            : throw new HepDataException($"memory: no branch '{branch}' of type {typeof(T).Name}");

    public void Prefetch(IReadOnlyList<string> branches, long first, long count) { }

    public void Dispose() { }

    private sealed class ScalarReader<T>(ColumnInfo info, T[] values) : IColumnReader<T> where T : unmanaged
    {
        public ColumnInfo Info => info;

        public void Read(long first, int count, ColumnBuffer<T> into)
        {
            into.EnsureValues(count);
            values.AsSpan((int)first, count).CopyTo(into.Values);
            into.Entries = count;
            into.Count = count;
        }
    }

    private sealed class JaggedReader<T>(ColumnInfo info, T[][] values) : IColumnReader<T> where T : unmanaged
    {
        public ColumnInfo Info => info;

        public void Read(long first, int count, ColumnBuffer<T> into)
        {
            into.EnsureOffsets(count);
            var total = 0;
            for (var i = 0; i < count; i++) total += values[first + i].Length;
            into.EnsureValues(total);
            var at = 0;
            into.Offsets[0] = 0;
            for (var i = 0; i < count; i++)
            {
                var v = values[first + i];
                v.CopyTo(into.Values, at);
                at += v.Length;
                into.Offsets[i + 1] = at;
            }
            into.Entries = count;
            into.Count = total;
        }
    }
}
