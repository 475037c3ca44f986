using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.RNTuple;

/// <summary>A decoded page held by a reader: its elements in the column's <see cref="ElementType"/>.</summary>
internal sealed class DecodedPage
{
    public byte[] Data = [];
    public ElementType Type;
    public long First = -1;
    public int Count;
    public int Size;
    public long End => First + Count;
    public ReadOnlySpan<byte> Elements(long from, int n) => Data.AsSpan((int)(from - First) * Size, n * Size);
}

/// <summary>
/// Fetches, verifies, decompresses and decodes pages for one <see cref="NTupleSource"/> (one worker). Keeps the
/// bytes of the last prefetch so that the page reads after it do not go back to the byte source.
/// </summary>
internal sealed class PageLoader(NTupleDescriptor descriptor, IByteSource source) : IDisposable
{
    private readonly List<DecodedPage> _pages = [];
    private readonly Dictionary<ulong, ReadOnlyMemory<byte>> _prefetched = [];
    private byte[] _stored = [];
    private byte[] _unzipped = [];
    private long _bytesRead;

    public long BytesRead => Interlocked.Read(ref _bytesRead);
    public bool Remote => source is not LocalFileSource;

    /// <summary>Where a page is, for messages: built only when something is wrong (a page read builds no string).</summary>
    private string Where(ColumnSlot slot, SlotPage page) =>
        $"{descriptor.Location}: RNTuple '{descriptor.Name}' field '{slot.Field}' column {page.Column.Id} ({page.Column.Describe()}), " +
        $"cluster {descriptor.Clusters[page.Cluster].Id}, page at element {page.Page.FirstElement} ({page.Page.Locator})";

    public void Load(ColumnSlot slot, SlotPage page, DecodedPage into)
    {
        var column = page.Column;
        var info = page.Page;
        if (!ColumnKinds.IsKnown(column.Kind) || column.Kind == ColumnKind.Switch)
            throw new HepDataException($"{Where(slot, page)}: column type {ColumnKinds.Describe(column.Kind, column.Bits)} cannot be read as values");
        long packedSize = PageDecoder.PackedSize(column, info.Elements);
        int stored = info.Locator.Size, total = stored + (info.HasChecksum ? 8 : 0);
        if (stored <= 0 && info.Elements > 0 || packedSize > int.MaxValue || info.Locator.Offset > (ulong)source.Length
            || (ulong)total > (ulong)source.Length - info.Locator.Offset)
            throw new HepDataException($"{Where(slot, page)}: the page does not fit in the file ({source.Length} bytes) or is implausibly large; the file is truncated or corrupt");
        ReadOnlySpan<byte> bytes = Fetch(info.Locator.Offset, total);
        var payload = bytes[..stored];
        if (info.HasChecksum)
        {
            ulong expected = BinaryPrimitives.ReadUInt64LittleEndian(bytes[stored..]);
            ulong computed = XxHash3.HashToUInt64(payload);
            if (expected != computed)
                throw new HepDataException($"{Where(slot, page)}: checksum mismatch (stored 0x{expected:x16}, computed 0x{computed:x16}); the page is damaged");
        }
        ReadOnlySpan<byte> packed;
        if (stored == packedSize) packed = payload;
        else
        {
            try
            {
                RootDecompressor.CheckDeclaredSize(payload, packedSize, "");
                Grow(ref _unzipped, packedSize);
                RootDecompressor.Decompress(payload, _unzipped.AsSpan(0, (int)packedSize), "");
            }
            catch (HepDataException e)
            {
                throw new HepDataException(Where(slot, page) + e.Message, e);
            }
            packed = _unzipped.AsSpan(0, (int)packedSize);
        }
        var type = ColumnKinds.Element(column.Kind);
        int size = ColumnKinds.Size(type);
        long need = (long)info.Elements * size;
        if (need > int.MaxValue) throw new HepDataException($"{Where(slot, page)}: {info.Elements} elements are too many for one page");
        if (into.Data.Length < need)
        {
            if (into.Data.Length > 0) ArrayPool<byte>.Shared.Return(into.Data);
            else _pages.Add(into);
            into.Data = [];
            into.Data = ArrayPool<byte>.Shared.Rent((int)Math.Max(need, 4096));
        }
        into.First = -1;
        PageDecoder.Decode(column, packed, info.Elements, into.Data);
        into.Type = type;
        into.Size = size;
        into.Count = info.Elements;
        into.First = info.FirstElement;
    }

    /// <summary>Pool-backed scratch: page buffers come from and go back to the shared array pool, so opening a source per
    /// partition or worker does not allocate page-sized arrays each time.</summary>
    private static void Grow(ref byte[] buffer, long size)
    {
        if (buffer.Length >= size) return;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(size, 4096));
    }

    /// <summary>Returns the pooled buffers; pages decoded into them read as empty afterwards (and are loaded again if read).</summary>
    public void Dispose()
    {
        if (_stored.Length > 0) ArrayPool<byte>.Shared.Return(_stored);
        if (_unzipped.Length > 0) ArrayPool<byte>.Shared.Return(_unzipped);
        _stored = [];
        _unzipped = [];
        foreach (var page in _pages)
        {
            if (page.Data.Length > 0) ArrayPool<byte>.Shared.Return(page.Data);
            page.Data = [];
            page.First = -1;
            page.Count = 0;
        }
        _pages.Clear();
        _prefetched.Clear();
    }

    private ReadOnlySpan<byte> Fetch(ulong offset, int length)
    {
        if (_prefetched.TryGetValue(offset, out var held) && held.Length >= length) return held.Span[..length];
        Grow(ref _stored, length);
        source.ReadAsync((long)offset, _stored.AsMemory(0, length)).AsTask().GetAwaiter().GetResult();
        Interlocked.Add(ref _bytesRead, length);
        return _stored.AsSpan(0, length);
    }

    /// <summary>Fetches the given pages' bytes in one coalesced request (remote sources) and keeps them for the reads that follow.</summary>
    public void Prefetch(IReadOnlyCollection<PageInfo> pages)
    {
        _prefetched.Clear();
        if (pages.Count == 0) return;
        var ranges = new List<(long Offset, int Length)>(pages.Count);
        foreach (var p in pages)
        {
            int total = p.Locator.Size + (p.HasChecksum ? 8 : 0);
            if (p.Locator.Offset > (ulong)source.Length || (ulong)total > (ulong)source.Length - p.Locator.Offset) continue; // reported by Load
            ranges.Add(((long)p.Locator.Offset, total));
        }
        var got = source.ReadManyAsync(ranges).AsTask().GetAwaiter().GetResult();
        for (int i = 0; i < ranges.Count; i++)
        {
            _prefetched[(ulong)ranges[i].Offset] = got[i];
            Interlocked.Add(ref _bytesRead, ranges[i].Length);
        }
    }
}
