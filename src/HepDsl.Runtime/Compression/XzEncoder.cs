using System.Buffers.Binary;
using System.IO.Hashing;
using SharpCompress.Compressors.LZMA;

namespace HepDsl.Runtime.Compression;

/// <summary>
/// Writes a complete .xz stream (what ROOT's XZ blocks hold) with one LZMA2 block and a CRC32 check.
/// SharpCompress only encodes raw LZMA1, so the LZMA2 chunking is done here: the input is cut into pieces of at most
/// 64 KiB, each encoded by a fresh LZMA encoder and stored as an LZMA2 chunk that resets dictionary, state and
/// properties (so the fresh encoder's view of the past, empty, is the decoder's too); a piece LZMA does not shrink
/// becomes an uncompressed chunk. Format: tukaani.org xz-file-format 1.2.1 and lzma2 chunk headers as liblzma reads them.
/// </summary>
internal static class XzEncoder
{
    /// <summary>
    /// Input bytes per LZMA2 chunk. A chunk carries at most 64 KiB compressed; pieces of 64 KiB input keep nearly every
    /// chunk within that. Input of at most this size becomes a single-chunk stream.
    /// </summary>
    public const int Piece = 1 << 16;
    private const int DictionarySize = 1 << 16;   // no match reaches outside its own piece
    private const byte DictionaryProperty = 8;     // LZMA2 dictionary byte for 64 KiB: (2 | 0) << (8 / 2 + 11)
    private static readonly byte[] Magic = [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0];
    private static readonly byte[] StreamFlags = [0, 1]; // check type 1: CRC32

    public static byte[] Encode(ReadOnlySpan<byte> data, int level)
    {
        var output = new MemoryStream(data.Length / 3 + 128);
        output.Write(Magic);
        output.Write(StreamFlags);
        WriteCrc(output, StreamFlags);

        // Block header: size byte, flags (one filter, no sizes), filter LZMA2 (id 0x21, 1 property byte), padding, CRC32.
        byte[] blockHeader = [2, 0, 0x21, 1, DictionaryProperty, 0, 0, 0];
        output.Write(blockHeader);
        WriteCrc(output, blockHeader);
        long dataStart = output.Position;
        int fastBytes = level >= 4 ? 64 : 32;   // liblzma's nice_len: 64 for presets 4-9 (higher buys ~nothing here, costs ~20 %)
        for (int start = 0; start < data.Length; start += Piece)
            WriteChunk(output, data.Slice(start, Math.Min(Piece, data.Length - start)), fastBytes);
        output.WriteByte(0); // end of LZMA2 data
        long unpadded = (output.Position - dataStart) + 12 + 4;
        while (output.Position % 4 != 0) output.WriteByte(0);
        WriteUInt32(output, Crc32.HashToUInt32(data));

        // Index: one record (unpadded block size, uncompressed size), padded to 4 bytes, with its CRC32.
        var index = new MemoryStream();
        index.WriteByte(0);
        WriteVarint(index, 1);
        WriteVarint(index, (ulong)unpadded);
        WriteVarint(index, (ulong)data.Length);
        while (index.Length % 4 != 0) index.WriteByte(0);
        var indexBytes = index.ToArray();
        output.Write(indexBytes);
        WriteCrc(output, indexBytes);

        // Footer: CRC32 of (backward size, flags), backward size (index size / 4 - 1), flags, "YZ".
        var footer = new byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, (uint)((indexBytes.Length + 4) / 4 - 1));
        footer[4] = StreamFlags[0];
        footer[5] = StreamFlags[1];
        WriteCrc(output, footer);
        output.Write(footer);
        output.Write("YZ"u8);
        return output.ToArray();
    }

    private static void WriteChunk(MemoryStream output, ReadOnlySpan<byte> piece, int fastBytes)
    {
        var packed = new MemoryStream(piece.Length + 64);
        byte properties;
        using (var lzma = LzmaStream.Create(new LzmaEncoderProperties(false, DictionarySize, fastBytes), false, packed))
        {
            properties = lzma.Properties[0];   // lc, lp, pb packed as (pb * 5 + lp) * 9 + lc
            lzma.Write(piece);
        }
        int unpackedMinus1 = piece.Length - 1;
        if (packed.Length <= Piece && packed.Length < piece.Length)
        {
            int packedMinus1 = (int)packed.Length - 1;
            // 0xE0: LZMA chunk that resets dictionary, state and properties; bits 0-4 are bits 16-20 of the size.
            output.WriteByte((byte)(0xE0 | (unpackedMinus1 >> 16)));
            output.WriteByte((byte)(unpackedMinus1 >> 8));
            output.WriteByte((byte)unpackedMinus1);
            output.WriteByte((byte)(packedMinus1 >> 8));
            output.WriteByte((byte)packedMinus1);
            output.WriteByte(properties);
            packed.Position = 0;
            packed.CopyTo(output);
        }
        else
        {
            // 0x01: uncompressed chunk with a dictionary reset (the next LZMA chunk resets everything anyway).
            output.WriteByte(1);
            output.WriteByte((byte)(unpackedMinus1 >> 8));
            output.WriteByte((byte)unpackedMinus1);
            output.Write(piece);
        }
    }

    private static void WriteCrc(Stream s, ReadOnlySpan<byte> bytes) => WriteUInt32(s, Crc32.HashToUInt32(bytes));

    private static void WriteUInt32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }

    private static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }
}
