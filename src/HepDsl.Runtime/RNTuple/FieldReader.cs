using System.Runtime.InteropServices;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.RNTuple;

/// <summary>Reads one column of an RNTuple (a leaf, a fixed array, a collection's values or a collection size) into a reusable buffer.</summary>
internal sealed class FieldReader<T> : IColumnReader<T> where T : unmanaged
{
    private readonly NTupleSource _source;
    private readonly FieldPlan _plan;
    private readonly SlotReader<T>? _values;
    private readonly CollectionWalker? _walker;

    public FieldReader(NTupleSource source, FieldPlan plan, PageLoader loader)
    {
        _source = source;
        _plan = plan;
        if (plan.Values is not null) _values = new SlotReader<T>(plan.Values, loader);
        if (plan.Index is not null) _walker = new CollectionWalker(source, plan, loader);
    }

    public ColumnInfo Info => _plan.Info;

    public void Read(long first, int count, ColumnBuffer<T> into)
    {
        _source.CheckRange(_plan, first, count);
        into.Entries = count;
        switch (_plan.Kind)
        {
            case PlanKind.Values:
            {
                int n = checked(count * _plan.Multiplicity);
                into.EnsureValues(n);
                _values!.Read(first * _plan.Multiplicity, into.Values.AsSpan(0, n));
                into.Count = n;
                break;
            }
            case PlanKind.Collection:
                _walker!.Read(first, count, into, _values!);
                break;
            case PlanKind.Cardinality:
            {
                into.EnsureValues(count);
                var sizes = _walker!.Sizes(first, count);
                ElementConverter.Convert(ElementType.Int64, MemoryMarshal.AsBytes(sizes), into.Values.AsSpan(0, count));
                into.Count = count;
                break;
            }
            default:
                throw new HepDataException($"{_source.Location}: field '{_plan.Info.Name}' holds strings; read it with ReadStrings");
        }
    }
}

/// <summary>
/// Turns a collection's index column (cluster-relative end offsets) into per-entry element ranges of its item
/// column, cluster by cluster: the item elements of cluster c start at the item column's element offset in c.
/// </summary>
internal sealed class CollectionWalker(NTupleSource source, FieldPlan plan, PageLoader loader)
{
    private readonly SlotReader<long> _index = new(plan.Index!, loader);
    private long[] _ends = [];
    private long[] _sizes = [];

    /// <summary>Reads the index entries of [a, b) inside cluster <paramref name="ci"/>; returns the offset before a.</summary>
    private long Ends(int ci, long a, long b)
    {
        var cluster = source.Descriptor.Clusters[ci];
        int n = (int)(b - a);
        if (_ends.Length < n + 1) _ends = new long[Math.Max(n + 1, _ends.Length * 2)];
        long start;
        if (a == cluster.FirstEntry)
        {
            _index.Read(a, _ends.AsSpan(0, n));
            start = 0;
        }
        else
        {
            _index.Read(a - 1, _ends.AsSpan(0, n + 1));
            start = _ends[0];
            Array.Copy(_ends, 1, _ends, 0, n);
        }
        long previous = start;
        for (int i = 0; i < n; i++)
        {
            if (_ends[i] < previous || _ends[i] < 0)
                throw new HepDataException($"{source.Location}: RNTuple '{source.TreeName}' field '{plan.Info.Name}', cluster {cluster.Id}: the collection's offsets " +
                    $"decrease at entry {a + i} ({previous} then {_ends[i]}); the index column is corrupt");
            previous = _ends[i];
        }
        return start;
    }

    public void Read<T>(long first, int count, ColumnBuffer<T> into, SlotReader<T> values) where T : unmanaged
    {
        into.EnsureOffsets(count);
        into.Offsets[0] = 0;
        int total = 0, k = 0;
        long entry = first, end = first + count;
        while (entry < end)
        {
            int ci = source.Descriptor.ClusterOf(entry);
            var cluster = source.Descriptor.Clusters[ci];
            long b = Math.Min(end, cluster.EndEntry);
            int n = (int)(b - entry);
            long start = Ends(ci, entry, b);
            long last = n > 0 ? _ends[n - 1] : start;
            long baseElement = values.Slot.ClusterOffsets[ci];
            long available = values.Slot.ClusterElements[ci];
            if (last > available && last > 0)
                throw new HepDataException($"{source.Location}: RNTuple '{source.TreeName}' field '{plan.Info.Name}', cluster {cluster.Id}: the collection's offsets reach " +
                    $"element {last}, but the cluster holds {available} item elements; the index column is corrupt");
            long items = last - start;
            if (total + items > int.MaxValue) throw new HepDataException($"{source.Location}: field '{plan.Info.Name}': more than 2^31 values in one read");
            into.EnsureValues(total + (int)items);
            for (int i = 0; i < n; i++) into.Offsets[++k] = total + (int)(_ends[i] - start);
            if (items > 0) values.Read(baseElement + start, into.Values.AsSpan(total, (int)items));
            total += (int)items;
            entry = b;
        }
        into.Count = total;
    }

    /// <summary>Collection sizes of entries [first, first+count).</summary>
    public Span<long> Sizes(long first, int count)
    {
        if (_sizes.Length < count) _sizes = new long[Math.Max(count, _sizes.Length * 2)];
        long entry = first, end = first + count;
        int k = 0;
        while (entry < end)
        {
            int ci = source.Descriptor.ClusterOf(entry);
            long b = Math.Min(end, source.Descriptor.Clusters[ci].EndEntry);
            int n = (int)(b - entry);
            long previous = Ends(ci, entry, b);
            for (int i = 0; i < n; i++)
            {
                _sizes[k++] = _ends[i] - previous;
                previous = _ends[i];
            }
            entry = b;
        }
        return _sizes.AsSpan(0, count);
    }
}
