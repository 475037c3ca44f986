using System.Buffers;
using System.Buffers.Binary;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;

namespace HepDsl.Runtime.Trees;

/// <summary>Supplies per-entry value counts from a counter branch (to rebuild offsets ROOT did not store).</summary>
internal interface ICountSource
{
    void ReadCounts(ColumnPlan plan, long first, Span<int> counts);
}

/// <summary>
/// Fetches a basket's bytes (from a prefetched batch or the byte source), checks its header against the branch
/// metadata, decompresses it into a pooled buffer and locates every entry. All failures name file, branch,
/// basket and offset. Safe to call from several threads at once (a reader decodes the baskets of one read in parallel).
/// </summary>
internal sealed class BasketLoader(IByteSource source, ICountSource counts)
{
    private const int MaxObjectLength = 1 << 30;
    // Prefetched bytes not yet decoded, and every basket fetched for the current read window: an event loop calls
    // Prefetch once per chunk, and chunks of one cluster must not fetch the cluster's baskets again.
    private readonly Dictionary<(int Branch, int Basket), ReadOnlyMemory<byte>> _prefetched = [];
    private readonly Dictionary<(int Branch, int Basket), EntryRange> _fetched = [];
    private long _bytesRead;

    public long BytesRead => Interlocked.Read(ref _bytesRead);
    /// <summary>Whether prefetching pays: remote sources coalesce requests, a local file gains nothing.</summary>
    public bool Batches => source is not LocalFileSource;
    public string Location => source.Location;

    /// <summary>
    /// Fetches the given on-disk baskets that were not fetched for this window yet, with one
    /// <see cref="IByteSource.ReadManyAsync"/> call, and keeps their bytes until decoded. Baskets outside
    /// [<paramref name="first"/>, first + <paramref name="count"/>) are forgotten. A local file gains nothing from
    /// batching, so there it does nothing.
    /// </summary>
    public void Prefetch(IReadOnlyList<(BranchData Branch, BasketInfo Basket)> baskets, long first, long count)
    {
        if (!Batches) return;
        var window = new EntryRange(first, count);
        var ranges = new List<(long, int)>(baskets.Count);
        var keys = new List<((int, int) Key, EntryRange Entries)>(baskets.Count);
        lock (_prefetched)
        {
            Forget(_fetched, window);
            foreach (var key in _prefetched.Keys)
                if (!_fetched.ContainsKey(key)) _prefetched.Remove(key); // allowed while enumerating (.NET Core 3+)
            foreach (var (branch, basket) in baskets)
            {
                if (basket.Embedded || !InFile(basket) || _fetched.ContainsKey((branch.Id, basket.Index))) continue;
                ranges.Add((basket.Seek, basket.Bytes));
                keys.Add(((branch.Id, basket.Index), new EntryRange(basket.FirstEntry, basket.Entries)));
            }
        }
        if (ranges.Count == 0) return;
        var data = source.ReadManyAsync(ranges).AsTask().GetAwaiter().GetResult();
        lock (_prefetched)
        {
            for (int i = 0; i < keys.Count && i < data.Count; i++)
            {
                _prefetched[keys[i].Key] = data[i];
                _fetched[keys[i].Key] = keys[i].Entries;
                Interlocked.Add(ref _bytesRead, data[i].Length);
            }
        }
    }

    private static void Forget(Dictionary<(int, int), EntryRange> fetched, EntryRange window)
    {
        List<(int, int)>? stale = null;
        foreach (var (key, entries) in fetched)
            if (entries.End <= window.First || entries.First >= window.End) (stale ??= []).Add(key);
        if (stale is null) return;
        foreach (var key in stale) fetched.Remove(key);
    }

    private bool InFile(BasketInfo b) => b.Seek > 0 && b.Bytes > 0 && b.Seek + b.Bytes <= source.Length;

    public void Load(ColumnPlan plan, int index, DecodedBasket into)
    {
        var branch = plan.Branch;
        var info = branch.Baskets[index];
        into.Invalidate();
        string where = branch.Place(index, source.Location);
        if (info.Entries > int.MaxValue / 8) throw new HepDataException($"{where}: implausible entry count {info.Entries}");
        into.Entries = (int)info.Entries;
        into.FirstEntry = info.FirstEntry;
        if (info.Embedded) LoadEmbedded(plan, index, into, where);
        else LoadFromFile(plan, info, into, where);
        into.BranchId = branch.Id;
        into.Index = index;
    }

