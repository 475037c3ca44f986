using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>
/// Keeps the bytes fetched by <see cref="ReadManyAsync"/> (a prefetch of a cluster's baskets) so that the reader's
/// following per-basket <see cref="ReadAsync"/> calls are served from memory instead of one request each.
/// Bounded: the oldest blocks are dropped once more than the configured bytes are held.
/// </summary>
public sealed class CachingByteSource : IByteSource
{
    private readonly IByteSource _inner;
    private readonly long _capacity;
    private readonly object _lock = new();
    // Cached blocks by start offset; for equal offsets the longest is kept.
    private readonly SortedList<long, ReadOnlyMemory<byte>> _blocks = [];
    private readonly Queue<long> _age = new();
    private long _held;
    private long _hits, _misses;

    public CachingByteSource(IByteSource inner, long capacityBytes = 256L * 1024 * 1024)
    {
        _inner = inner;
        _capacity = capacityBytes;
    }

    public IByteSource Inner => _inner;
    public string Location => _inner.Location;
    public long Length => _inner.Length;
    public long BytesRead => _inner.BytesRead;
    /// <summary>Reads served from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);
    /// <summary>Reads passed on to the inner source.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (TryCopy(offset, destination.Span))
        {
            Interlocked.Increment(ref _hits);
            return;
        }
        Interlocked.Increment(ref _misses);
        await _inner.ReadAsync(offset, destination, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default)
    {
        var result = new ReadOnlyMemory<byte>[ranges.Count];
        var missing = new List<(long, int)>();
        var missingIndex = new List<int>();
        for (int i = 0; i < ranges.Count; i++)
        {
            if (TryGet(ranges[i].Offset, ranges[i].Length, out var cached)) { result[i] = cached; Interlocked.Increment(ref _hits); }
            else { missing.Add(ranges[i]); missingIndex.Add(i); }
        }
        if (missing.Count == 0) return result;
        Interlocked.Increment(ref _misses);
        var fetched = await _inner.ReadManyAsync(missing, cancellationToken).ConfigureAwait(false);
        for (int j = 0; j < fetched.Count; j++)
        {
            result[missingIndex[j]] = fetched[j];
            Store(missing[j].Item1, fetched[j]);
        }
        return result;
    }

    /// <summary>Fetches the ranges (coalesced by the inner source) into the cache.</summary>
    public void Prefetch(IReadOnlyList<(long Offset, int Length)> ranges) => ReadManyAsync(ranges).AsTask().GetAwaiter().GetResult();

    private bool TryCopy(long offset, Span<byte> destination)
    {
        if (!TryGet(offset, destination.Length, out var bytes)) return false;
        bytes.Span.CopyTo(destination);
        return true;
    }

    private bool TryGet(long offset, int length, out ReadOnlyMemory<byte> bytes)
    {
        lock (_lock)
        {
            // The block starting at or before offset with the greatest start; blocks are few (one per basket of a cluster).
            var keys = _blocks.Keys;
            int lo = 0, hi = keys.Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (keys[mid] <= offset) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            // Blocks may overlap (several prefetches); look back a few for one that covers the range.
            for (int k = found; k >= 0 && k > found - 8; k--)
            {
                var block = _blocks.Values[k];
                long start = keys[k];
                if (offset + length <= start + block.Length)
                {
                    bytes = block.Slice((int)(offset - start), length);
                    return true;
                }
            }
        }
        bytes = default;
        return false;
    }

    private void Store(long offset, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length == 0 || bytes.Length > _capacity) return;
        lock (_lock)
        {
            if (_blocks.TryGetValue(offset, out var existing))
            {
                if (existing.Length >= bytes.Length) return;
                _held -= existing.Length;
            }
            else _age.Enqueue(offset);
            _blocks[offset] = bytes;
            _held += bytes.Length;
            while (_held > _capacity && _age.Count > 0)
            {
                long oldest = _age.Dequeue();
                if (_blocks.Remove(oldest, out var dropped)) _held -= dropped.Length;
            }
        }
    }

    public void Dispose() => _inner.Dispose();
}
