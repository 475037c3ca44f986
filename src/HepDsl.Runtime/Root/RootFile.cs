using System.Collections.Concurrent;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root.Streamed;
using HepDsl.Runtime.Root.Keys;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Root;

/// <summary>
/// An opened ROOT file: its header and every key of every directory. Thread-safe once opened (it only reads).
/// </summary>
public sealed class RootFile : IDisposable
{
    private const int MaxDirectoryDepth = 64;
    private readonly bool _ownsSource;
    private readonly List<RootKey> _keys = [];
    private readonly HashSet<long> _visitedDirectories = [];
    private readonly Lazy<IReadOnlyDictionary<string, StreamerInfo>> _streamerInfos;
    private readonly ConcurrentDictionary<RootKey, Lazy<TreeRecord>> _trees = new();

    private RootFile(IByteSource source, bool ownsSource)
    {
        Source = source;
        _ownsSource = ownsSource;
        _streamerInfos = new Lazy<IReadOnlyDictionary<string, StreamerInfo>>(ReadStreamerInfosLeniently);
        try
        {
            Header = RootFileHeader.Read(source, out var head);
            ReadTopDirectory(head);
            TreeNames = CurrentKeys(k => k.IsTree);
        }
        catch
        {
            if (ownsSource) source.Dispose();
            throw;
        }
    }

    public static RootFile Open(IByteSource source) => new(source, ownsSource: false);

    public static RootFile Open(string localPath) => new(new LocalFileSource(localPath), ownsSource: true);

    public IByteSource Source { get; }
    public string Location => Source.Location;
    public RootFileHeader Header { get; }
    /// <summary>ROOT version that wrote the file, e.g. 62004 for 6.20/04.</summary>
    public int Version => Header.RootVersion;
    /// <summary>Every key of every directory, all cycles, in listing order (subdirectory keys carry their path).</summary>
    public IReadOnlyList<RootKey> Keys => _keys;
    /// <summary>TTrees (highest cycle of each name), with subdirectory paths like <c>dir/tree</c>.</summary>
    public IReadOnlyList<string> TreeNames { get; }

    /// <summary>
    /// Class layouts from the streamer-info record, by class name (parsed on first use; empty when the file has
    /// none or it cannot be read: trees of basic types do not need it).
    /// </summary>
    public IReadOnlyDictionary<string, StreamerInfo> StreamerInfos => _streamerInfos.Value;

    /// <summary>Parses the streamer-info record, throwing <see cref="HepDataException"/> when it is damaged.</summary>
    public IReadOnlyDictionary<string, StreamerInfo> ReadStreamerInfos()
    {
        if (Header.SeekInfo <= 0 || Header.NbytesInfo <= 0) return new Dictionary<string, StreamerInfo>();
        var raw = ReadBytes(Header.SeekInfo, Header.NbytesInfo);
        var key = RootKey.Read(new RootBuffer(raw, $"{Location}: streamer-info record", fileOffset: Header.SeekInfo), "");
        var bytes = key.Nbytes == raw.Length ? DecodeObject(key, raw) : ReadObject(key);
        return StreamerInfoParser.ReadAll(new RootBuffer(bytes, $"{Location}: streamer-info record", origin: key.KeyLength));
    }

    private IReadOnlyDictionary<string, StreamerInfo> ReadStreamerInfosLeniently()
    {
        try
        {
            return ReadStreamerInfos();
        }
        catch (HepDataException)
        {
            return new Dictionary<string, StreamerInfo>();
        }
    }

    /// <summary>
    /// The streamed TTree metadata of <paramref name="key"/>, parsed once per file and shared by every
    /// <see cref="TreeSource"/> opened on it (workers open one each).
    /// </summary>
    internal TreeRecord TreeRecordOf(RootKey key) =>
        _trees.GetOrAdd(key, k => new Lazy<TreeRecord>(() =>
        {
            var bytes = ReadObject(k);
            var buffer = new RootBuffer(bytes, $"{Location}: TTree '{k.FullName}'", origin: k.KeyLength,
                fileOffset: k.IsCompressed ? -1 : k.SeekKey + k.KeyLength);
            return TreeParser.ReadTree(buffer, k.ClassName);
        })).Value;

    /// <summary>Finds the current (highest-cycle) key named <paramref name="name"/> ("dir/name" or "name;cycle").</summary>
    public RootKey FindKey(string name, string wanted = "object")
    {
        string bare = name;
        short? cycle = null;
        int semi = name.LastIndexOf(';');
        if (semi > 0 && short.TryParse(name[(semi + 1)..], out var c))
        {
            bare = name[..semi];
            cycle = c;
        }
        bare = bare.Trim('/');
        RootKey? best = null;
        foreach (var key in _keys)
        {
            if (key.FullName != bare || (cycle is { } want && key.Cycle != want)) continue;
            if (best is null || key.Cycle > best.Cycle) best = key;
        }
        if (best is null)
        {
            var known = CurrentKeys(k => !k.IsDirectory);
            throw new HepDataException($"{Location}: no {wanted} named '{name}'. The file holds: {(known.Count == 0 ? "nothing" : string.Join(", ", known))}");
        }
        if (wanted == "TTree" && best.IsRNTuple)
            throw new HepDataException($"{Location}: '{best.FullName}' is an RNTuple ({best.ClassName}), not a TTree; open it with NTupleSource (hep run, dump, schema and inspect choose by themselves)");
        if (wanted == "TTree" && !best.IsTree)
            throw new HepDataException($"{Location}: '{best.FullName}' is a {best.ClassName}, not a TTree");
        return best;
    }

