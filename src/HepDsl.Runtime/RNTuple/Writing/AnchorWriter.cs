using System.Buffers.Binary;
using System.IO.Hashing;

namespace HepDsl.Runtime.RNTuple.Writing;

/// <summary>
/// The <c>ROOT::RNTuple</c> object (class version 2) as <see cref="Anchor.Read"/> and ROOT read it: a streamer byte
/// count and version, then big-endian the format version (1.0.0.0) and where the header and footer are, then the
/// XXH3-64 of those fields.
/// </summary>
internal static class AnchorWriter
{
    /// <summary>Largest key ROOT's RNTuple writes (fMaxKeySize, 1 GiB); larger blobs would be split.</summary>
    public const long MaxKeySize = 1L << 30;
    private const int FieldBytes = 4 * 2 + 7 * 8;

    public static byte[] Write(long seekHeader, SealedEnvelope header, long seekFooter, SealedEnvelope footer)
    {
        var bytes = new byte[6 + FieldBytes + 8];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x40000000u | (2 + FieldBytes));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), 2);
        var fields = bytes.AsSpan(6, FieldBytes);
        BinaryPrimitives.WriteUInt16BigEndian(fields, 1);            // epoch 1, major, minor, patch 0
        ulong[] longs = [(ulong)seekHeader, (ulong)header.Stored.Length, (ulong)header.Length,
            (ulong)seekFooter, (ulong)footer.Stored.Length, (ulong)footer.Length, MaxKeySize];
        for (int i = 0; i < longs.Length; i++) BinaryPrimitives.WriteUInt64BigEndian(fields[(8 + 8 * i)..], longs[i]);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(6 + FieldBytes), XxHash3.HashToUInt64(fields));
        return bytes;
    }
}
