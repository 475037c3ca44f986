using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using HepDsl.Runtime.Columns;
using K4os.Compression.LZ4;
using SharpCompress.Compressors.Xz;

namespace HepDsl.Runtime.Compression;

/// <summary>Algorithms of ROOT's block compression (fCompress / 100).</summary>
public enum CompressionAlgorithm
{
    None = -1,
    Inherit = 0,
    Zlib = 1,
    Lzma = 2,
    OldRoot = 3,
    Lz4 = 4,
    Zstd = 5,
}

/// <summary>
/// Decodes ROOT's compressed payloads: a sequence of blocks, each with a 9-byte header (algorithm letters, method,
/// 3-byte little-endian compressed and uncompressed sizes) and a payload in that algorithm's own format.
/// </summary>
public static class RootDecompressor
{
    public const int BlockHeaderSize = 9;

    [ThreadStatic] private static ZstdSharp.Decompressor? _zstd;

    /// <summary>Human name of a ROOT fCompress setting, e.g. "zlib level 1".</summary>
    public static string Describe(int fCompress)
    {
        if (fCompress < 0) return "inherited";
        var algorithm = (CompressionAlgorithm)(fCompress / 100);
        int level = fCompress % 100;
        if (level == 0) return "uncompressed";
        return algorithm switch
        {
            CompressionAlgorithm.Inherit => $"zlib level {level}",
            CompressionAlgorithm.Zlib => $"zlib level {level}",
            CompressionAlgorithm.Lzma => $"lzma level {level}",
            CompressionAlgorithm.OldRoot => $"old-root level {level}",
            CompressionAlgorithm.Lz4 => $"lz4 level {level}",
            CompressionAlgorithm.Zstd => $"zstd level {level}",
            _ => $"algorithm {(int)algorithm} level {level}",
        };
    }

    /// <summary>
    /// Checks, before anything is allocated for it, that a payload's block headers add up to
    /// <paramref name="expected"/> uncompressed bytes, so a corrupt size cannot make the reader allocate gigabytes.
    /// </summary>
    public static void CheckDeclaredSize(ReadOnlySpan<byte> source, long expected, string where)
    {
        if (source.Length == expected) return;
        long total = 0;
        int inPos = 0, block = 0;
        while (inPos < source.Length && total < expected)
        {
            if (source.Length - inPos < BlockHeaderSize)
                throw new HepDataException($"{where}: truncated compression block header after {inPos} bytes");
            var header = source.Slice(inPos, BlockHeaderSize);
            int compressed = header[3] | header[4] << 8 | header[5] << 16;
            int uncompressed = header[6] | header[7] << 8 | header[8] << 16;
            if (compressed > source.Length - inPos - BlockHeaderSize)
                throw new HepDataException($"{where}: block {block} claims {compressed} compressed bytes but only {source.Length - inPos - BlockHeaderSize} remain");
            total += uncompressed;
            inPos += BlockHeaderSize + compressed;
            block++;
        }
        if (total != expected)
            throw new HepDataException($"{where}: compression blocks hold {total} bytes, the key says {expected}; the data is corrupt");
    }

    /// <summary>
    /// Fills <paramref name="destination"/> from the compressed <paramref name="source"/>, or throws a
    /// <see cref="HepDataException"/> that starts with <paramref name="where"/> (file, branch, basket, offset).
    /// </summary>
    public static void Decompress(ReadOnlySpan<byte> source, Span<byte> destination, string where)
    {
        if (source.Length == destination.Length)
        {
            // A payload whose stored size equals its uncompressed size was stored as is.
            source.CopyTo(destination);
            return;
        }
        int inPos = 0, outPos = 0, block = 0;
        while (outPos < destination.Length)
        {
            if (source.Length - inPos < BlockHeaderSize)
                throw new HepDataException($"{where}: compressed data ends after {inPos} bytes, {destination.Length - outPos} uncompressed bytes still expected");
            var header = source.Slice(inPos, BlockHeaderSize);
            int compressed = header[3] | header[4] << 8 | header[5] << 16;
            int uncompressed = header[6] | header[7] << 8 | header[8] << 16;
            string tag = Tag(header[0], header[1]);
            if (compressed > source.Length - inPos - BlockHeaderSize)
                throw new HepDataException($"{where}: block {block} ({tag}) claims {compressed} compressed bytes but only {source.Length - inPos - BlockHeaderSize} remain");
            if (uncompressed > destination.Length - outPos || uncompressed == 0)
                throw new HepDataException($"{where}: block {block} ({tag}) claims {uncompressed} uncompressed bytes but {destination.Length - outPos} are expected");
            var payload = source.Slice(inPos + BlockHeaderSize, compressed);
            var target = destination.Slice(outPos, uncompressed);
            try
            {
                DecodeBlock(tag, payload, target, where, block);
            }
            catch (HepDataException) { throw; }
            catch (Exception e)
            {
                throw new HepDataException($"{where}: block {block} ({tag}) cannot be decompressed: {e.Message}", e);
            }
            inPos += BlockHeaderSize + compressed;
            outPos += uncompressed;
            block++;
        }
    }

