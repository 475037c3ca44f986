using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.Trees;

/// <summary>One basket of a branch: where it is and which entries it holds.</summary>
/// <param name="Index">Basket number within the branch.</param>
/// <param name="Seek">File offset of the basket key; 0 for an embedded basket.</param>
/// <param name="Bytes">Bytes on disk (key + compressed payload); 0 for an embedded basket.</param>
public sealed record BasketInfo(int Index, long FirstEntry, long Entries, long Seek, int Bytes, bool Embedded)
{
    public long EndEntry => FirstEntry + Entries;
}

/// <summary>A branch of basic values as the reader uses it: metadata plus its validated basket list.</summary>
internal sealed class BranchData
{
    public BranchData(int id, BranchRecord record, long treeEntries, string location)
    {
        Id = id;
        Record = record;
        var baskets = new List<BasketInfo>();
        var embedded = new List<EmbeddedBasket>();
        int written = Math.Min(record.WriteBasket, record.BasketSeek.Length);
        for (int i = 0; i < written; i++)
        {
            long first = record.BasketEntry[i];
            // The last written basket ends where the tree ends unless an embedded basket follows it.
            bool last = i + 1 == written && record.EmbeddedBaskets.Count == 0;
            long end = !last && i + 1 < record.BasketEntry.Length ? record.BasketEntry[i + 1] : record.Entries;
            baskets.Add(new BasketInfo(i, first, end - first, record.BasketSeek[i], record.BasketBytes[i], false));
            embedded.Add(null!);
        }
        long next = written < record.BasketEntry.Length ? record.BasketEntry[written] : (baskets.Count > 0 ? baskets[^1].EndEntry : 0);
        foreach (var e in record.EmbeddedBaskets)
        {
            if (e.NevBuf == 0 || e.Buffer.Length == 0) continue;
            baskets.Add(new BasketInfo(baskets.Count, next, e.NevBuf, 0, 0, true));
            embedded.Add(e);
            next += e.NevBuf;
        }
        long expected = 0;
        foreach (var b in baskets)
        {
            if (b.FirstEntry != expected || b.Entries < 0)
                throw new HepDataException($"{location}: the file is damaged: branch '{record.Name}': basket {b.Index} covers entries [{b.FirstEntry}, {b.EndEntry}) but {expected} was expected; the tree metadata is corrupt");
            if (!b.Embedded && (b.Seek <= 0 || b.Bytes <= 0))
                throw new HepDataException($"{location}: the file is damaged: branch '{record.Name}': basket {b.Index} has an invalid position in the tree metadata (offset {b.Seek}, {b.Bytes} bytes)");
            expected = b.EndEntry;
        }
        if (expected < Math.Min(record.Entries, treeEntries) && baskets.Count > 0)
            throw new HepDataException($"{location}: the file is damaged: branch '{record.Name}': its baskets cover {expected} entries but the tree metadata says the branch has {record.Entries}");
        Baskets = baskets;
        Embedded = embedded;
        Entries = expected;
    }

    public int Id { get; }
    public BranchRecord Record { get; }
    public string Name => Record.Name;
    public IReadOnlyList<BasketInfo> Baskets { get; }
    /// <summary>Parallel to <see cref="Baskets"/>: the embedded basket, or null for baskets with their own key.</summary>
    public IReadOnlyList<EmbeddedBasket?> Embedded { get; }
    /// <summary>Entries covered by the baskets.</summary>
    public long Entries { get; }

    private string?[]? _places;

    /// <summary>
    /// "file: branch 'x' basket i at offset o", the prefix of every message about a basket. Built once per basket and
    /// kept, so that loading a basket allocates nothing (concurrent callers may both build it; either copy is right).
    /// </summary>
    public string Place(int index, string location)
    {
        var places = _places ??= new string?[Baskets.Count];
        return places[index] ??= Baskets[index].Embedded
            ? $"{location}: branch '{Name}' basket {index} (embedded in the TTree record)"
            : $"{location}: branch '{Name}' basket {index} at offset {Baskets[index].Seek}";
    }

    /// <summary>Index of the basket holding <paramref name="entry"/> (binary search).</summary>
    public int BasketOf(long entry)
    {
        int lo = 0, hi = Baskets.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            var b = Baskets[mid];
            if (entry < b.FirstEntry) hi = mid - 1;
            else if (entry >= b.EndEntry) lo = mid + 1;
            else return mid;
        }
        return -1;
    }
}
