using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HepDsl.Runtime.Root.Serialization;

/// <summary>Decodes runs of big-endian values with one copy and one vectorised byte swap.</summary>
internal static class BigEndian
{
    public static void Decode<T>(ReadOnlySpan<byte> source, Span<T> destination) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        source[..bytes.Length].CopyTo(bytes);
        switch (Unsafe.SizeOf<T>())
        {
            case 2:
                var u16 = MemoryMarshal.Cast<T, ushort>(destination);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<T, uint>(destination);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = MemoryMarshal.Cast<T, ulong>(destination);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
        if (typeof(T) == typeof(bool))
        {
            // .NET expects bools to be exactly 0 or 1.
            foreach (ref byte b in bytes)
                if (b > 1) b = 1;
        }
    }
}
