namespace HepDsl.Runtime.IO;

/// <summary>One request covering several wanted ranges: [Offset, Offset+Length) of the file.</summary>
/// <param name="Members">Indexes of the wanted ranges this request serves.</param>
public sealed record CoalescedRange(long Offset, int Length, IReadOnlyList<int> Members)
{
    public long End => Offset + Length;

    /// <summary>Gives each member of <paramref name="ranges"/> its slice of <paramref name="block"/>, the bytes this request fetched.</summary>
    public void Scatter(byte[] block, IReadOnlyList<(long Offset, int Length)> ranges, ReadOnlyMemory<byte>[] into)
    {
        foreach (int i in Members)
            into[i] = block.AsMemory(checked((int)(ranges[i].Offset - Offset)), ranges[i].Length);
    }
}

/// <summary>
/// Groups wanted byte ranges into as few requests as possible: ranges that overlap or are separated by less than a
/// gap threshold share one request (the bytes in the gaps are fetched and dropped), up to a maximum request size.
/// </summary>
public static class RangeCoalescer
{
    public static IReadOnlyList<CoalescedRange> Coalesce(IReadOnlyList<(long Offset, int Length)> ranges, int gapBytes, int maxRequestBytes)
    {
        var order = new int[ranges.Count];
        for (int i = 0; i < order.Length; i++)
        {
            if (ranges[i].Offset < 0 || ranges[i].Length < 0)
                throw new ArgumentOutOfRangeException(nameof(ranges), $"range {i} ({ranges[i].Offset}, {ranges[i].Length}) is invalid");
            order[i] = i;
        }
        Array.Sort(order, (a, b) => ranges[a].Offset.CompareTo(ranges[b].Offset));

        var result = new List<CoalescedRange>();
        List<int>? members = null;
        long start = 0, end = 0;
        foreach (int i in order)
        {
            var (offset, length) = ranges[i];
            long rangeEnd = offset + length;
            if (members is not null && offset - end <= gapBytes && Math.Max(end, rangeEnd) - start <= maxRequestBytes)
            {
                members.Add(i);
                end = Math.Max(end, rangeEnd);
                continue;
            }
            if (members is not null) result.Add(new CoalescedRange(start, checked((int)(end - start)), members));
            members = [i];
            start = offset;
            end = rangeEnd;
        }
        if (members is not null) result.Add(new CoalescedRange(start, checked((int)(end - start)), members));
        return result;
    }
}
