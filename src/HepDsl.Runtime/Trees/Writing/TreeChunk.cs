using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Trees.Writing;

/// <summary>
/// The values of every branch for a run of entries, column by column: what <see cref="TreeWriter.WriteCluster"/>
/// writes as one cluster. Scalars take one value per entry; jagged branches take their values flattened (entry after
/// entry, as many per entry as the counter branch says), or one array per entry.
/// </summary>
public sealed class TreeChunk(int entries)
{
    private readonly Dictionary<string, Array> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _lengths = new(StringComparer.Ordinal);

    public int Entries { get; } = entries >= 0 ? entries : throw new ArgumentOutOfRangeException(nameof(entries), entries, "entry count must not be negative");

    /// <summary>A scalar branch's values (one per entry) or a jagged branch's values, flattened.</summary>
    public TreeChunk Set<T>(string branch, T[] values) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        _values[branch] = values;
        _lengths.Remove(branch);
        return this;
    }

    /// <summary>Like <see cref="Set{T}"/> for values whose element type is known only at run time (checked when written).</summary>
    public TreeChunk Set(string branch, Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Rank != 1 || values.GetType().GetElementType() is not { IsPrimitive: true })
            throw new ArgumentException($"branch '{branch}': values must be a one-dimensional array of a basic type, not {values.GetType().Name}");
        _values[branch] = values;
        _lengths.Remove(branch);
        return this;
    }

    /// <summary>A jagged branch's values, one array per entry (each must match the counter branch's value).</summary>
    public TreeChunk SetJagged<T>(string branch, IReadOnlyList<T[]> perEntry) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(perEntry);
        var lengths = new int[perEntry.Count];
        int total = 0;
        for (int i = 0; i < perEntry.Count; i++) total = checked(total + (lengths[i] = perEntry[i].Length));
        var flat = new T[total];
        int at = 0;
        foreach (var entry in perEntry)
        {
            entry.CopyTo(flat, at);
            at += entry.Length;
        }
        _values[branch] = flat;
        _lengths[branch] = lengths;
        return this;
    }

    internal Array? Values(string branch) => _values.GetValueOrDefault(branch);
    /// <summary>Per-entry lengths when the branch was given one array per entry.</summary>
    internal int[]? Lengths(string branch) => _lengths.GetValueOrDefault(branch);
    internal IEnumerable<string> Names => _values.Keys;

    internal static Type ClrType(ColumnType type) => ColumnTypes.ClrType(type);
}
