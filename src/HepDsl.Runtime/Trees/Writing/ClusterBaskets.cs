using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Trees.Writing;

/// <summary>One basket ready to compress: its branch, entries, and uncompressed payload (data, then entry offsets).</summary>
internal sealed class PendingBasket
{
    public required BranchState Branch { get; init; }
    public required long FirstEntry { get; init; }
    public required int Entries { get; init; }
    public required byte[] Payload { get; init; }
    /// <summary>Bytes of entry data before the entry-offset table (fLast - fKeylen).</summary>
    public required int DataLength { get; init; }
    /// <summary>ROOT's fNevBufSize: bytes per entry for fixed-size entries, the entry-offset capacity otherwise.</summary>
    public required int NevBufSize { get; init; }
    /// <summary>The bytes stored after the key: compressed blocks, or the payload itself.</summary>
    public byte[]? Stored { get; set; }
}

/// <summary>
/// Checks a chunk against the tree's branches and cuts every branch's values into baskets of about the target size
/// (ROOT's fBasketSize), all starting at the chunk's first entry so the chunk is one cluster.
/// </summary>
internal static class ClusterBaskets
{
    public static List<PendingBasket> Build(TreeChunk chunk, IReadOnlyList<BranchState> branches, long firstEntry, int basketSize)
    {
        var unknown = chunk.Names.FirstOrDefault(n => branches.All(b => b.Name != n));
        if (unknown is not null) throw new ArgumentException($"the chunk has values for '{unknown}', which is not a branch of tree '{branches[0].TreeName}'");
        var counts = new Dictionary<BranchState, int[]>();
        var baskets = new List<PendingBasket>();
        foreach (var branch in branches)
        {
            var values = chunk.Values(branch.Name)
                ?? throw new ArgumentException($"branch '{branch.Name}': no values for entries {firstEntry} to {firstEntry + chunk.Entries - 1}");
            var expectedType = ColumnTypes.ClrType(branch.Type);
            if (values.GetType().GetElementType() != expectedType)
                throw new ArgumentException($"branch '{branch.Name}' is {branch.Type}: its values must be {expectedType.Name}[], not {values.GetType().Name}");
            if (branch.IsCounter) counts[branch] = Counts(branch, values, chunk.Entries, firstEntry);
            if (branch.Counter is { } counter)
            {
                var perEntry = counts[counter];
                CheckJaggedLength(branch, counter, perEntry, values.Length, chunk.Lengths(branch.Name), firstEntry);
                SplitJagged(branch, values, perEntry, firstEntry, basketSize, baskets);
            }
            else
            {
                if (values.Length != chunk.Entries)
                    throw new ArgumentException($"branch '{branch.Name}': {values.Length} values for {chunk.Entries} entries (entries {firstEntry} to {firstEntry + chunk.Entries - 1})");
                SplitFixed(branch, values, chunk.Entries, firstEntry, basketSize, baskets);
            }
        }
        return baskets;
    }

    /// <summary>A counter's values as ints; a negative count is refused, naming branch and entry.</summary>
    private static int[] Counts(BranchState branch, Array values, int entries, long firstEntry)
    {
        if (values.Length != entries)
            throw new ArgumentException($"branch '{branch.Name}': {values.Length} values for {entries} entries (entries {firstEntry} to {firstEntry + entries - 1})");
        var counts = new int[entries];
        for (int i = 0; i < entries; i++)
        {
            long c = CountAt(values, i);
            if (c < 0) throw new ArgumentException($"counter branch '{branch.Name}' is negative ({c}) at entry {firstEntry + i}");
            counts[i] = (int)c;
            if (c > branch.Maximum) branch.Maximum = c;
        }
        return counts;
    }

