using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// The inner loops of page decoding, vectorised where the hardware allows: the split encoding (byte planes back
/// into elements, 16 elements per step with byte/word interleaves on SSE2 or NEON), zigzag, and bits to bools.
/// Every loop has a scalar tail, and a scalar path when no 128-bit interleave exists.
/// </summary>
internal static class ByteSplit
{
    private static bool Interleaves => Sse2.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>Split encoding stores all first bytes, then all second bytes, ...: gathers them back per element.</summary>
    public static void Join(ReadOnlySpan<byte> packed, int n, int width, Span<byte> output)
    {
        if (packed.Length < n * width || output.Length < n * width)
            throw new ArgumentException($"split page of {n} elements of {width} bytes: {packed.Length} bytes in, room for {output.Length} out");
        int done = 0;
        if (Interleaves)
            done = width switch
            {
                2 => Join2(packed, n, output),
                4 => Join4(packed, n, output),
                8 => Join8(packed, n, output),
                _ => 0,
            };
        for (int b = 0; b < width; b++)
        {
            var plane = packed.Slice(b * n, n);
            for (int i = done; i < n; i++) output[i * width + b] = plane[i];
        }
    }

    private static int Join2(ReadOnlySpan<byte> packed, int n, Span<byte> output)
    {
        ref byte src = ref MemoryMarshal.GetReference(packed);
        ref byte dst = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var a = Vector128.LoadUnsafe(ref src, (nuint)i);
            var b = Vector128.LoadUnsafe(ref src, (nuint)(n + i));
            Lo8(a, b).StoreUnsafe(ref dst, (nuint)(2 * i));
            Hi8(a, b).StoreUnsafe(ref dst, (nuint)(2 * i + 16));
        }
        return i;
    }

    private static int Join4(ReadOnlySpan<byte> packed, int n, Span<byte> output)
    {
        ref byte src = ref MemoryMarshal.GetReference(packed);
        ref byte dst = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var a = Vector128.LoadUnsafe(ref src, (nuint)i);
            var b = Vector128.LoadUnsafe(ref src, (nuint)(n + i));
            var c = Vector128.LoadUnsafe(ref src, (nuint)(2 * n + i));
            var d = Vector128.LoadUnsafe(ref src, (nuint)(3 * n + i));
            Vector128<byte> abLo = Lo8(a, b), abHi = Hi8(a, b), cdLo = Lo8(c, d), cdHi = Hi8(c, d);
            nuint at = (nuint)(4 * i);
            Lo16(abLo, cdLo).StoreUnsafe(ref dst, at);
            Hi16(abLo, cdLo).StoreUnsafe(ref dst, at + 16);
            Lo16(abHi, cdHi).StoreUnsafe(ref dst, at + 32);
            Hi16(abHi, cdHi).StoreUnsafe(ref dst, at + 48);
        }
        return i;
    }

    private static int Join8(ReadOnlySpan<byte> packed, int n, Span<byte> output)
    {
        ref byte src = ref MemoryMarshal.GetReference(packed);
        ref byte dst = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var p0 = Vector128.LoadUnsafe(ref src, (nuint)i);
            var p1 = Vector128.LoadUnsafe(ref src, (nuint)(n + i));
            var p2 = Vector128.LoadUnsafe(ref src, (nuint)(2 * n + i));
            var p3 = Vector128.LoadUnsafe(ref src, (nuint)(3 * n + i));
            var p4 = Vector128.LoadUnsafe(ref src, (nuint)(4 * n + i));
            var p5 = Vector128.LoadUnsafe(ref src, (nuint)(5 * n + i));
            var p6 = Vector128.LoadUnsafe(ref src, (nuint)(6 * n + i));
            var p7 = Vector128.LoadUnsafe(ref src, (nuint)(7 * n + i));
            Vector128<byte> b01Lo = Lo8(p0, p1), b01Hi = Hi8(p0, p1), b23Lo = Lo8(p2, p3), b23Hi = Hi8(p2, p3);
            Vector128<byte> b45Lo = Lo8(p4, p5), b45Hi = Hi8(p4, p5), b67Lo = Lo8(p6, p7), b67Hi = Hi8(p6, p7);
            // Bytes 0-3 and 4-7 of elements 0-3, 4-7, 8-11, 12-15.
            Vector128<byte> l0 = Lo16(b01Lo, b23Lo), l1 = Hi16(b01Lo, b23Lo), l2 = Lo16(b01Hi, b23Hi), l3 = Hi16(b01Hi, b23Hi);
            Vector128<byte> h0 = Lo16(b45Lo, b67Lo), h1 = Hi16(b45Lo, b67Lo), h2 = Lo16(b45Hi, b67Hi), h3 = Hi16(b45Hi, b67Hi);
            nuint at = (nuint)(8 * i);
            Lo32(l0, h0).StoreUnsafe(ref dst, at);
            Hi32(l0, h0).StoreUnsafe(ref dst, at + 16);
            Lo32(l1, h1).StoreUnsafe(ref dst, at + 32);
            Hi32(l1, h1).StoreUnsafe(ref dst, at + 48);
            Lo32(l2, h2).StoreUnsafe(ref dst, at + 64);
            Hi32(l2, h2).StoreUnsafe(ref dst, at + 80);
            Lo32(l3, h3).StoreUnsafe(ref dst, at + 96);
            Hi32(l3, h3).StoreUnsafe(ref dst, at + 112);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Lo8(Vector128<byte> a, Vector128<byte> b) => Sse2.IsSupported ? Sse2.UnpackLow(a, b) : AdvSimd.Arm64.ZipLow(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Hi8(Vector128<byte> a, Vector128<byte> b) => Sse2.IsSupported ? Sse2.UnpackHigh(a, b) : AdvSimd.Arm64.ZipHigh(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Lo16(Vector128<byte> a, Vector128<byte> b) =>
        (Sse2.IsSupported ? Sse2.UnpackLow(a.AsUInt16(), b.AsUInt16()) : AdvSimd.Arm64.ZipLow(a.AsUInt16(), b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Hi16(Vector128<byte> a, Vector128<byte> b) =>
        (Sse2.IsSupported ? Sse2.UnpackHigh(a.AsUInt16(), b.AsUInt16()) : AdvSimd.Arm64.ZipHigh(a.AsUInt16(), b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Lo32(Vector128<byte> a, Vector128<byte> b) =>
        (Sse2.IsSupported ? Sse2.UnpackLow(a.AsUInt32(), b.AsUInt32()) : AdvSimd.Arm64.ZipLow(a.AsUInt32(), b.AsUInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Hi32(Vector128<byte> a, Vector128<byte> b) =>
        (Sse2.IsSupported ? Sse2.UnpackHigh(a.AsUInt32(), b.AsUInt32()) : AdvSimd.Arm64.ZipHigh(a.AsUInt32(), b.AsUInt32())).AsByte();

    /// <summary>Zigzag decoding in place: 0, 1, 2, 3, ... back to 0, -1, 1, -2, ... (as the unsigned bit pattern).</summary>
    public static void Unzigzag<T>(Span<T> values) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref T r = ref MemoryMarshal.GetReference(values);
            for (; i + Vector128<T>.Count <= values.Length; i += Vector128<T>.Count)
            {
                var x = Vector128.LoadUnsafe(ref r, (nuint)i);
                ((x >>> 1) ^ (Vector128<T>.Zero - (x & Vector128<T>.One))).StoreUnsafe(ref r, (nuint)i);
            }
        }
        for (; i < values.Length; i++) values[i] = (values[i] >>> 1) ^ (T.Zero - (values[i] & T.One));
    }

    /// <summary>Per byte value, its 8 bits spread to the 8 bytes of a little-endian word (bit k to byte k).</summary>
    private static readonly ulong[] Spread = BuildSpread();

    private static ulong[] BuildSpread()
    {
        var table = new ulong[256];
        for (int v = 0; v < 256; v++)
            for (int k = 0; k < 8; k++)
                if ((v >> k & 1) != 0) table[v] |= 1UL << (8 * k);
        return table;
    }

    /// <summary>The bit column: bit i (bit i%8 of byte i/8) becomes byte i, 0 or 1.</summary>
    public static void Bits(ReadOnlySpan<byte> packed, int n, Span<byte> output)
    {
        if (packed.Length < (n + 7) / 8 || output.Length < n)
            throw new ArgumentException($"bit page of {n} elements: {packed.Length} bytes in, room for {output.Length} out");
        var words = MemoryMarshal.Cast<byte, ulong>(output[..(n & ~7)]);
        for (int w = 0; w < words.Length; w++)
        {
            ulong spread = Spread[packed[w]];
            words[w] = BitConverter.IsLittleEndian ? spread : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(spread);
        }
        for (int i = n & ~7; i < n; i++) output[i] = (byte)((packed[i >> 3] >> (i & 7)) & 1);
    }
}
