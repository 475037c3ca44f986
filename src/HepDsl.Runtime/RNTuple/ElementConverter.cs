using System.Numerics;
using System.Runtime.InteropServices;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// Converts decoded page elements to the field's in-memory type: the specification lets a field read columns of
/// other types (a <c>double</c> field over a <c>Real32</c> column for <c>Double32_t</c>, integer widths, bits as
/// integers), so the column's element type and the value type can differ.
/// </summary>
internal static class ElementConverter
{
    public static void Convert<T>(ElementType from, ReadOnlySpan<byte> source, Span<T> destination) where T : unmanaged
    {
        if (typeof(T) == typeof(bool)) ToBool(from, source, MemoryMarshal.Cast<T, byte>(destination));
        else if (typeof(T) == typeof(float)) To(from, source, MemoryMarshal.Cast<T, float>(destination));
        else if (typeof(T) == typeof(double)) To(from, source, MemoryMarshal.Cast<T, double>(destination));
        else if (typeof(T) == typeof(int)) To(from, source, MemoryMarshal.Cast<T, int>(destination));
        else if (typeof(T) == typeof(uint)) To(from, source, MemoryMarshal.Cast<T, uint>(destination));
        else if (typeof(T) == typeof(long)) To(from, source, MemoryMarshal.Cast<T, long>(destination));
        else if (typeof(T) == typeof(ulong)) To(from, source, MemoryMarshal.Cast<T, ulong>(destination));
        else if (typeof(T) == typeof(short)) To(from, source, MemoryMarshal.Cast<T, short>(destination));
        else if (typeof(T) == typeof(ushort)) To(from, source, MemoryMarshal.Cast<T, ushort>(destination));
        else if (typeof(T) == typeof(sbyte)) To(from, source, MemoryMarshal.Cast<T, sbyte>(destination));
        else if (typeof(T) == typeof(byte)) To(from, source, MemoryMarshal.Cast<T, byte>(destination));
        else throw new NotSupportedException($"values of type {typeof(T).Name}");
    }

    private static void ToBool(ElementType from, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int size = ColumnKinds.Size(from);
        for (int i = 0; i < destination.Length; i++)
        {
            bool any = false;
            foreach (var b in source.Slice(i * size, size)) any |= b != 0;
            destination[i] = any ? (byte)1 : (byte)0;
        }
    }

    private static void To<TTo>(ElementType from, ReadOnlySpan<byte> source, Span<TTo> destination) where TTo : unmanaged, INumberBase<TTo>
    {
        switch (from)
        {
            case ElementType.Bool or ElementType.UInt8: From<byte, TTo>(source, destination); break;
            case ElementType.Int8: From<sbyte, TTo>(source, destination); break;
            case ElementType.Int16: From<short, TTo>(source, destination); break;
            case ElementType.UInt16: From<ushort, TTo>(source, destination); break;
            case ElementType.Int32: From<int, TTo>(source, destination); break;
            case ElementType.UInt32: From<uint, TTo>(source, destination); break;
            case ElementType.Int64 or ElementType.Index: From<long, TTo>(source, destination); break;
            case ElementType.UInt64: From<ulong, TTo>(source, destination); break;
            case ElementType.Float32: From<float, TTo>(source, destination); break;
            case ElementType.Float64: From<double, TTo>(source, destination); break;
            default: throw new NotSupportedException($"{from} elements as numbers");
        }
    }

    private static void From<TFrom, TTo>(ReadOnlySpan<byte> source, Span<TTo> destination)
        where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        var values = MemoryMarshal.Cast<byte, TFrom>(source)[..destination.Length];
        if (typeof(TFrom) == typeof(TTo))
        {
            MemoryMarshal.Cast<TFrom, TTo>(values).CopyTo(destination);
            return;
        }
        if (typeof(TFrom) == typeof(long) && typeof(TTo) == typeof(uint))
        {
            // Collection sizes (cardinality fields, NanoAOD's nMuon): a plain narrowing loop, which the JIT keeps fast
            // in every tier, unlike the generic CreateTruncating below.
            var from = MemoryMarshal.Cast<TFrom, long>(values);
            var to = MemoryMarshal.Cast<TTo, uint>(destination);
            for (int i = 0; i < from.Length; i++) to[i] = (uint)from[i];
            return;
        }
        for (int i = 0; i < values.Length; i++) destination[i] = TTo.CreateTruncating(values[i]);
    }
}
