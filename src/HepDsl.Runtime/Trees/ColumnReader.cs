using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Trees;

/// <summary>
/// Reads one column into reusable buffers. Keeps the current decompressed basket, so consecutive chunks of
/// one basket decompress it once.
/// </summary>
internal sealed class ColumnReader<T> : IColumnReader<T>, IDisposable, IThreadPoolWorkItem where T : unmanaged
{
    private readonly TreeSource _tree;
    private readonly ColumnPlan _plan;
    private DecodedBasket _basket = new();
    private DecodedBasket[] _ahead = [];

    public ColumnReader(TreeSource tree, ColumnPlan plan)
    {
        _tree = tree;
        _plan = plan;
    }

    public ColumnInfo Info => _plan.Info;

    public void Read(long first, int count, ColumnBuffer<T> into)
    {
        _tree.CheckRange(_plan, first, count);
        into.Entries = count;
        DecodeAhead(first, first + count);
        if (_plan.Info.Shape == ColumnShape.Jagged) ReadJagged(first, count, into);
        else ReadFixed(first, count, into);
    }

    private DecodedBasket BasketAt(long entry)
    {
        if (Holds(_basket, entry)) return _basket;
        int index = _plan.Branch.BasketOf(entry);
        if (index < 0) throw new HepDataException($"{_tree.Location}: branch '{_plan.Branch.Name}' has no basket holding entry {entry}");
        for (int j = 0; j < _ahead.Length; j++)
        {
            if (_ahead[j].BranchId == _plan.Branch.Id && _ahead[j].Index == index)
            {
                // Decoded ahead in parallel: make it current, recycle the old current buffer.
                (_basket, _ahead[j]) = (_ahead[j], _basket);
                return _basket;
            }
        }
        _tree.Loader.Load(_plan, index, _basket);
        return _basket;
    }

    private bool Holds(DecodedBasket basket, long entry) =>
        basket.BranchId == _plan.Branch.Id && entry >= basket.FirstEntry && entry < basket.EndEntry;

    /// <summary>
    /// When a read spans several baskets, decompresses the ones it does not hold yet in parallel; the read then
    /// walks them in order.
    /// </summary>
    private void DecodeAhead(long first, long end)
    {
        if (end - first < 2 || Environment.ProcessorCount < 2) return;
        int i0 = _plan.Branch.BasketOf(first), i1 = _plan.Branch.BasketOf(end - 1);
        if (i0 < 0 || i1 <= i0) return;
        if (Holds(_basket, first)) i0++;
        int count = i1 - i0 + 1;
        if (count < 2) return;
        if (_ahead.Length < count)
        {
            int old = _ahead.Length;
            Array.Resize(ref _ahead, count);
            for (int j = old; j < count; j++) _ahead[j] = new DecodedBasket();
        }
        for (int j = 0; j < _ahead.Length; j++) _ahead[j].Invalidate();
        LoadInParallel(i0, count);
    }

    // Decoding ahead shares a read's baskets between the reading thread and one pool thread without allocating
    // (Parallel.For allocated ~1 KB per read): the reader is itself the pool's work item, and both threads claim
    // basket numbers from one word (batch << 32 | count << 16 | next), so a helper that starts after its batch is
    // over finds nothing to claim, and one that starts during a later batch helps with that batch.
    private long _claims;
    private int _batch, _aheadFirst, _aheadLeft;
    private Exception? _aheadError;
    private readonly ManualResetEventSlim _aheadDone = new(false);