    /// <summary>The object bytes of a key, decompressed.</summary>
    public byte[] ReadObject(RootKey key)
    {
        string where = $"{Location}: object '{key.FullName}' ({key.ClassName}) at offset {key.SeekKey}";
        if (key.Nbytes < key.KeyLength || key.SeekKey < 0 || key.SeekKey + key.Nbytes > Source.Length)
            throw new HepDataException($"{where}: record of {key.Nbytes} bytes does not fit in the file ({Source.Length} bytes); the file is truncated or corrupt");
        var raw = new byte[key.Nbytes];
        Source.ReadAsync(key.SeekKey, raw).AsTask().GetAwaiter().GetResult();
        return DecodeObject(key, raw);
    }

    /// <summary>The object bytes of a key from its whole record (key header and payload), decompressed.</summary>
    private byte[] DecodeObject(RootKey key, byte[] raw)
    {
        string where = $"{Location}: object '{key.FullName}' ({key.ClassName}) at offset {key.SeekKey}";
        if (key.KeyLength > raw.Length) throw new HepDataException($"{where}: key length {key.KeyLength} exceeds the record's {raw.Length} bytes");
        var stored = raw.AsSpan(key.KeyLength);
        if (!key.IsCompressed) return stored.ToArray();
        RootDecompressor.CheckDeclaredSize(stored, key.ObjectLength, where);
        var result = new byte[key.ObjectLength];
        RootDecompressor.Decompress(stored, result, where);
        return result;
    }

    private List<string> CurrentKeys(Func<RootKey, bool> predicate)
    {
        var names = new List<string>();
        var seen = new HashSet<string>();
        foreach (var key in _keys)
            if (predicate(key) && seen.Add(key.FullName)) names.Add(key.FullName);
        return names;
    }

    private void ReadTopDirectory(byte[] head)
    {
        // At fBEGIN: the file's own key, its name and title, then the top directory record.
        int size = (int)Math.Min(Source.Length - Header.Begin, Math.Max(1024, (long)Header.NbytesName + 256));
        if (size <= 0) throw new HepDataException($"{Location}: file ends before its top directory (offset {Header.Begin})");
        var bytes = Header.Begin + size <= head.Length ? head.AsMemory(Header.Begin, size) : ReadBytes(Header.Begin, size);
        var b = new RootBuffer(bytes, $"{Location}: top directory", fileOffset: Header.Begin);
        var key = RootKey.Read(b, "");
        b.Seek(key.KeyLength);
        b.ReadTString();
        b.ReadTString();
        var dir = DirectoryRecord.Read(b);
        ReadKeyList(dir, "", 0);
    }

    private void ReadKeyList(DirectoryRecord dir, string path, int depth)
    {
        if (depth > MaxDirectoryDepth) throw new HepDataException($"{Location}: directories nested deeper than {MaxDirectoryDepth} (corrupt?) at '{path}'");
        if (dir.SeekKeys <= 0 || dir.NbytesKeys <= 0) return;
        if (dir.SeekKeys + dir.NbytesKeys > Source.Length)
            throw new HepDataException($"{Location}: key list of directory '{path}' at offset {dir.SeekKeys} ({dir.NbytesKeys} bytes) runs past the end of the file; the file is truncated");
        var bytes = ReadBytes(dir.SeekKeys, dir.NbytesKeys);
        var b = new RootBuffer(bytes, $"{Location}: key list of directory '{(path.Length == 0 ? "/" : path)}'", fileOffset: dir.SeekKeys);
        RootKey.Read(b, path);
        int count = b.ReadInt32();
        if (count < 0 || count > b.Remaining / 18) throw b.Error($"implausible key count {count}");
        var subdirs = new List<RootKey>();
        for (int i = 0; i < count; i++)
        {
            var key = RootKey.Read(b, path);
            _keys.Add(key);
            if (key.IsDirectory) subdirs.Add(key);
        }
        foreach (var sub in subdirs)
        {
            // A corrupt listing could point back at a directory already read: read each one once.
            if (!_visitedDirectories.Add(sub.SeekKey)) continue;
            string subPath = path.Length == 0 ? sub.Name : $"{path}/{sub.Name}";
            var obj = ReadObject(sub);
            var sb = new RootBuffer(obj, $"{Location}: directory '{subPath}'", fileOffset: sub.SeekKey + sub.KeyLength);
            ReadKeyList(DirectoryRecord.Read(sb), subPath, depth + 1);
        }
    }

    internal byte[] ReadBytes(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > Source.Length)
            throw new HepDataException($"{Location}: {length} bytes at offset {offset} are past the end of the file ({Source.Length} bytes); the file is truncated or corrupt");
        var bytes = new byte[length];
        Source.ReadAsync(offset, bytes).AsTask().GetAwaiter().GetResult();
        return bytes;
    }

    public void Dispose()
    {
        if (_ownsSource) Source.Dispose();
    }
}
