using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Root.Keys;
using HepDsl.Runtime.Root.Serialization;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.Root;

/// <summary>
/// The ROOT file around a writer's records, as the TTree and RNTuple writers share it: the header and the top
/// directory (written with placeholders at once), records appended behind their keys, and on <see cref="Finish"/>
/// the streamer-info record, the directory's key list and the free-segments record, then the header and directory
/// fields that point forward are patched (<see cref="RootFileHeader"/> and <see cref="DirectoryRecord"/> write them,
/// beside their readers). 64-bit header, directory and keys throughout (ROOT's large-file form), so
/// files may exceed 2 GB. Not thread-safe: one writer appends at a time.
/// </summary>
internal sealed class RootFileWriter : IDisposable
{
    private const int Begin = 100;
    private const int DirectoryRecordLength = 60;       // version 1005: 42 bytes of fields, an 18-byte UUID

    private readonly FileStream _file;
    private readonly int _rootVersion;
    private readonly RootCompression _compression;
    private readonly byte[] _uuid = Guid.NewGuid().ToByteArray();
    private readonly int _nbytesName;
    private bool _finished;

    /// <param name="rootVersion">The ROOT release (e.g. 62004) whose streamer infos the file embeds, for fVersion.</param>
    public RootFileWriter(string path, string title, RootCompression compression, int rootVersion)
    {
        FileName = Path.GetFileName(path);
        Title = title;
        _compression = compression;
        _rootVersion = rootVersion;
        Datime = RootKeyHeader.PackDate(DateTime.UtcNow);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 20);
        var head = new RootWriteBuffer();
        head.Zeros(Begin);
        var fileKey = new RootKeyHeader("TFile", FileName, Title,
            RootKeyHeader.StringLength(FileName) + RootKeyHeader.StringLength(Title) + DirectoryRecordLength, Begin, 0, Datime) { Large = true };
        _nbytesName = fileKey.KeyLength + RootKeyHeader.StringLength(FileName) + RootKeyHeader.StringLength(Title);
        fileKey.Write(head);
        head.String(FileName);
        head.String(Title);
        head.Zeros(DirectoryRecordLength);
        Append(head.Written);
    }

    public string FileName { get; }
    public string Title { get; }
    public string Location => _file.Name;
    /// <summary>The packed date every key of the file carries.</summary>
    public uint Datime { get; }
    /// <summary>Bytes written so far: where the next record starts.</summary>
    public long Position { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        _file.Write(bytes);
        Position += bytes.Length;
    }

    /// <summary>A key for a record about to be appended at <see cref="Position"/>, in the top directory.</summary>
    public RootKeyHeader KeyHere(string className, string name, string title, int objectLength, int storedLength) =>
        new(className, name, title, objectLength, Position, Begin, Datime) { Large = true, StoredLength = storedLength };

    /// <summary>Appends one object behind its own key, compressed with <paramref name="compression"/> (the file's
    /// setting when null); returns the key.</summary>
    public RootKeyHeader WriteObject(string className, string name, string title, ReadOnlySpan<byte> body, RootCompression? compression = null)
    {
        var stored = RootBlockCompressor.Compress(body, compression ?? _compression);
        var key = KeyHere(className, name, title, body.Length, stored.Length);
        var b = new RootWriteBuffer();
        key.Write(b);
        Append(b.Written);
        Append(stored);
        return key;
    }

    /// <summary>
    /// Finishes the file: the streamer-info record, the key list naming <paramref name="keys"/>, the free segments, the
    /// header.
    /// </summary>
    public void Finish(IReadOnlyList<RootKeyHeader> keys, StreamerInfoRecord streamerInfos)
    {
        var infoKey = WriteObject("TList", "StreamerInfo", "Doubly linked list", streamerInfos.Bytes);
        streamerInfos.CheckKeyLength(infoKey.KeyLength);

        var keyList = new RootKeyHeader("TFile", FileName, Title, 4 + keys.Sum(k => k.KeyLength), Position, Begin, Datime) { Large = true };
        var b = new RootWriteBuffer();
        keyList.Write(b);
        b.I32(keys.Count);
        foreach (var key in keys) key.Write(b);
        Append(b.Written);

        // One free segment: everything from the end of the file on (ROOT's convention).
        var freeKey = new RootKeyHeader("TFile", FileName, Title, 2 + 8 + 8, Position, Begin, Datime) { Large = true };
        long end = Position + freeKey.TotalBytes;
        b.Reset();
        freeKey.Write(b);
        b.I16(1001);                                   // TFree version with 64-bit fFirst/fLast
        b.I64(end);
        b.I64(Math.Max(end, 2_000_000_000));
        Append(b.Written);

        PatchDirectory(keyList);
        PatchHeader(end, freeKey, infoKey);
        _file.Flush(flushToDisk: false);
        _finished = true;
    }

    private void PatchDirectory(RootKeyHeader keyList)
    {
        var d = new RootWriteBuffer();
        new DirectoryRecord(1005, keyList.TotalBytes, _nbytesName, Begin, 0, keyList.SeekKey).Write(d, Datime, _uuid); // version 5, 64-bit seeks
        if (d.Length != DirectoryRecordLength) throw new InvalidOperationException($"directory record is {d.Length} bytes");
        _file.Seek(Begin + _nbytesName, SeekOrigin.Begin);
        _file.Write(d.Written);
    }

    private void PatchHeader(long end, RootKeyHeader freeKey, RootKeyHeader infoKey)
    {
        var header = new RootFileHeader(_rootVersion, IsLarge: true, Begin, end, freeKey.SeekKey, freeKey.TotalBytes, _nbytesName,
            Units: 8, _compression.Code, infoKey.SeekKey, infoKey.TotalBytes);
        _file.Seek(0, SeekOrigin.Begin);
        _file.Write(header.Write(_uuid));
        _file.Seek(0, SeekOrigin.End);
    }

    /// <summary>Closes the file; without <see cref="Finish"/> it is left incomplete (no key list, header unpatched).</summary>
    public void Dispose() => _file.Dispose();

    public bool Finished => _finished;
}