    // By element type: the CLR lets an int[] pass as a uint[] (and so on) in type patterns.
    private static long CountAt(Array values, int i) => Type.GetTypeCode(values.GetType().GetElementType()) switch
    {
        TypeCode.Int32 => ((int[])values)[i],
        TypeCode.UInt32 => ((uint[])values)[i],
        TypeCode.Int16 => ((short[])values)[i],
        TypeCode.UInt16 => ((ushort[])values)[i],
        TypeCode.SByte => ((sbyte[])values)[i],
        TypeCode.Byte => ((byte[])values)[i],
        _ => throw new NotSupportedException($"a counter cannot hold {values.GetType().Name} values"),
    };

    private static void CheckJaggedLength(BranchState branch, BranchState counter, int[] counts, int valueCount, int[]? lengths, long firstEntry)
    {
        if (lengths is not null)
        {
            if (lengths.Length != counts.Length)
                throw new ArgumentException($"branch '{branch.Name}': {lengths.Length} entries given, the chunk has {counts.Length}");
            for (int i = 0; i < counts.Length; i++)
                if (lengths[i] != counts[i])
                    throw new ArgumentException($"branch '{branch.Name}' entry {firstEntry + i}: {lengths[i]} values, but counter '{counter.Name}' says {counts[i]}");
            return;
        }
        long needed = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            needed += counts[i];
            if (needed > valueCount)
                throw new ArgumentException($"branch '{branch.Name}' entry {firstEntry + i}: counter '{counter.Name}' asks for {needed} values up to this entry, only {valueCount} were given");
        }
        if (needed != valueCount)
            throw new ArgumentException($"branch '{branch.Name}': {valueCount} values given, but counter '{counter.Name}' sums to {needed} over entries {firstEntry} to {firstEntry + counts.Length - 1}");
    }

    private static void SplitFixed(BranchState branch, Array values, int entries, long firstEntry, int basketSize, List<PendingBasket> baskets)
    {
        int size = branch.ValueSize;
        int perBasket = Math.Max(1, basketSize / size);
        for (int start = 0; start < entries; start += perBasket)
        {
            int n = Math.Min(perBasket, entries - start);
            var payload = new byte[n * size];
            BigEndianEncoder.Write(values, start, n, payload);
            baskets.Add(new PendingBasket { Branch = branch, FirstEntry = firstEntry + start, Entries = n, Payload = payload, DataLength = payload.Length, NevBufSize = size });
        }
    }

    private static void SplitJagged(BranchState branch, Array values, int[] counts, long firstEntry, int basketSize, List<PendingBasket> baskets)
    {
        int size = branch.ValueSize;
        int entry = 0, value = 0;
        while (entry < counts.Length)
        {
            // Entries until the data and its offset table reach the target size (at least one entry).
            int first = entry, firstValue = value;
            long bytes = 0;
            do
            {
                bytes += (long)counts[entry] * size + 4;
                value += counts[entry];
                entry++;
            } while (entry < counts.Length && bytes < basketSize);
            baskets.Add(JaggedBasket(branch, values, counts, first, entry - first, firstValue, value - firstValue, firstEntry));
        }
    }

    /// <summary>Data, then ROOT's entry-offset table: n + 1, the n entry starts counted from the key start, and 0.</summary>
    private static PendingBasket JaggedBasket(BranchState branch, Array values, int[] counts, int first, int n, int firstValue, int valueCount, long firstEntry)
    {
        int dataLength = checked(valueCount * branch.ValueSize);
        var payload = new byte[checked(dataLength + 4 + 4 * (n + 1))];
        BigEndianEncoder.Write(values, firstValue, valueCount, payload);
        var table = payload.AsSpan(dataLength);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(table, n + 1);
        int offset = branch.BasketKeyLength;
        for (int i = 0; i < n; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(table[(4 + 4 * i)..], offset);
            offset += counts[first + i] * branch.ValueSize;
        }
        // The last slot stays 0: ROOT writes it so, and readers take the end of the data instead.
        return new PendingBasket
        {
            Branch = branch, FirstEntry = firstEntry + first, Entries = n, Payload = payload, DataLength = dataLength,
            NevBufSize = Math.Max(1000, n + 1),
        };
    }
}
