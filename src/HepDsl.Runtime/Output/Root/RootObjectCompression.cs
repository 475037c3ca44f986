using System.IO.Compression;

namespace HepDsl.Runtime.Output.Root;

/// <summary>
/// ROOT's zlib framing of a stored object: blocks of at most 16 MiB - 1 uncompressed, each with a 9-byte header
/// ("ZL", method 8 = deflate, compressed and uncompressed sizes as 3-byte little-endian) and a zlib stream.
/// Like ROOT, an object that would not get smaller is stored as it is; readers tell the two apart by the sizes.
/// </summary>
internal static class RootObjectCompression
{
    /// <summary>The algorithm*100+level code for the file header (zlib, level 6: .NET's "optimal").</summary>
    public const int HeaderCode = 106;
    private const int MaxBlock = 0xFFFFFF;

    public static byte[] Compress(ReadOnlySpan<byte> raw)
    {
        using var output = new MemoryStream();
        for (var start = 0; start < raw.Length; start += MaxBlock)
        {
            var block = raw.Slice(start, Math.Min(MaxBlock, raw.Length - start));
            using var deflated = new MemoryStream();
            using (var z = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true)) z.Write(block);
            var compressedSize = (int)deflated.Length;
            if (compressedSize > MaxBlock) return raw.ToArray();
            output.Write("ZL"u8);
            output.WriteByte(8);
            WriteSize(output, compressedSize);
            WriteSize(output, block.Length);
            deflated.Position = 0;
            deflated.CopyTo(output);
        }
        return output.Length < raw.Length ? output.ToArray() : raw.ToArray();
    }

    private static void WriteSize(Stream s, int n)
    {
        s.WriteByte((byte)n);
        s.WriteByte((byte)(n >> 8));
        s.WriteByte((byte)(n >> 16));
    }
}