    private void LoadInParallel(int i0, int count)
    {
        if (count > 0xFFFF)
        {
            // More baskets than the claim word counts (a read of many millions of entries): one thread.
            for (int j = 0; j < count; j++) LoadAheadOrInvalidate(i0 + j, j);
            return;
        }
        _aheadFirst = i0;
        _aheadError = null;
        _aheadLeft = count;
        _aheadDone.Reset();
        _batch = (_batch + 1) & 0x7FFF_FFFF;
        Interlocked.Exchange(ref _claims, (long)_batch << 32 | (long)count << 16); // publishes the fields above
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        LoadClaimed();
        _aheadDone.Wait();
        if (_aheadError is { } error)
        {
            for (int j = 0; j < _ahead.Length; j++) _ahead[j].Invalidate();
            if (error is HepDataException) ExceptionDispatchInfo.Capture(error).Throw();
            throw new HepDataException($"{_tree.Location}: branch '{_plan.Branch.Name}': {error.Message}", error);
        }
    }

    void IThreadPoolWorkItem.Execute() => LoadClaimed();

    private void LoadClaimed()
    {
        while (true)
        {
            long claims = Volatile.Read(ref _claims);
            int count = (int)(claims >> 16) & 0xFFFF, next = (int)claims & 0xFFFF;
            if (next >= count) return;
            if (Interlocked.CompareExchange(ref _claims, claims + 1, claims) != claims) continue;
            try { _tree.Loader.Load(_plan, _aheadFirst + next, _ahead[next]); }
            catch (Exception e) { Interlocked.CompareExchange(ref _aheadError, e, null); }
            if (Interlocked.Decrement(ref _aheadLeft) == 0) _aheadDone.Set();
        }
    }

    private void LoadAheadOrInvalidate(int index, int slot)
    {
        try { _tree.Loader.Load(_plan, index, _ahead[slot]); }
        catch
        {
            for (int j = 0; j < _ahead.Length; j++) _ahead[j].Invalidate();
            throw;
        }
    }

    private void ReadFixed(long first, int count, ColumnBuffer<T> into)
    {
        int perEntry = _plan.ValuesPerEntry;
        long total = (long)count * perEntry;
        if (total > Array.MaxLength) throw new HepDataException($"{_tree.Location}: branch '{_plan.Info.Name}': {count} entries of {perEntry} values ({total}) do not fit one buffer; read fewer entries, or the tree metadata is corrupt");
        into.EnsureValues((int)total);
        into.Count = (int)total;
        var values = into.Values.AsSpan();
        long entry = first, end = first + count;
        int outPos = 0;
        int stride = _plan.EntryStride, valueBytes = perEntry * _plan.DiskSize;
        while (entry < end)
        {
            var basket = BasketAt(entry);
            int from = (int)(entry - basket.FirstEntry);
            int n = (int)(Math.Min(end, basket.EndEntry) - entry);
            var data = basket.Data;
            if (_plan.Contiguous)
            {
                DecodeValues(data.Slice(from * stride, n * stride), values.Slice(outPos, n * perEntry));
            }
            else
            {
                for (int j = 0; j < n; j++)
                    DecodeValues(data.Slice((from + j) * stride + _plan.LeafOffset, valueBytes), values.Slice(outPos + j * perEntry, perEntry));
            }
            outPos += n * perEntry;
            entry += n;
        }
    }

