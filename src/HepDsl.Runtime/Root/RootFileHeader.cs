using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Root;

/// <summary>The file header at offset 0 ("root" magic, version, where the first key and the streamer infos are).</summary>
public sealed record RootFileHeader(int RootVersion, bool IsLarge, int Begin, long End, long SeekFree, int NbytesFree, int NbytesName, int Units, int Compression, long SeekInfo, int NbytesInfo)
{
    /// <summary>How many bytes at the start of a file are read at once: the header and, normally, the top directory.</summary>
    public const int HeadSize = 4096;

    /// <summary>Reads the header from the first <see cref="HeadSize"/> bytes (returned, so the top directory needs no second request).</summary>
    public static RootFileHeader Read(IByteSource source, out byte[] head)
    {
        int size = (int)Math.Min(source.Length, HeadSize);
        if (size < 64) throw new HepDataException($"{source.Location}: only {source.Length} bytes, too short to be a ROOT file");
        var bytes = new byte[size];
        source.ReadAsync(0, bytes).AsTask().GetAwaiter().GetResult();
        head = bytes;
        // Nothing decoded from a file that fails this check goes into a message: it may be any file at all.
        if (!LooksLikeRootHeader(bytes))
            throw new HepDataException($"{source.Location}: not a ROOT file (no ROOT file header at offset 0)");
        var b = new RootBuffer(bytes, $"{source.Location}: file header", fileOffset: 0);
        b.Skip(4);
        int version = b.ReadInt32();
        bool large = version >= 1000000;
        int begin = b.ReadInt32();
        long end = large ? b.ReadInt64() : b.ReadInt32();
        long seekFree = large ? b.ReadInt64() : b.ReadInt32();
        int nbytesFree = b.ReadInt32();
        b.ReadInt32(); // nfree
        int nbytesName = b.ReadInt32();
        int units = b.ReadByte();
        int compress = b.ReadInt32();
        long seekInfo = large ? b.ReadInt64() : b.ReadInt32();
        int nbytesInfo = b.ReadInt32();
        // fEND is where ROOT's last record ends: a shorter file lost its tail (often only the free-segments record, which
        // reading does not need, but a cut file is refused as a whole rather than read as if nothing were missing).
        if (end > source.Length)
            throw new HepDataException($"{source.Location}: header says the file is {end} bytes long, only {source.Length} are there; the file is truncated");
        if (begin < 0 || begin >= source.Length) throw new HepDataException($"{source.Location}: header says the first key is at {begin}, outside the file ({source.Length} bytes)");
        return new RootFileHeader(large ? version - 1000000 : version, large, begin, end, seekFree, nbytesFree, nbytesName, units, compress, seekInfo, nbytesInfo);
    }

    /// <summary>
    /// The header as <see cref="Read"/> reads it and ROOT writes it: seeks of 8 bytes in the large form, 4 otherwise,
    /// one free segment, then the file's UUID.
    /// </summary>
    public byte[] Write(ReadOnlySpan<byte> uuid)
    {
        var b = new RootWriteBuffer();
        b.Bytes("root"u8);
        b.I32(IsLarge ? RootVersion + 1000000 : RootVersion);
        b.I32(Begin);
        Seek(b, End);
        Seek(b, SeekFree);
        b.I32(NbytesFree);
        b.I32(1);                        // nfree
        b.I32(NbytesName);
        b.U8((byte)Units);
        b.I32(Compression);              // fCompress: algorithm*100 + level
        Seek(b, SeekInfo);
        b.I32(NbytesInfo);
        b.U16(1);                        // UUID version
        b.Bytes(uuid);
        return b.Written.ToArray();
    }

    private void Seek(RootWriteBuffer b, long seek)
    {
        if (IsLarge) b.I64(seek);
        else b.I32(checked((int)seek));
    }

    /// <summary>
    /// The "root" magic alone is not enough: text files can start with it (/etc/passwd does). A ROOT header goes on with
    /// the writer's version (major*10000 + minor*100 + patch, plus 1000000 for 64-bit offsets) and fBEGIN, the first
    /// key's offset (100 in every file ROOT writes).
    /// </summary>
    private static bool LooksLikeRootHeader(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("root"u8)) return false;
        int version = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes[4..]);
        int begin = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes[8..]);
        int release = version >= 1000000 ? version - 1000000 : version;
        return release is >= 10000 and < 1000000 && begin is >= 64 and <= 1 << 20;
    }
}

/// <summary>A directory record: where its key list is.</summary>
internal sealed record DirectoryRecord(int Version, int NbytesKeys, int NbytesName, long SeekDir, long SeekParent, long SeekKeys)
{
    public static DirectoryRecord Read(RootBuffer b)
    {
        int version = b.ReadInt16();
        b.ReadUInt32(); // creation date
        b.ReadUInt32(); // modification date
        int nbytesKeys = b.ReadInt32();
        int nbytesName = b.ReadInt32();
        bool large = version > 1000;
        long seekDir = large ? b.ReadInt64() : b.ReadInt32();
        long seekParent = large ? b.ReadInt64() : b.ReadInt32();
        long seekKeys = large ? b.ReadInt64() : b.ReadInt32();
        return new DirectoryRecord(version, nbytesKeys, nbytesName, seekDir, seekParent, seekKeys);
    }

    /// <summary>
    /// The record as <see cref="Read"/> reads it and ROOT writes it (both dates <paramref name="datime"/>, then the UUID;
    /// a small-file record keeps 12 bytes free for 64-bit seeks, so both forms are 60 bytes long).
    /// </summary>
    public void Write(RootWriteBuffer b, uint datime, ReadOnlySpan<byte> uuid)
    {
        bool large = Version > 1000;
        b.I16((short)Version);
        b.U32(datime);                   // creation date
        b.U32(datime);                   // modification date
        b.I32(NbytesKeys);
        b.I32(NbytesName);
        foreach (var seek in (ReadOnlySpan<long>)[SeekDir, SeekParent, SeekKeys])
            if (large) b.I64(seek);
            else b.I32(checked((int)seek));
        b.U16(1);                        // UUID version
        b.Bytes(uuid);
        if (!large) b.Zeros(12);
    }
}
