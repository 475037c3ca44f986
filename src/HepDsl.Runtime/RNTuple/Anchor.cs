using System.Buffers.Binary;
using System.IO.Hashing;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Keys;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// The <c>ROOT::RNTuple</c> object of a ROOT file: the format version and where the header and footer envelopes
/// are. ROOT streams it big-endian like any key's object, with an XXH3-64 checksum of its fields after them.
/// </summary>
public sealed record Anchor(
    ushort Epoch, ushort Major, ushort Minor, ushort Patch,
    ulong SeekHeader, ulong NbytesHeader, ulong LenHeader,
    ulong SeekFooter, ulong NbytesFooter, ulong LenFooter,
    ulong MaxKeySize)
{
    /// <summary>The 4 version shorts and 7 longs that the checksum covers.</summary>
    private const int FieldBytes = 4 * 2 + 7 * 8;

    public string Version => $"{Epoch}.{Major}.{Minor}.{Patch}";

    public static Anchor Read(RootFile file, RootKey key)
    {
        string where = $"{file.Location}: RNTuple '{key.FullName}' anchor";
        var bytes = file.ReadObject(key);
        // ROOT's streamer header: a byte count (with its 0x40000000 flag) and the class version.
        const int streamerHeader = 6;
        if (bytes.Length < streamerHeader + FieldBytes + 8)
            throw new HepDataException($"{where}: {bytes.Length} bytes, too short for an RNTuple anchor ({streamerHeader + FieldBytes + 8}); the file is corrupt");
        var fields = bytes.AsMemory(streamerHeader, FieldBytes);
        ulong stored = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(streamerHeader + FieldBytes, 8));
        ulong computed = XxHash3.HashToUInt64(fields.Span);
        if (stored != computed)
            throw new HepDataException($"{where}: checksum mismatch (stored 0x{stored:x16}, computed 0x{computed:x16}); the anchor is damaged");
        ushort U16(int i) => BinaryPrimitives.ReadUInt16BigEndian(fields.Span[(2 * i)..]);
        ulong U64(int i) => BinaryPrimitives.ReadUInt64BigEndian(fields.Span[(8 + 8 * i)..]);
        var anchor = new Anchor(U16(0), U16(1), U16(2), U16(3), U64(0), U64(1), U64(2), U64(3), U64(4), U64(5), U64(6));
        if (anchor.Epoch != 1)
            throw new HepDataException($"{where}: format version {anchor.Version}; this reader reads epoch 1 (ROOT 6.34 and later), not the pre-release formats of ROOT 6.32 and earlier");
        return anchor;
    }
}
