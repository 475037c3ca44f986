using System.Buffers.Binary;
using System.Security.Cryptography;

namespace HepDsl.Runtime.Results;

/// <summary>
/// The wire format of a partial result, as a worker sends it to the merger. Layout (little-endian):
/// magic "HEPRSLT\0" (8 bytes), format version (uint16), reserved (uint16, 0), payload length (int64),
/// payload (see <see cref="ResultPayloadWriter"/>), SHA-256 of every byte before it (32 bytes).
/// The checksum is verified before anything is parsed, so a damaged or truncated result is refused with
/// a clear error instead of merging silently wrong numbers. Doubles are stored bit for bit.
/// </summary>
public static class ResultSetSerializer
{
    // Version 2 added the 1D counts-axis label; version 3 an aggregate's title and its shifted sums (a stable mean
    // error). Older results are refused rather than read with a guessed layout.
    public const ushort FormatVersion = 3;
    private static ReadOnlySpan<byte> Magic => "HEPRSLT\0"u8;
    private const int HeaderSize = 8 + 2 + 2 + 8;
    private const int ChecksumSize = SHA256.HashSizeInBytes;

    public static byte[] Serialize(ResultSet result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var payload = ResultPayloadWriter.Write(result);
        var bytes = new byte[HeaderSize + payload.Length + ChecksumSize];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), 0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12), payload.Length);
        payload.CopyTo(bytes.AsSpan(HeaderSize));
        SHA256.HashData(bytes.AsSpan(0, HeaderSize + payload.Length), bytes.AsSpan(HeaderSize + payload.Length));
        return bytes;
    }

    public static ResultSet Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize + ChecksumSize)
            throw new InvalidDataException($"partial result is truncated: {bytes.Length} bytes, a result is at least {HeaderSize + ChecksumSize}");
        if (!bytes[..8].SequenceEqual(Magic))
            throw new InvalidDataException("not a HepDsl partial result (bad magic bytes)");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (version != FormatVersion)
            throw new InvalidDataException($"partial result has format version {version}; this runtime reads version {FormatVersion}");
        var length = BinaryPrimitives.ReadInt64LittleEndian(bytes[12..]);
        if (length < 0 || length != bytes.Length - HeaderSize - ChecksumSize)
            throw new InvalidDataException($"partial result is truncated or padded: header declares a {length}-byte payload, {bytes.Length - HeaderSize - ChecksumSize} bytes present");
        Span<byte> actual = stackalloc byte[ChecksumSize];
        SHA256.HashData(bytes[..(HeaderSize + (int)length)], actual);
        if (!actual.SequenceEqual(bytes[(HeaderSize + (int)length)..]))
            throw new InvalidDataException("partial result is corrupt: SHA-256 checksum mismatch");
        return ResultPayloadReader.Read(bytes.Slice(HeaderSize, (int)length));
    }
}