    /// <summary>
    /// Decodes one block. Error messages start with "<paramref name="where"/>: block N", built only when thrown: a
    /// string per block was most of what reading a zstd or LZ4 basket allocated.
    /// </summary>
    private static void DecodeBlock(string tag, ReadOnlySpan<byte> payload, Span<byte> target, string where, int block)
    {
        int produced;
        switch (tag)
        {
            case "ZL":
                produced = Inflate(payload, target, where, block);
                break;
            case "XZ":
                produced = Unxz(payload, target, where, block);
                break;
            case "L4":
                {
                    if (payload.Length < 8) throw new HepDataException($"{At(where, block)}: LZ4 block shorter than its checksum");
                    ulong expected = BinaryPrimitives.ReadUInt64BigEndian(payload);
                    var body = payload[8..];
                    ulong actual = XxHash64.HashToUInt64(body);
                    if (actual != expected)
                        throw new HepDataException($"{At(where, block)}: LZ4 checksum mismatch (stored {expected:x16}, computed {actual:x16}); the data is corrupt");
                    produced = LZ4Codec.Decode(body, target);
                    break;
                }
            case "ZS":
                // A decompressor holds sizeable tables: keep one per thread.
                produced = (_zstd ??= new ZstdSharp.Decompressor()).Unwrap(payload, target);
                break;
            case "CS":
                throw new HepDataException($"{At(where, block)}: the old ROOT 'CS' compression is not supported");
            default:
                throw new HepDataException($"{At(where, block)}: unknown compression algorithm '{Printable(tag)}'; the data is corrupt or of an unsupported kind");
        }
        if (produced != target.Length)
            throw new HepDataException($"{At(where, block)} ({tag}): decompressed to {produced} bytes, {target.Length} expected; the data is corrupt");
    }

    private static string At(string where, int block) => $"{where}: block {block}";

    // The known algorithm letters as literals: decompressing a basket must not allocate a string per block.
    private static string Tag(byte a, byte b) => (a, b) switch
    {
        ((byte)'Z', (byte)'L') => "ZL",
        ((byte)'X', (byte)'Z') => "XZ",
        ((byte)'L', (byte)'4') => "L4",
        ((byte)'Z', (byte)'S') => "ZS",
        ((byte)'C', (byte)'S') => "CS",
        _ => $"{(char)a}{(char)b}",
    };

    private static string Printable(string s)
    {
        foreach (char c in s) if (c < 32 || c > 126) return string.Join("", s.Select(ch => $"\\x{(int)ch:x2}"));
        return s;
    }

    private static unsafe int Inflate(ReadOnlySpan<byte> payload, Span<byte> target, string where, int block)
    {
        if (ZlibInflater.Available)
        {
            // One inflate state per thread, reset per block: nothing allocated (see ZlibInflater).
            int produced = ZlibInflater.Inflate(payload, target, out string? error);
            if (error is not null) throw new HepDataException($"{At(where, block)} (ZL): {error}; the data is corrupt");
            return produced;
        }
        fixed (byte* p = payload)
        {
            using var input = new UnmanagedMemoryStream(p, payload.Length);
            using var z = new ZLibStream(input, CompressionMode.Decompress);
            try
            {
                // Reading to the end of the stream makes zlib check the Adler-32 trailer of the uncompressed bytes.
                return ReadFully(z, target, where, block);
            }
            catch (InvalidDataException e)
            {
                throw new HepDataException($"{At(where, block)} (ZL): the zlib stream or its Adler-32 checksum is damaged ({e.Message}); the data is corrupt", e);
            }
        }
    }

    private static unsafe int Unxz(ReadOnlySpan<byte> payload, Span<byte> target, string where, int block)
    {
        // The usual case (LZMA2 alone; CRC32, CRC64, SHA-256 or no check) decodes straight into the target with a
        // per-thread decoder; anything else goes to SharpCompress, which allocates its decoder per block.
        int produced = XzDecoder.Decode(payload, target);
        if (produced != XzDecoder.Unsupported) return produced;
        fixed (byte* p = payload)
        {
            using var input = new UnmanagedMemoryStream(p, payload.Length);
            using var xz = new XZStream(input);
            return ReadFully(xz, target, where, block);
        }
    }

    /// <summary>
    /// Fills <paramref name="target"/>, then reads on to the end of the stream so the decoder reaches (and checks)
    /// its trailer; data beyond the declared size is an error.
    /// </summary>
    private static int ReadFully(Stream stream, Span<byte> target, string where, int block)
    {
        int done = 0;
        while (done < target.Length)
        {
            int n = stream.Read(target[done..]);
            if (n <= 0) return done;
            done += n;
        }
        Span<byte> extra = stackalloc byte[1];
        if (stream.Read(extra) != 0) throw new HepDataException($"{At(where, block)}: decompresses to more than the {target.Length} bytes declared; the data is corrupt");
        return done;
    }
}
