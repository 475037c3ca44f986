using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using HepDsl.Runtime.Compression;
using K4os.Compression.LZ4;

namespace HepDsl.Runtime.Compression;

/// <summary>
/// ROOT's block framing of a compressed payload (what <see cref="RootDecompressor"/> reads): blocks of at most
/// 16 MiB - 1 uncompressed bytes (64 KiB for LZMA, see below), each a 9-byte header (algorithm letters, method byte, compressed and uncompressed
/// sizes as 3-byte little-endian integers) and the algorithm's own stream: a zlib stream (ZL), an .xz stream (XZ),
/// an 8-byte big-endian XXH64 of the LZ4 block then the block (L4), or a Zstandard frame (ZS).
/// Like ROOT, a payload that would not get smaller is stored as it is; readers tell the two apart by the sizes.
/// Thread-safe: every call uses its own codec state.
/// </summary>
internal static class RootBlockCompressor
{
    public const int MaxBlock = 0xFFFFFF;
    private const int HeaderSize = 9;

    /// <summary>The bytes to store: the framed blocks, or a copy of <paramref name="raw"/> when that is not smaller.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> raw, RootCompression setting)
    {
        if (!setting.IsCompressed || raw.Length == 0) return raw.ToArray();
        var output = new MemoryStream(raw.Length / 2 + 64);
        // LZMA blocks hold one LZMA2 chunk each: JSROOT's LZMA reader skips the 29 bytes of .xz and LZMA2 headers
        // and decodes the rest as a single raw LZMA stream, so it reads only single-chunk blocks (what ROOT's
        // ~32 KB baskets give). Other algorithms use ROOT's 16 MiB blocks.
        int blockSize = setting.Algorithm == CompressionAlgorithm.Lzma ? XzEncoder.Piece : MaxBlock;
        for (int start = 0; start < raw.Length; start += blockSize)
        {
            var block = raw.Slice(start, Math.Min(blockSize, raw.Length - start));
            var (letters, method, payload) = Encode(block, setting);
            // A block's compressed size must fit its 3-byte field; if it does not, the data is stored raw.
            if (payload.Length > MaxBlock || output.Length + HeaderSize + payload.Length >= raw.Length) return raw.ToArray();
            // A block LZMA cannot shrink would hold an uncompressed LZMA2 chunk, which JSROOT cannot read: store all raw.
            if (setting.Algorithm == CompressionAlgorithm.Lzma && payload.Length >= block.Length) return raw.ToArray();
            output.Write(letters);
            output.WriteByte(method);
            WriteSize(output, payload.Length);
            WriteSize(output, block.Length);
            output.Write(payload);
        }
        return output.ToArray();
    }

    private static (byte[] Letters, byte Method, byte[] Payload) Encode(ReadOnlySpan<byte> block, RootCompression setting) => setting.Algorithm switch
    {
        CompressionAlgorithm.Zlib => ("ZL"u8.ToArray(), 8, Deflate(block, setting.Level)),
        CompressionAlgorithm.Lzma => ("XZ"u8.ToArray(), 0, XzEncoder.Encode(block, setting.Level)),
        CompressionAlgorithm.Lz4 => ("L4"u8.ToArray(), 1, Lz4(block, setting.Level)),
        CompressionAlgorithm.Zstd => ("ZS"u8.ToArray(), 1, Zstd(block, setting.Level)),
        _ => throw new NotSupportedException($"cannot write ROOT compression algorithm {setting.Algorithm}"),
    };

    private static byte[] Deflate(ReadOnlySpan<byte> block, int level)
    {
        // .NET exposes zlib's levels as three presets: 1 (fastest), 6 (optimal) and 9 (smallest).
        var preset = level <= 3 ? CompressionLevel.Fastest : level <= 6 ? CompressionLevel.Optimal : CompressionLevel.SmallestSize;
        using var deflated = new MemoryStream(block.Length / 2 + 64);
        using (var z = new ZLibStream(deflated, preset, leaveOpen: true)) z.Write(block);
        return deflated.ToArray();
    }

    private static byte[] Lz4(ReadOnlySpan<byte> block, int level)
    {
        // ROOT: levels below 4 use LZ4's fast mode, higher ones LZ4-HC.
        var lz4Level = level < 4 ? LZ4Level.L00_FAST : (LZ4Level)Math.Min(level, (int)LZ4Level.L12_MAX);
        var target = new byte[8 + LZ4Codec.MaximumOutputSize(block.Length)];
        int n = LZ4Codec.Encode(block, target.AsSpan(8), lz4Level);
        if (n <= 0) throw new InvalidOperationException("LZ4 compression failed");
        BinaryPrimitives.WriteUInt64BigEndian(target, XxHash64.HashToUInt64(target.AsSpan(8, n)));
        return target.AsSpan(0, 8 + n).ToArray();
    }

    [ThreadStatic] private static ZstdSharp.Compressor? _zstd;
    [ThreadStatic] private static int _zstdLevel;

    private static byte[] Zstd(ReadOnlySpan<byte> block, int level)
    {
        // A compressor holds sizeable tables: keep one per thread and level.
        if (_zstd is null || _zstdLevel != level)
        {
            _zstd?.Dispose();
            _zstd = new ZstdSharp.Compressor(level);
            _zstdLevel = level;
        }
        return _zstd.Wrap(block).ToArray();
    }

    private static void WriteSize(Stream s, int n)
    {
        s.WriteByte((byte)n);
        s.WriteByte((byte)(n >> 8));
        s.WriteByte((byte)(n >> 16));
    }
}
