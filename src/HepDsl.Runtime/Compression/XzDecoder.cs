using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace HepDsl.Runtime.Compression;

/// <summary>
/// Decodes the .xz stream of a ROOT "XZ" block into the block's output without allocating: the container
/// (tukaani.org xz-file-format 1.2.1: stream header, blocks, index, stream footer, all with their CRC32s) is parsed
/// here and each block's LZMA2 data goes to this thread's <see cref="Lzma2Decoder"/>, which writes straight into the
/// output. The block's check (CRC32, as ROOT writes it, or CRC64 or SHA-256) is verified over the decoded bytes, the
/// index against the blocks read. Concatenated streams and stream padding are accepted.
/// </summary>
internal static class XzDecoder
{
    /// <summary>Returned when the stream uses something this decoder leaves to a general one (a filter chain other
    /// than LZMA2 alone, or a check type the format reserves).</summary>
    public const int Unsupported = -1;

    private const int HeaderSize = 12;
    private const int FooterSize = 12;
    private const ulong Lzma2FilterId = 0x21;

    [ThreadStatic] private static Lzma2Decoder? _lzma2;

    /// <summary>
    /// Decodes the whole of <paramref name="input"/> (one or more .xz streams) into <paramref name="output"/> and
    /// returns the bytes written, or <see cref="Unsupported"/>. Damage throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int inPos = 0, outPos = 0;
        do
        {
            int produced = DecodeStream(input[inPos..], output[outPos..], out int consumed);
            if (produced == Unsupported) return Unsupported;
            inPos += consumed;
            outPos += produced;
            // Stream padding: zero bytes, a multiple of four, before the next stream or the end.
            int zeros = 0;
            while (inPos < input.Length && input[inPos] == 0)
            {
                inPos++;
                zeros++;
            }
            if (zeros % 4 != 0) throw Corrupt($"{zeros} bytes of stream padding is not a multiple of four");
        }
        while (inPos < input.Length);
        return outPos;
    }

    private static int DecodeStream(ReadOnlySpan<byte> input, Span<byte> output, out int consumed)
    {
        consumed = 0;
        if (input.Length < HeaderSize + FooterSize) throw Corrupt($"{input.Length} bytes are too short for an xz stream");
        if (!input[..6].SequenceEqual((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]))
            throw Corrupt("the xz stream header's magic bytes are wrong");
        var flags = input.Slice(6, 2);
        if (Crc32.HashToUInt32(flags) != BinaryPrimitives.ReadUInt32LittleEndian(input[8..]))
            throw Corrupt("the xz stream header's CRC32 does not match");
        if (flags[0] != 0 || (flags[1] & 0xF0) != 0) throw Corrupt($"the xz stream flags 0x{flags[0]:x2}{flags[1]:x2} use reserved bits");
        int check = flags[1] & 0x0F;
        int checkSize = check switch { 0x00 => 0, 0x01 => 4, 0x04 => 8, 0x0A => 32, _ => -1 };
        if (checkSize < 0) return Unsupported;

        int pos = HeaderSize, outPos = 0;
        long blocks = 0;
        var records = new RecordDigest();
        while (true)
        {
            if (pos >= input.Length) throw Corrupt("the xz stream ends before its index");
            if (input[pos] == 0x00) break; // the index indicator
            int headerSize = (input[pos] + 1) * 4;
            if (headerSize > input.Length - pos) throw Corrupt("an xz block header is cut short");
            var header = input.Slice(pos, headerSize);
            if (Crc32.HashToUInt32(header[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(header[^4..]))
                throw Corrupt("an xz block header's CRC32 does not match");
            var fields = header[..^4];
            int blockFlags = fields[1];
            if ((blockFlags & 0x3C) != 0) throw Corrupt($"the xz block flags 0x{blockFlags:x2} use reserved bits");
            int at = 2;
            ulong declaredCompressed = 0, declaredUncompressed = 0;
            bool hasCompressed = (blockFlags & 0x40) != 0, hasUncompressed = (blockFlags & 0x80) != 0;
            if (hasCompressed && (!ReadVarint(fields, ref at, out declaredCompressed) || declaredCompressed == 0))
                throw Corrupt("an xz block header's compressed size is invalid");
            if (hasUncompressed && !ReadVarint(fields, ref at, out declaredUncompressed))
                throw Corrupt("an xz block header's uncompressed size is invalid");
            int filters = (blockFlags & 0x03) + 1;
            bool lzma2Only = filters == 1;
            int dictionary = -1;
            for (int f = 0; f < filters; f++)
            {
                if (!ReadVarint(fields, ref at, out ulong id) || !ReadVarint(fields, ref at, out ulong size) || size > (ulong)(fields.Length - at))
                    throw Corrupt("an xz block header's filter flags are invalid");
                if (id == Lzma2FilterId && size == 1) dictionary = fields[at];
                else lzma2Only = false;
                at += (int)size;
            }
            if (!lzma2Only) return Unsupported;
            if ((dictionary & 0xC0) != 0 || (dictionary & 0x3F) > 40) throw Corrupt($"invalid LZMA2 dictionary size byte 0x{dictionary:x2}");
            for (; at < fields.Length; at++)
                if (fields[at] != 0) throw Corrupt("an xz block header's padding is not zero");
            pos += headerSize;

            var decoder = _lzma2 ??= new Lzma2Decoder();
            int produced = decoder.Decode(input[pos..], output[outPos..], out int compressed);
            if (hasCompressed && declaredCompressed != (ulong)compressed)
                throw Corrupt($"an xz block holds {compressed} compressed bytes, its header says {declaredCompressed}");
            if (hasUncompressed && declaredUncompressed != (ulong)produced)
                throw Corrupt($"an xz block decodes to {produced} bytes, its header says {declaredUncompressed}");
            pos += compressed;
            while ((pos & 3) != 0)
            {
                if (pos >= input.Length || input[pos] != 0) throw Corrupt("an xz block's padding is missing or not zero");
                pos++;
            }
            if (checkSize > input.Length - pos) throw Corrupt("an xz block's check is cut short");
            VerifyCheck(check, output.Slice(outPos, produced), input.Slice(pos, checkSize));
            pos += checkSize;
            outPos += produced;
            blocks++;
            records.Add((ulong)(headerSize + compressed + checkSize), (ulong)produced);
        }

        // Index: indicator, record count, (unpadded size, uncompressed size) per block, padding, CRC32.
        int indexStart = pos++;
        if (!ReadVarint(input, ref pos, out ulong count) || count != (ulong)blocks)
            throw Corrupt($"the xz index lists a different number of blocks than the stream holds ({blocks})");
        var listed = new RecordDigest();
        for (ulong r = 0; r < count; r++)
        {
            if (!ReadVarint(input, ref pos, out ulong unpadded) || !ReadVarint(input, ref pos, out ulong uncompressed))
                throw Corrupt("the xz index is cut short or invalid");
            listed.Add(unpadded, uncompressed);
        }
        if (!listed.Equals(records)) throw Corrupt("the xz index does not match the blocks' sizes");
        while (((pos - indexStart) & 3) != 0)
        {
            if (pos >= input.Length || input[pos] != 0) throw Corrupt("the xz index padding is missing or not zero");
            pos++;
        }
        if (input.Length - pos < 4 + FooterSize) throw Corrupt("the xz stream ends inside its index or footer");
        if (Crc32.HashToUInt32(input[indexStart..pos]) != BinaryPrimitives.ReadUInt32LittleEndian(input[pos..]))
            throw Corrupt("the xz index's CRC32 does not match");
        pos += 4;
        long indexSize = pos - indexStart;

        // Footer: CRC32 of (backward size, flags), backward size, the header's flags again, "YZ".
        var footer = input.Slice(pos, FooterSize);
        if (Crc32.HashToUInt32(footer.Slice(4, 6)) != BinaryPrimitives.ReadUInt32LittleEndian(footer))
            throw Corrupt("the xz stream footer's CRC32 does not match");
        if (((long)BinaryPrimitives.ReadUInt32LittleEndian(footer[4..]) + 1) * 4 != indexSize)
            throw Corrupt("the xz stream footer's backward size does not match the index");
        if (footer[8] != flags[0] || footer[9] != flags[1] || footer[10] != (byte)'Y' || footer[11] != (byte)'Z')
            throw Corrupt("the xz stream footer does not match its header");
        consumed = pos + FooterSize;
        return outPos;
    }

    private static void VerifyCheck(int check, ReadOnlySpan<byte> data, ReadOnlySpan<byte> stored)
    {
        switch (check)
        {
            case 0x01:
                if (Crc32.HashToUInt32(data) != BinaryPrimitives.ReadUInt32LittleEndian(stored))
                    throw Corrupt("the CRC32 of the decompressed bytes does not match the xz block's check");
                break;
            case 0x04:
                if (Crc64Xz(data) != BinaryPrimitives.ReadUInt64LittleEndian(stored))
                    throw Corrupt("the CRC64 of the decompressed bytes does not match the xz block's check");
                break;
            case 0x0A:
                {
                    Span<byte> sha = stackalloc byte[32];
                    SHA256.HashData(data, sha);
                    if (!sha.SequenceEqual(stored)) throw Corrupt("the SHA-256 of the decompressed bytes does not match the xz block's check");
                    break;
                }
        }
    }

    /// <summary>xz's multibyte integer: 7 bits per byte, low first, at most 9 bytes, no redundant zero byte at the end.</summary>
    private static bool ReadVarint(ReadOnlySpan<byte> s, ref int pos, out ulong value)
    {
        value = 0;
        for (int i = 0; i < 9; i++)
        {
            if (pos >= s.Length) return false;
            byte b = s[pos++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return i == 0 || b != 0;
        }
        return false;
    }

    private static readonly ulong[] Crc64Table = BuildCrc64Table();

    private static ulong[] BuildCrc64Table()
    {
        var table = new ulong[256];
        for (uint i = 0; i < 256; i++)
        {
            ulong r = i;
            for (int k = 0; k < 8; k++) r = (r & 1) != 0 ? (r >> 1) ^ 0xC96C5795D7870F42UL : r >> 1;
            table[i] = r;
        }
        return table;
    }

    /// <summary>CRC-64/XZ (ECMA-182 polynomial, reflected, all-ones start and final XOR); rarely used by ROOT files.</summary>
    internal static ulong Crc64Xz(ReadOnlySpan<byte> data)
    {
        ulong crc = ulong.MaxValue;
        var table = Crc64Table;
        foreach (byte b in data) crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        return ~crc;
    }

    private static InvalidDataException Corrupt(string what) => new($"{what}; the data is corrupt");

    /// <summary>Order-sensitive digest of index records, to compare the index with the blocks without storing them.</summary>
    private struct RecordDigest : IEquatable<RecordDigest>
    {
        private ulong _unpadded, _uncompressed, _mix;

        public void Add(ulong unpadded, ulong uncompressed)
        {
            _unpadded += unpadded;
            _uncompressed += uncompressed;
            _mix = (_mix ^ unpadded) * 0x100000001B3UL;
            _mix = (_mix ^ uncompressed) * 0x100000001B3UL;
        }

        public readonly bool Equals(RecordDigest other) =>
            _unpadded == other._unpadded && _uncompressed == other._uncompressed && _mix == other._mix;

        public override readonly bool Equals(object? obj) => obj is RecordDigest other && Equals(other);
        public override readonly int GetHashCode() => HashCode.Combine(_unpadded, _uncompressed, _mix);
    }
}
