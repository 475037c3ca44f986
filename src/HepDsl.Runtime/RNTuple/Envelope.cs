using System.Buffers.Binary;
using System.IO.Hashing;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.RNTuple;

/// <summary>Envelope type IDs of the specification.</summary>
internal enum EnvelopeType : ushort
{
    Header = 1,
    Footer = 2,
    PageList = 3,
}

/// <summary>
/// Reads one envelope: fetches its bytes, decompresses them, checks the preamble (type and length) and the
/// XXH3-64 checksum over everything before it. A flipped byte anywhere in the envelope is an error here.
/// </summary>
internal static class Envelope
{
    private const int Preamble = 8, Checksum = 8;
    /// <summary>Larger envelopes would need several RBlobs (the anchor's max key size): refused as implausible.</summary>
    private const ulong MaxLength = 1UL << 30;

    /// <returns>A reader over the payload (positioned after the preamble, ending before the checksum) and the checksum.</returns>
    public static (EnvelopeReader Reader, ulong Checksum) Read(IByteSource source, Locator locator, ulong length, EnvelopeType type, string what)
    {
        string where = $"{source.Location}: {what} ({locator})";
        if (length < Preamble + Checksum || length > MaxLength)
            throw new HepDataException($"{where}: implausible uncompressed length {length}; the file is corrupt");
        if (locator.Size <= 0 || locator.Offset > (ulong)source.Length || (ulong)locator.Size > (ulong)source.Length - locator.Offset)
            throw new HepDataException($"{where}: the envelope does not fit in the file ({source.Length} bytes); the file is truncated or corrupt");
        var stored = new byte[locator.Size];
        source.ReadAsync((long)locator.Offset, stored).AsTask().GetAwaiter().GetResult();
        byte[] bytes;
        if ((ulong)stored.Length == length) bytes = stored;
        else
        {
            RootDecompressor.CheckDeclaredSize(stored, (long)length, where);
            bytes = new byte[length];
            RootDecompressor.Decompress(stored, bytes, where);
        }
        int body = bytes.Length - Checksum;
        ulong expected = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(body));
        ulong computed = XxHash3.HashToUInt64(bytes.AsSpan(0, body));
        if (expected != computed)
            throw new HepDataException($"{where}: checksum mismatch (stored 0x{expected:x16}, computed 0x{computed:x16}); the envelope is damaged");
        ulong preamble = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var foundType = (ushort)(preamble & 0xFFFF);
        ulong foundLength = preamble >> 16;
        if (foundType != (ushort)type)
            throw new HepDataException($"{where}: envelope of type {foundType}, expected {(ushort)type} ({type})");
        if (foundLength != length)
            throw new HepDataException($"{where}: envelope says it holds {foundLength} bytes, its link says {length}");
        var reader = new EnvelopeReader(bytes.AsMemory(0, body), where);
        reader.Seek(Preamble);
        return (reader, computed);
    }
}
