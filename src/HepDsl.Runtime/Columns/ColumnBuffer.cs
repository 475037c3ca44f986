namespace HepDsl.Runtime.Columns;

/// <summary>
/// A reusable buffer for one branch over a range of entries. Readers grow the arrays when needed and
/// never shrink them, so an event loop that reads chunk after chunk allocates only while warming up.
/// </summary>
/// <remarks>
/// For a range of <see cref="Entries"/> entries: scalars fill <c>Values[0..Entries)</c>; fixed arrays of length L
/// fill <c>Values[0..Entries*L)</c>; jagged branches fill <c>Offsets[0..Entries]</c> (Offsets[0] == 0) and
/// entry i owns <c>Values[Offsets[i]..Offsets[i+1])</c>.
/// </remarks>
public sealed class ColumnBuffer<T> where T : unmanaged
{
    public T[] Values = [];
    public int[] Offsets = [];
    /// <summary>Entries currently held.</summary>
    public int Entries;
    /// <summary>Values currently held (all entries together).</summary>
    public int Count;

    public ReadOnlySpan<T> Span => Values.AsSpan(0, Count);

    /// <summary>Values of entry <paramref name="entry"/> of a jagged column.</summary>
    public ReadOnlySpan<T> Entry(int entry) => Values.AsSpan(Offsets[entry], Offsets[entry + 1] - Offsets[entry]);

    public void EnsureValues(int count)
    {
        if (Values.Length < count) Array.Resize(ref Values, Math.Max(count, Values.Length * 2));
    }

    public void EnsureOffsets(int entries)
    {
        if (Offsets.Length < entries + 1) Array.Resize(ref Offsets, Math.Max(entries + 1, Offsets.Length * 2));
    }
}
