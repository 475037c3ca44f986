namespace HepDsl.Runtime.Analysis.Generated;

/// <summary>
/// The objects of one collection that pass a selection in the current event, as indices into its columns.
/// Owned by an event processor and cleared per event: the array grows to the largest multiplicity seen and is
/// then reused, so selections allocate nothing per event.
/// </summary>
public sealed class IndexList
{
    private int[] _items;

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
}
