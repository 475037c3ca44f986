using System.Runtime.InteropServices;

namespace HepDsl.Runtime.RNTuple.Writing;

/// <summary>
/// The inverse of <see cref="PageDecoder"/> for the column types the writer uses: packs bools into bits, zigzags
/// signed integers, turns collection offsets into differences (the first of a page stays absolute), then splits
/// multi-byte elements into byte planes (all first bytes, then all second bytes, ...). Encodings apply per page.
/// </summary>
internal static class PageEncoder
{
    /// <summary>Bytes a page of <paramref name="n"/> elements takes before compression.</summary>
    public static int PackedSize(WrittenColumn column, int n) => (int)(((long)n * column.Bits + 7) / 8);

    /// <summary>
    /// Encodes elements [<paramref name="start"/>, start + <paramref name="n"/>) of <paramref name="values"/> (the
    /// field's values, or cluster-relative end offsets as <c>long[]</c> for an index column).
    /// </summary>
    public static byte[] Encode(WrittenColumn column, Array values, int start, int n)
    {
        var packed = new byte[PackedSize(column, n)];
        switch (column.Kind)
        {
            case ColumnKind.Bit:
            {
                var bools = MemoryMarshal.AsBytes(((bool[])values).AsSpan(start, n));
                for (int i = 0; i < n; i++)
                    if (bools[i] != 0) packed[i >> 3] |= (byte)(1 << (i & 7));
                break;
            }
            case ColumnKind.Int8 or ColumnKind.UInt8:
                Bytes(values, start, n, 1).CopyTo(packed);
                break;
            case ColumnKind.SplitInt16:
                Split(Zigzag(MemoryMarshal.Cast<byte, short>(Bytes(values, start, n, 2))), packed);
                break;
            case ColumnKind.SplitInt32:
                Split(Zigzag(MemoryMarshal.Cast<byte, int>(Bytes(values, start, n, 4))), packed);
                break;
            case ColumnKind.SplitInt64:
                Split(Zigzag(MemoryMarshal.Cast<byte, long>(Bytes(values, start, n, 8))), packed);
                break;
            case ColumnKind.SplitUInt16 or ColumnKind.SplitUInt32 or ColumnKind.SplitUInt64 or ColumnKind.SplitReal32 or ColumnKind.SplitReal64:
                Split(Bytes(values, start, n, column.Bits / 8), n, column.Bits / 8, packed);
                break;
            case ColumnKind.SplitIndex64:
            {
                var offsets = ((long[])values).AsSpan(start, n);
                var deltas = new long[n];
                for (int i = 0; i < n; i++) deltas[i] = i == 0 ? offsets[0] : offsets[i] - offsets[i - 1];
                Split(MemoryMarshal.AsBytes(deltas.AsSpan()), n, 8, packed);
                break;
            }
            default:
                throw new NotSupportedException($"the RNTuple writer does not encode {column.Kind} columns");
        }
        return packed;
    }

    /// <summary>The elements' bytes as they are in memory (little-endian, as on disk).</summary>
    private static ReadOnlySpan<byte> Bytes(Array values, int start, int n, int size)
    {
        var all = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(values), values.Length * size);
        return all.Slice(start * size, n * size);
    }

    private static void Split(ReadOnlySpan<byte> elements, int n, int width, Span<byte> packed)
    {
        for (int b = 0; b < width; b++)
        {
            var plane = packed.Slice(b * n, n);
            for (int i = 0; i < n; i++) plane[i] = elements[i * width + b];
        }
    }

    private static void Split<T>(T[] zigzagged, Span<byte> packed) where T : unmanaged =>
        Split(MemoryMarshal.AsBytes(zigzagged.AsSpan()), zigzagged.Length, Marshal.SizeOf<T>(), packed);

    private static ushort[] Zigzag(ReadOnlySpan<short> v)
    {
        var r = new ushort[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = (ushort)((v[i] << 1) ^ (v[i] >> 15));
        return r;
    }

    private static uint[] Zigzag(ReadOnlySpan<int> v)
    {
        var r = new uint[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = (uint)((v[i] << 1) ^ (v[i] >> 31));
        return r;
    }

    private static ulong[] Zigzag(ReadOnlySpan<long> v)
    {
        var r = new ulong[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = (ulong)((v[i] << 1) ^ (v[i] >> 63));
        return r;
    }
}
