using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// Turns the stored bytes of one page (already decompressed) into elements of the column's
/// <see cref="ElementType"/>: undoes the split (byte-plane), zigzag and delta encodings, unpacks bits, widens
/// half floats, truncated and quantized reals, and 32-bit indices. Encodings apply within a page only.
/// </summary>
internal static class PageDecoder
{
    /// <summary>Bytes a page of <paramref name="elements"/> elements occupies uncompressed.</summary>
    public static long PackedSize(ColumnDescriptor column, long elements) => (elements * column.Bits + 7) / 8;

    public static void Decode(ColumnDescriptor column, ReadOnlySpan<byte> packed, int n, Span<byte> output)
    {
        switch (column.Kind)
        {
            case ColumnKind.Bit:
                for (int i = 0; i < n; i++) output[i] = (byte)((packed[i >> 3] >> (i & 7)) & 1);
                break;
            case ColumnKind.Byte or ColumnKind.Char or ColumnKind.Int8 or ColumnKind.UInt8:
                packed[..n].CopyTo(output);
                break;
            case ColumnKind.Int16 or ColumnKind.UInt16 or ColumnKind.Int32 or ColumnKind.UInt32 or ColumnKind.Int64
                or ColumnKind.UInt64 or ColumnKind.Real32 or ColumnKind.Real64 or ColumnKind.Index64 or ColumnKind.Switch:
                // Little-endian on disk, as in memory on every platform .NET runs this on.
                packed[..(n * column.Bits / 8)].CopyTo(output);
                break;
            case ColumnKind.Real16:
                Halves(packed, n, output);
                break;
            case ColumnKind.Index32:
                Widen(MemoryMarshal.Cast<byte, uint>(packed[..(4 * n)]), MemoryMarshal.Cast<byte, long>(output)[..n]);
                break;
            case ColumnKind.SplitInt16 or ColumnKind.SplitUInt16 or ColumnKind.SplitInt32 or ColumnKind.SplitUInt32
                or ColumnKind.SplitInt64 or ColumnKind.SplitUInt64 or ColumnKind.SplitReal32 or ColumnKind.SplitReal64
                or ColumnKind.SplitIndex64:
                Unsplit(packed, n, column.Bits / 8, output);
                PostSplit(column.Kind, n, output);
                break;
            case ColumnKind.SplitReal16:
            {
                Span<byte> joined = n * 2 <= 4096 ? stackalloc byte[n * 2] : new byte[n * 2];
                Unsplit(packed, n, 2, joined);
                Halves(joined, n, output);
                break;
            }
            case ColumnKind.SplitIndex32:
            {
                var joined = new uint[n];
                Unsplit(packed, n, 4, MemoryMarshal.AsBytes(joined.AsSpan()));
                var values = MemoryMarshal.Cast<byte, long>(output)[..n];
                long sum = 0;
                for (int i = 0; i < n; i++) values[i] = sum += joined[i];
                break;
            }
            case ColumnKind.Real32Trunc:
            {
                var values = MemoryMarshal.Cast<byte, uint>(output)[..n];
                Unpack(packed, n, column.Bits, values);
                int shift = 32 - column.Bits;
                for (int i = 0; i < n; i++) values[i] <<= shift;
                break;
            }
            case ColumnKind.Real32Quant:
            {
                var raw = MemoryMarshal.Cast<byte, uint>(output)[..n];
                Unpack(packed, n, column.Bits, raw);
                var values = MemoryMarshal.Cast<byte, float>(output)[..n];
                double min = column.Min!.Value, max = column.Max!.Value;
                double scale = (max - min) / ((1UL << column.Bits) - 1);
                for (int i = 0; i < n; i++) values[i] = (float)(min + raw[i] * scale);
                break;
            }
            default:
                throw new NotSupportedException($"column type {column.Kind}");
        }
    }

    private static void Widen(ReadOnlySpan<uint> from, Span<long> to)
    {
        for (int i = 0; i < from.Length; i++) to[i] = from[i];
    }

    private static void Halves(ReadOnlySpan<byte> packed, int n, Span<byte> output)
    {
        var values = MemoryMarshal.Cast<byte, float>(output)[..n];
        for (int i = 0; i < n; i++) values[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(packed[(2 * i)..]));
    }

    /// <summary>Split encoding stores all first bytes, then all second bytes, ...: gather them back per element.</summary>
    private static void Unsplit(ReadOnlySpan<byte> packed, int n, int width, Span<byte> output)
    {
        for (int b = 0; b < width; b++)
        {
            var plane = packed.Slice(b * n, n);
            for (int i = 0; i < n; i++) output[i * width + b] = plane[i];
        }
    }

    private static void PostSplit(ColumnKind kind, int n, Span<byte> output)
    {
        switch (kind)
        {
            case ColumnKind.SplitInt16:
            {
                var v = MemoryMarshal.Cast<byte, ushort>(output)[..n];
                for (int i = 0; i < n; i++) v[i] = (ushort)((v[i] >> 1) ^ -(v[i] & 1));
                break;
            }
            case ColumnKind.SplitInt32:
            {
                var v = MemoryMarshal.Cast<byte, uint>(output)[..n];
                for (int i = 0; i < n; i++) v[i] = (v[i] >> 1) ^ (uint)-(int)(v[i] & 1);
                break;
            }
            case ColumnKind.SplitInt64:
            {
                var v = MemoryMarshal.Cast<byte, ulong>(output)[..n];
                for (int i = 0; i < n; i++) v[i] = (v[i] >> 1) ^ (ulong)-(long)(v[i] & 1);
                break;
            }
            case ColumnKind.SplitIndex64:
            {
                var v = MemoryMarshal.Cast<byte, long>(output)[..n];
                for (int i = 1; i < n; i++) v[i] += v[i - 1];
                break;
            }
        }
    }

    /// <summary>
    /// Elements of <paramref name="bits"/> bits packed back to back into a little-endian bit stream (element i takes
    /// stream bits [i*bits, (i+1)*bits), the stream's bit k being bit k%8 of byte k/8).
    /// </summary>
    internal static void Unpack(ReadOnlySpan<byte> packed, int n, int bits, Span<uint> values)
    {
        ulong mask = (1UL << bits) - 1;
        for (int i = 0; i < n; i++)
        {
            long bit = (long)i * bits;
            int at = (int)(bit >> 3), shift = (int)(bit & 7);
            ulong word = 0;
            int need = Math.Min(8, packed.Length - at);
            for (int b = 0; b < need && b < 5; b++) word |= (ulong)packed[at + b] << (8 * b);
            values[i] = (uint)((word >> shift) & mask);
        }
    }
}
