using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace HepDsl.Runtime.Root.Serialization;

/// <summary>Copies a run of values into ROOT's big-endian on-disk form (vectorised byte swaps).</summary>
internal static class BigEndianEncoder
{
    /// <summary>Writes values [start, start + count) of <paramref name="values"/> to <paramref name="target"/>; returns the bytes written.</summary>
    public static int Write(Array values, int start, int count, Span<byte> target) => values switch
    {
        bool[] v => Bytes(MemoryMarshal.AsBytes(v.AsSpan(start, count)), target),
        sbyte[] v => Bytes(MemoryMarshal.AsBytes(v.AsSpan(start, count)), target),
        byte[] v => Bytes(v.AsSpan(start, count), target),
        short[] v => Swap(v.AsSpan(start, count), target),
        ushort[] v => Swap(MemoryMarshal.Cast<ushort, short>(v.AsSpan(start, count)), target),
        int[] v => Swap(v.AsSpan(start, count), target),
        uint[] v => Swap(MemoryMarshal.Cast<uint, int>(v.AsSpan(start, count)), target),
        long[] v => Swap(v.AsSpan(start, count), target),
        ulong[] v => Swap(MemoryMarshal.Cast<ulong, long>(v.AsSpan(start, count)), target),
        float[] v => Swap(MemoryMarshal.Cast<float, int>(v.AsSpan(start, count)), target),
        double[] v => Swap(MemoryMarshal.Cast<double, long>(v.AsSpan(start, count)), target),
        _ => throw new NotSupportedException($"cannot write values of type {values.GetType().Name}"),
    };

    private static int Bytes(ReadOnlySpan<byte> source, Span<byte> target)
    {
        source.CopyTo(target);
        return source.Length;
    }

    private static int Swap(ReadOnlySpan<short> source, Span<byte> target)
    {
        BinaryPrimitives.ReverseEndianness(source, MemoryMarshal.Cast<byte, short>(target[..(source.Length * 2)]));
        return source.Length * 2;
    }

    private static int Swap(ReadOnlySpan<int> source, Span<byte> target)
    {
        BinaryPrimitives.ReverseEndianness(source, MemoryMarshal.Cast<byte, int>(target[..(source.Length * 4)]));
        return source.Length * 4;
    }

    private static int Swap(ReadOnlySpan<long> source, Span<byte> target)
    {
        BinaryPrimitives.ReverseEndianness(source, MemoryMarshal.Cast<byte, long>(target[..(source.Length * 8)]));
        return source.Length * 8;
    }
}
