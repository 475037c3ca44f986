namespace HepDsl.Runtime.Analysis.Generated;

/// <summary>
/// The objects of one collection that pass a selection in the current event, as indices into its columns.
/// Owned by an event processor and cleared per event: the array grows to the largest multiplicity seen and is
/// then reused, so selections allocate nothing per event.
/// </summary>
public sealed class IndexList
{
    private int[] _items;
    private double[] _keys = [];

    public IndexList(int capacity = 16) => _items = new int[Math.Max(1, capacity)];

    public int Count { get; private set; }

    /// <summary>The i-th selected index (0 ≤ i &lt; Count).</summary>
    public int this[int i] => _items[i];

    public ReadOnlySpan<int> Span => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(int index)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = index;
    }

    /// <summary>Whether <paramref name="index"/> is among the selected (linear: lists hold a handful of objects).</summary>
    public bool Contains(int index)
    {
        for (var i = 0; i < Count; i++)
            if (_items[i] == index) return true;
        return false;
    }

    /// <summary>Adds an index with its sort key (for <see cref="SortByKey"/>).</summary>
    public void Add(int index, double key)
    {
        if (_keys.Length < _items.Length) Array.Resize(ref _keys, _items.Length);
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
            Array.Resize(ref _keys, _items.Length);
        }
        _keys[Count] = key;
        _items[Count++] = index;
    }

    /// <summary>
    /// Stable sort by the keys given to <see cref="Add(int, double)"/>. Insertion sort: per-event lists hold a
    /// handful of objects, and it allocates nothing.
    /// </summary>
    public void SortByKey(bool descending)
    {
        for (var i = 1; i < Count; i++)
        {
            var item = _items[i];
            var key = _keys[i];
            var j = i - 1;
            while (j >= 0 && (descending ? _keys[j] < key : _keys[j] > key))
            {
                _items[j + 1] = _items[j];
                _keys[j + 1] = _keys[j];
                j--;
            }
            _items[j + 1] = item;
            _keys[j + 1] = key;
        }
    }
}
