using HepDsl.Runtime.Root.Serialization;
namespace HepDsl.Runtime.Root.Keys;

/// <summary>
/// The header ROOT puts before every stored record: fNbytes, fVersion, fObjlen, fDatime, fKeylen, fCycle, fSeekKey,
/// fSeekPdir, class name, object name, title. Version 4 has 32-bit seeks; <see cref="Large"/> writes version 1004
/// with 64-bit seeks (what ROOT uses past 2 GB, and always for baskets).
/// </summary>
internal sealed record RootKeyHeader(string ClassName, string Name, string Title, int ObjectLength, long SeekKey, long SeekParentDirectory, uint Datime)
{
    /// <summary>64-bit seeks (key version 1004).</summary>
    public bool Large { get; init; }
    /// <summary>Bytes the object's own header adds inside fKeylen (a TBasket's 19-byte header; 0 otherwise).</summary>
    public int ExtraKeyBytes { get; init; }

    public int KeyLength => 18 + (Large ? 16 : 8) + StringLength(ClassName) + StringLength(Name) + StringLength(Title) + ExtraKeyBytes;
    /// <summary>Bytes the object occupies on disk: its length, or less when it is compressed.</summary>
    public int StoredLength { get; init; } = ObjectLength;
    public int TotalBytes => KeyLength + StoredLength;

    /// <summary>Writes the header (without the <see cref="ExtraKeyBytes"/>, which the object's writer adds).</summary>
    public void Write(RootWriteBuffer b)
    {
        if (!Large && (SeekKey > int.MaxValue || SeekParentDirectory > int.MaxValue))
            throw new InvalidOperationException($"key '{Name}' at offset {SeekKey} needs 64-bit seeks");
        b.I32(TotalBytes);
        b.I16(Large ? (short)1004 : (short)4);
        b.I32(ObjectLength);
        b.U32(Datime);
        b.I16(checked((short)KeyLength));
        b.I16(1);   // cycle
        if (Large)
        {
            b.I64(SeekKey);
            b.I64(SeekParentDirectory);
        }
        else
        {
            b.I32((int)SeekKey);
            b.I32((int)SeekParentDirectory);
        }
        b.String(ClassName);
        b.String(Name);
        b.String(Title);
    }

    public static int StringLength(string s)
    {
        var n = System.Text.Encoding.UTF8.GetByteCount(s);
        return n < 255 ? 1 + n : 5 + n;
    }

    /// <summary>ROOT's packed TDatime: years since 1995, month, day, hour, minute, second in one uint32.</summary>
    public static uint PackDate(DateTime t) =>
        (uint)((t.Year - 1995) << 26 | t.Month << 22 | t.Day << 17 | t.Hour << 12 | t.Minute << 6 | t.Second);
}