    private void LoadFromFile(ColumnPlan plan, BasketInfo info, DecodedBasket into, string where)
    {
        if (!InFile(info))
            throw new HepDataException($"{where}: {info.Bytes} bytes at offset {info.Seek} are outside the file ({source.Length} bytes); the file is truncated or corrupt");
        byte[]? rented = null;
        try
        {
            ReadOnlyMemory<byte> raw;
            ReadOnlyMemory<byte> pre;
            bool found;
            lock (_prefetched) found = _prefetched.Remove((plan.Branch.Id, info.Index), out pre);
            if (found && pre.Length == info.Bytes) raw = pre;
            else
            {
                rented = ArrayPool<byte>.Shared.Rent(info.Bytes);
                var span = rented.AsMemory(0, info.Bytes);
                source.ReadAsync(info.Seek, span).AsTask().GetAwaiter().GetResult();
                Interlocked.Add(ref _bytesRead, info.Bytes);
                raw = span;
            }
            Decode(plan, raw, into, where);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Decode(ColumnPlan plan, ReadOnlyMemory<byte> raw, DecodedBasket into, string where)
    {
        var header = BasketHeader.TryRead(raw.Span, out var h) ? h : BasketHeader.Read(raw, where);
        if (header.Nbytes != raw.Length)
            throw new HepDataException($"{where}: basket key says {header.Nbytes} bytes, the branch says {raw.Length}; the file is corrupt");
        if (header.KeyLength < header.End || header.KeyLength > raw.Length || header.ObjectLength > MaxObjectLength)
            throw new HepDataException($"{where}: corrupt basket header (key length {header.KeyLength}, object length {header.ObjectLength})");
        if (header.NevBuf != into.Entries)
            throw new HepDataException($"{where}: basket holds {header.NevBuf} entries, the branch metadata says {into.Entries}; the file is corrupt");
        int objlen = header.ObjectLength, keyLength = header.KeyLength, last = header.Last, ioBits = header.IoBits;
        RootDecompressor.CheckDeclaredSize(raw.Span[keyLength..], objlen, where);
        var data = into.RentData(Math.Max(objlen, 1));
        RootDecompressor.Decompress(raw.Span[keyLength..], data.AsSpan(0, objlen), where);

        int lastRel = last - keyLength;
        bool generated = (ioBits & 1) != 0;
        bool trailer = plan.Branch.Record.EntryOffsetLen > 0 && !generated && lastRel >= 0 && lastRel + 4 <= objlen;
        if (trailer)
        {
            into.DataLength = lastRel;
            // Read from the span: the bounds are checked by the size test below (n >= entries, all n fit).
            var table = data.AsSpan(lastRel, objlen - lastRel);
            int n = BinaryPrimitives.ReadInt32BigEndian(table);
            if (n < into.Entries || n > (objlen - lastRel - 4) / 4)
                throw new HepDataException($"{where}: entry-offset table of {n} entries for a basket of {into.Entries}; the basket is corrupt");
            var starts = into.RentStarts(into.Entries);
            for (int i = 0; i < into.Entries; i++) starts[i] = BinaryPrimitives.ReadInt32BigEndian(table[(4 + 4 * i)..]) - keyLength;
            starts[into.Entries] = lastRel;
            CheckStarts(into, where);
            if (plan.Layout == EntryLayout.Fixed) CheckUniform(plan, into, where);
            return;
        }
        if (plan.Layout == EntryLayout.Fixed)
        {
            into.DataLength = objlen;
            into.HasStarts = false;
            CheckFixedSize(plan, into, where);
            return;
        }
        into.DataLength = lastRel >= 0 && lastRel <= objlen ? lastRel : objlen;
        GenerateStarts(plan, into, where);
    }

    private void LoadEmbedded(ColumnPlan plan, int index, DecodedBasket into, string where)
    {
        var e = plan.Branch.Embedded[index]!;
        int dataLength = e.Last - e.KeyLength;
        if (e.KeyLength < 0 || dataLength < 0 || e.Last > e.Buffer.Length)
            throw new HepDataException($"{where}: corrupt embedded basket (key length {e.KeyLength}, last {e.Last}, buffer {e.Buffer.Length})");
        var data = into.RentData(Math.Max(dataLength, 1));
        e.Buffer.Span.Slice(e.KeyLength, dataLength).CopyTo(data);
        // Read with the TTree record, but counted when used so "MB read" reflects the data an analysis consumed.
        Interlocked.Add(ref _bytesRead, e.Buffer.Length);
        into.DataLength = dataLength;
        if (e.EntryOffsets is { } offsets)
        {
            if (offsets.Length < into.Entries)
                throw new HepDataException($"{where}: {offsets.Length} entry offsets for {into.Entries} entries");
            var starts = into.RentStarts(into.Entries);
            for (int i = 0; i < into.Entries; i++) starts[i] = offsets[i] - e.KeyLength;
            starts[into.Entries] = dataLength;
            CheckStarts(into, where);
            if (plan.Layout == EntryLayout.Fixed) CheckUniform(plan, into, where);
            return;
        }
        if (plan.Layout == EntryLayout.Fixed)
        {
            into.HasStarts = false;
            CheckFixedSize(plan, into, where);
            return;
        }
        GenerateStarts(plan, into, where);
    }

    /// <summary>Rebuilds entry starts from the counter branch (ROOT's "generate offset map" baskets store none).</summary>
    private void GenerateStarts(ColumnPlan plan, DecodedBasket into, string where)
    {
        if (plan.Layout != EntryLayout.Counted || plan.Counter is null)
            throw new HepDataException($"{where}: variable-size entries without an entry-offset table or a counter branch");
        var starts = into.RentStarts(into.Entries);
        var span = starts.AsSpan(0, into.Entries + 1);
        counts.ReadCounts(plan, into.FirstEntry, span[..into.Entries]);
        long pos = 0;
        int perCount = plan.ValuesPerEntry * plan.DiskSize;
        for (int i = 0; i < into.Entries; i++)
        {
            int c = span[i];
            if (c < 0) throw new HepDataException($"{where}: counter '{plan.Counter}' is negative ({c}) at entry {into.FirstEntry + i}");
            span[i] = (int)pos;
            pos += plan.EntryHeader + (long)c * perCount;
            if (pos > into.DataLength)
                throw new HepDataException($"{where}: counter '{plan.Counter}' asks for {pos} bytes by entry {into.FirstEntry + i}, the basket holds {into.DataLength}");
        }
        span[into.Entries] = (int)pos;
        into.HasStarts = true;
    }

    private static void CheckStarts(DecodedBasket into, string where)
    {
        var s = into.Starts;
        int previous = 0;
        for (int i = 0; i <= into.Entries; i++)
        {
            if (s[i] < previous || s[i] > into.DataLength)
                throw new HepDataException($"{where}: entry offset {i} ({s[i]}) is out of order or outside the {into.DataLength} data bytes; the basket is corrupt");
            previous = s[i];
        }
        into.HasStarts = true;
    }

    /// <summary>A fixed-size column whose basket stores entry offsets anyway: they must be exactly i * stride.</summary>
    private static void CheckUniform(ColumnPlan plan, DecodedBasket into, string where)
    {
        var s = into.Starts;
        for (int i = 0; i <= into.Entries; i++)
            if (s[i] != i * plan.EntryStride)
                throw new HepDataException($"{where}: entry {into.FirstEntry + i} starts at byte {s[i]}, not {i * plan.EntryStride}: the entries are not {plan.EntryStride}-byte values as the branch metadata says");
        into.HasStarts = false;
        CheckFixedSize(plan, into, where);
    }

    private static void CheckFixedSize(ColumnPlan plan, DecodedBasket into, string where)
    {
        long needed = (long)into.Entries * plan.EntryStride;
        if (needed > into.DataLength)
            throw new HepDataException($"{where}: {into.Entries} entries of {plan.EntryStride} bytes need {needed} bytes, the basket holds {into.DataLength}; the basket is corrupt");
    }
}
