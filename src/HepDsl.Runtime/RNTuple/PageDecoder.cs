using System.Buffers;
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
                ByteSplit.Bits(packed, n, output);
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
                ByteSplit.Join(packed, n, column.Bits / 8, output);
                PostSplit(column.Kind, n, output);
                break;
            case ColumnKind.SplitReal16:
            {
                var joined = ArrayPool<byte>.Shared.Rent(n * 2);
                ByteSplit.Join(packed, n, 2, joined);
                Halves(joined, n, output);
                ArrayPool<byte>.Shared.Return(joined);
                break;
            }
            case ColumnKind.SplitIndex32:
            {
                var joined = ArrayPool<byte>.Shared.Rent(n * 4);
                ByteSplit.Join(packed, n, 4, joined);
                Widen(MemoryMarshal.Cast<byte, uint>(joined.AsSpan(0, 4 * n)), MemoryMarshal.Cast<byte, long>(output)[..n]);
                ArrayPool<byte>.Shared.Return(joined);
                PrefixSum(MemoryMarshal.Cast<byte, long>(output)[..n]);
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

    private static void PostSplit(ColumnKind kind, int n, Span<byte> output)
    {
        switch (kind)
        {
            case ColumnKind.SplitInt16: ByteSplit.Unzigzag(MemoryMarshal.Cast<byte, ushort>(output)[..n]); break;
            case ColumnKind.SplitInt32: ByteSplit.Unzigzag(MemoryMarshal.Cast<byte, uint>(output)[..n]); break;
            case ColumnKind.SplitInt64: ByteSplit.Unzigzag(MemoryMarshal.Cast<byte, ulong>(output)[..n]); break;
            case ColumnKind.SplitIndex64: PrefixSum(MemoryMarshal.Cast<byte, long>(output)[..n]); break;
        }
    }

    /// <summary>Delta encoding of index columns: each stored value is the difference to the previous offset.</summary>
    private static void PrefixSum(Span<long> values)
    {
        long sum = 0;
        for (int i = 0; i < values.Length; i++) values[i] = sum += values[i];
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