    private void ReadJagged(long first, int count, ColumnBuffer<T> into)
    {
        into.EnsureOffsets(count);
        var offsets = into.Offsets;
        offsets[0] = 0;
        int total = 0, k = 0;
        long entry = first, end = first + count;
        int size = _plan.DiskSize;
        while (entry < end)
        {
            var basket = BasketAt(entry);
            int from = (int)(entry - basket.FirstEntry);
            int n = (int)(Math.Min(end, basket.EndEntry) - entry);
            var starts = basket.Starts;
            var data = basket.Data;
            if (_plan.Layout == EntryLayout.Counted && _plan.EntryHeader > 0)
            {
                // Each entry: a flag byte, then its values.
                int header = _plan.EntryHeader;
                for (int j = 0; j < n; j++)
                {
                    int s = starts[from + j], e = starts[from + j + 1];
                    int values = 0;
                    if (e > s)
                    {
                        int bytes = e - s - header;
                        if (bytes < 0 || bytes % size != 0) throw BadEntry(basket, from + j, $"{e - s} bytes is not a {header}-byte header and whole {size}-byte values");
                        values = bytes / size;
                        into.EnsureValues(total + values);
                        DecodeValues(data.Slice(s + header, bytes), into.Values.AsSpan(total, values));
                    }
                    total += values;
                    offsets[++k] = total;
                }
            }
            else if (_plan.Layout == EntryLayout.Counted)
            {
                int byteStart = starts[from], byteEnd = starts[from + n];
                for (int j = 0; j < n; j++)
                {
                    int bytes = starts[from + j + 1] - starts[from + j];
                    if (bytes % size != 0) throw BadEntry(basket, from + j, $"{bytes} bytes is not a whole number of {size}-byte values");
                    int previous = offsets[k];
                    offsets[++k] = previous + bytes / size;
                }
                int values = (byteEnd - byteStart) / size;
                into.EnsureValues(total + values);
                DecodeValues(data[byteStart..byteEnd], into.Values.AsSpan(total, values));
                total += values;
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    int s = starts[from + j], e = starts[from + j + 1];
                    int length = 0;
                    if (e > s)
                    {
                        if (e - s < 10) throw BadEntry(basket, from + j, $"a vector entry of {e - s} bytes is shorter than its header");
                        length = BinaryPrimitives.ReadInt32BigEndian(data.Slice(s + 6, 4));
                        if (length < 0 || (long)length * size > e - s - 10)
                            throw BadEntry(basket, from + j, $"vector length {length} does not fit the entry's {e - s} bytes");
                        into.EnsureValues(total + length);
                        DecodeValues(data.Slice(s + 10, length * size), into.Values.AsSpan(total, length));
                    }
                    total += length;
                    offsets[++k] = total;
                }
            }
            entry += n;
        }
        into.Count = total;
    }

    private HepDataException BadEntry(DecodedBasket basket, int index, string what) =>
        new($"{_tree.Location}: branch '{_plan.Branch.Name}' basket {basket.Index}, entry {basket.FirstEntry + index}: {what}; the basket is corrupt");

    private void DecodeValues(ReadOnlySpan<byte> source, Span<T> destination)
    {
        if (_plan.Encoding == ValueEncoding.Plain) BigEndian.Decode(source, destination);
        else DecodeReducedPrecision(source, destination);
    }

    /// <summary>Double32_t / Float16_t: per value, these are rare and not on the hot path.</summary>
    private void DecodeReducedPrecision(ReadOnlySpan<byte> source, Span<T> destination)
    {
        int size = _plan.DiskSize;
        for (int i = 0; i < destination.Length; i++)
        {
            var v = source.Slice(i * size, size);
            double value = _plan.Encoding switch
            {
                ValueEncoding.Float32AsWider => BinaryPrimitives.ReadSingleBigEndian(v),
                ValueEncoding.ScaledUInt32 => BinaryPrimitives.ReadUInt32BigEndian(v) / _plan.Factor + _plan.Minimum,
                _ => TruncatedMantissa(v[0], BinaryPrimitives.ReadUInt16BigEndian(v[1..]), _plan.MantissaBits),
            };
            if (typeof(T) == typeof(double)) destination[i] = Unsafe.As<double, T>(ref value);
            else
            {
                float f = (float)value;
                destination[i] = Unsafe.As<float, T>(ref f);
            }
        }
    }

    /// <summary>ROOT's "WithNbits" float: 8-bit exponent, top <paramref name="bits"/> mantissa bits, sign above them.</summary>
    private static float TruncatedMantissa(byte exponent, ushort mantissa, int bits)
    {
        int raw = exponent << 23 | (mantissa & ((1 << (bits + 1)) - 1)) << (23 - bits);
        float f = BitConverter.Int32BitsToSingle(raw);
        return (mantissa & (1 << (bits + 1))) != 0 ? -f : f;
    }

    public void Dispose()
    {
        _basket.Dispose();
        foreach (var b in _ahead) b.Dispose();
        _aheadDone.Dispose();
    }
}
