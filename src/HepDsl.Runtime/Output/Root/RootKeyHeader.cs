namespace HepDsl.Runtime.Output.Root;

/// <summary>
/// The header ROOT puts before every stored record (small-file form, version 4, 32-bit seeks):
/// fNbytes, fVersion, fObjlen, fDatime, fKeylen, fCycle, fSeekKey, fSeekPdir, class name, object name, title.
/// </summary>
internal sealed record RootKeyHeader(string ClassName, string Name, string Title, int ObjectLength, int SeekKey, int SeekParentDirectory, uint Datime)
{
    private const short Version = 4;

    public int KeyLength => 18 + 8 + StringLength(ClassName) + StringLength(Name) + StringLength(Title);
    /// <summary>Bytes the object occupies on disk: its length, or less when it is compressed.</summary>
    public int StoredLength { get; init; } = ObjectLength;
    public int TotalBytes => KeyLength + StoredLength;

    public void Write(RootWriteBuffer b)
    {
        b.I32(TotalBytes);
        b.I16(Version);
        b.I32(ObjectLength);
        b.U32(Datime);
        b.I16(checked((short)KeyLength));
        b.I16(1);   // cycle
        b.I32(SeekKey);
        b.I32(SeekParentDirectory);
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
