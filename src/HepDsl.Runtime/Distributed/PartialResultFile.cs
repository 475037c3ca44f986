using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// What a stored partial result is the result of: the analysis assembly (its SHA-256, which the host checked before
/// loading it), the input (location, tree, and its version: size and ETag or modification time), the entry range, and
/// the result format. The host writes it into the object; the driver reuses an object only when every field equals
/// the partition it needs, so a result of another analysis (even one with the same name), another input version or
/// another range, or of an older format, is recomputed instead of merged.
/// </summary>
public sealed record PartialResultBinding(
    string AnalysisSha256, string Location, string Tree, long FirstEntry, long EntryCount,
    long InputSize, string? InputETag, long? InputModifiedTicks, int ResultFormat)
{
    public static PartialResultBinding For(string analysisSha256, Partition partition, InputVersion input) => new(
        analysisSha256.ToLowerInvariant(), partition.Location, partition.Tree, partition.FirstEntry, partition.EntryCount,
        input.Size, input.ETag, input.LastModified?.UtcTicks, ResultSetSerializer.FormatVersion);
}

/// <summary>
/// A partial result as stored in S3 (<c>.hepres</c>). Layout (little-endian): magic "HEPPART\0" (8 bytes), envelope
/// version (uint16), reserved (uint16, 0), binding length (int32), the <see cref="PartialResultBinding"/> as UTF-8
/// JSON, result length (int64), the result in <see cref="ResultSetSerializer"/>'s format (with its own checksum), and
/// the SHA-256 of every byte before it. <see cref="Read"/> checks the checksum, then the binding, then the result.
/// </summary>
public static class PartialResultFile
{
    public const ushort EnvelopeVersion = 1;
    private static ReadOnlySpan<byte> Magic => "HEPPART\0"u8;
    private const int HashSize = SHA256.HashSizeInBytes;

    public static byte[] Write(PartialResultBinding binding, ResultSet result)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(binding, PayloadJson.Options);
        var inner = ResultSetSerializer.Serialize(result);
        var bytes = new byte[8 + 2 + 2 + 4 + json.Length + 8 + inner.Length + HashSize];
        int at = 0;
        Magic.CopyTo(bytes);
        at += 8;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), EnvelopeVersion);
        at += 4; // version and the reserved zero
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), json.Length);
        at += 4;
        json.CopyTo(bytes, at);
        at += json.Length;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), inner.Length);
        at += 8;
        inner.CopyTo(bytes, at);
        at += inner.Length;
        SHA256.HashData(bytes.AsSpan(0, at), bytes.AsSpan(at));
        return bytes;
    }

    /// <summary>
    /// The result stored in <paramref name="bytes"/>, if it is intact and bound to exactly <paramref name="expected"/>;
    /// otherwise <see cref="InvalidDataException"/> saying which field differs.
    /// </summary>
    public static ResultSet Read(ReadOnlySpan<byte> bytes, PartialResultBinding expected)
    {
        if (bytes.Length < 8 + 4 + 4 + 8 + HashSize || !bytes[..8].SequenceEqual(Magic))
            throw new InvalidDataException("not a HepDsl partial result (no HEPPART header)");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (version != EnvelopeVersion)
            throw new InvalidDataException($"partial result envelope version {version}; this runtime reads version {EnvelopeVersion}");
        var body = bytes[..^HashSize];
        Span<byte> actual = stackalloc byte[HashSize];
        SHA256.HashData(body, actual);
        if (!actual.SequenceEqual(bytes[^HashSize..]))
            throw new InvalidDataException("partial result is corrupt: SHA-256 checksum mismatch");
        int jsonLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (jsonLength < 2 || jsonLength > body.Length - 16 - 8)
            throw new InvalidDataException($"partial result binding length {jsonLength} does not fit the object");
        var binding = PayloadJson.Deserialize<PartialResultBinding>(body.Slice(16, jsonLength), "the partial result's binding");
        if (Difference(expected, binding) is { } difference)
            throw new InvalidDataException($"partial result is bound to other work: {difference}");
        int at = 16 + jsonLength;
        long innerLength = BinaryPrimitives.ReadInt64LittleEndian(body[at..]);
        at += 8;
        if (innerLength != body.Length - at)
            throw new InvalidDataException($"partial result declares {innerLength} result bytes, {body.Length - at} present");
        return ResultSetSerializer.Deserialize(body[at..]);
    }

    private static string? Difference(PartialResultBinding expected, PartialResultBinding stored)
    {
        static string? Field<T>(string name, T want, T have) =>
            EqualityComparer<T>.Default.Equals(want, have) ? null : $"{name} is {have?.ToString() ?? "(none)"}, expected {want?.ToString() ?? "(none)"}";
        return Field("analysis SHA-256", expected.AnalysisSha256, stored.AnalysisSha256)
            ?? Field("result format", expected.ResultFormat, stored.ResultFormat)
            ?? Field("input", expected.Location, stored.Location)
            ?? Field("tree", expected.Tree, stored.Tree)
            ?? Field("first entry", expected.FirstEntry, stored.FirstEntry)
            ?? Field("entry count", expected.EntryCount, stored.EntryCount)
            ?? Field("input size", expected.InputSize, stored.InputSize)
            ?? Field("input ETag", expected.InputETag, stored.InputETag)
            ?? Field("input modification time", expected.InputModifiedTicks, stored.InputModifiedTicks);
    }
}
