using HepDsl.Runtime.Root.Keys;
using HepDsl.Runtime.Root.Serialization;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.Trees.Writing;

/// <summary>
/// Writes one TTree of basic-type branches (scalars, and NanoAOD-style jagged arrays with counter branches) into a new
/// ROOT file that ROOT, uproot, JSROOT and HepDsl's reader open (plus, if asked, small whole trees beside it:
/// <see cref="WriteTree"/>). Each <see cref="WriteCluster"/> call is one cluster:
/// every branch starts a basket at its first entry, and the tree's cluster description (fAutoFlush, or
/// fClusterRangeEnd/fClusterSize when cluster sizes vary) says so. Baskets of a cluster are compressed in parallel
/// while the caller prepares the next one. <see cref="Close"/> (or Dispose) writes the TTree record, the streamer
/// infos, the key list and the free-segments record, then patches the header.
/// Layout: 64-bit header, directory and keys throughout (ROOT's large-file form), so files may exceed 2 GB.
/// </summary>
public sealed class TreeWriter : IDisposable
{
    private const int FileVersion = 62004 + 1000000;   // ROOT 6.20/04 (the embedded streamer infos), large-file form
    private const int Begin = 100;
    private const int DirectoryRecordLength = 60;       // version 1005: 42 bytes of fields, an 18-byte UUID

    private readonly FileStream _file;
    private readonly string _fileName;
    private readonly string _treeName;
    private readonly TreeWriterOptions _options;
    private readonly List<BranchState> _branches = [];
    private readonly List<long> _clusterSizes = [];
    // Further whole trees of the file (a NanoAOD file's Runs tree beside Events), written by WriteTree.
    private readonly List<(string Name, List<BranchState> Branches, long Entries)> _otherTrees = [];
    private readonly uint _datime;
    private readonly byte[] _uuid = Guid.NewGuid().ToByteArray();
    private readonly int _nbytesName;
    private Task? _pending;
    private long _position;
    private bool _closed;
    private bool _failed;

    public TreeWriter(string path, string treeName, IReadOnlyList<TreeBranch> branches, TreeWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (string.IsNullOrEmpty(treeName) || treeName.IndexOfAny(['/', ';']) >= 0)
            throw new ArgumentException($"tree name '{treeName}' cannot be a ROOT key name (empty, or contains '/' or ';')");
        _options = options ?? new TreeWriterOptions();
        if (_options.BasketSize < 64) throw new ArgumentException($"basket size {_options.BasketSize} is too small (at least 64 bytes)");
        _treeName = treeName;
        _fileName = Path.GetFileName(path);
        foreach (var spec in branches) _branches.Add(Describe(spec, _branches, treeName));
        if (_branches.Count == 0) throw new ArgumentException("a tree needs at least one branch");
        _datime = RootKeyHeader.PackDate(DateTime.UtcNow);

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 20);
        // Header and top directory are written now with placeholders and patched by Close.
        var head = new RootWriteBuffer();
        head.Zeros(Begin);
        var fileKey = FileKey();
        _nbytesName = fileKey.KeyLength + RootKeyHeader.StringLength(_fileName) + RootKeyHeader.StringLength(_options.Title);
        fileKey.Write(head);
        head.String(_fileName);
        head.String(_options.Title);
        head.Zeros(DirectoryRecordLength);
        Append(head.Written);
    }

    /// <summary>Entries written so far (in clusters handed to <see cref="WriteCluster"/>).</summary>
    public long Entries { get; private set; }
    /// <summary>Bytes in the file so far (final size once closed).</summary>
    public long Length => _position;
    /// <summary>Baskets' bytes before compression (key headers included, as ROOT's fTotBytes), once their cluster is written.</summary>
    public long UncompressedBasketBytes => _branches.Sum(b => b.TotBytes);

    private static BranchState Describe(TreeBranch spec, List<BranchState> declared, string treeName)
    {
        if (string.IsNullOrEmpty(spec.Name) || spec.Name.IndexOfAny(['/', ';', '[', ']', ' ', '.']) >= 0)
            throw new ArgumentException($"branch name '{spec.Name}' is not usable in ROOT (empty, or contains '/', ';', '[', ']', '.' or a space)");
        if (declared.Any(b => b.Name == spec.Name)) throw new ArgumentException($"two branches are named '{spec.Name}'");
        _ = TreeLeafTypes.Of(spec.Type);
        BranchState? counter = null;
        if (spec.Counter is { } name)
        {
            counter = declared.FirstOrDefault(b => b.Name == name)
                ?? throw new ArgumentException($"branch '{spec.Name}': its counter '{name}' must be declared before it");
            if (counter.Counter is not null || !TreeLeafTypes.CanCount(counter.Type))
                throw new ArgumentException($"branch '{spec.Name}': counter '{name}' must be a scalar integer branch of at most 32 bits, not {(counter.Counter is null ? counter.Type.ToString() : "an array")}");
            counter.IsCounter = true;
        }
        return new BranchState(spec, counter, treeName);
    }

    /// <summary>
    /// Writes a second (third, ...) tree of the file whole, from one chunk as one cluster: small bookkeeping trees
    /// beside the main one, like NanoAOD's <c>Runs</c> tree (one entry per run, <c>genEventSumw</c>...) beside
    /// <c>Events</c>. It is listed in the file's keys after the main tree.
    /// </summary>
    public void WriteTree(string treeName, IReadOnlyList<TreeBranch> branches, TreeChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(branches);
        ArgumentNullException.ThrowIfNull(chunk);
        ObjectDisposedException.ThrowIf(_closed, this);
        ThrowIfFailed();
        if (string.IsNullOrEmpty(treeName) || treeName.IndexOfAny(['/', ';']) >= 0)
            throw new ArgumentException($"tree name '{treeName}' cannot be a ROOT key name (empty, or contains '/' or ';')");
        if (treeName == _treeName || _otherTrees.Any(t => t.Name == treeName)) throw new ArgumentException($"the file already has a tree named '{treeName}'");
        var states = new List<BranchState>();
        foreach (var spec in branches) states.Add(Describe(spec, states, treeName));
        if (states.Count == 0) throw new ArgumentException("a tree needs at least one branch");
        var baskets = ClusterBaskets.Build(chunk, states, 0, _options.BasketSize);
        Wait();
        if (chunk.Entries > 0) CompressAndWrite(baskets);
        _otherTrees.Add((treeName, states, chunk.Entries));
    }

    /// <summary>
    /// Writes the chunk's entries as one cluster. Values are checked first (a mismatch throws naming branch and entry,
    /// and nothing of the chunk is written); compression and writing finish in the background.
    /// </summary>
    public void WriteCluster(TreeChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ObjectDisposedException.ThrowIf(_closed, this);
        ThrowIfFailed();
        if (chunk.Entries == 0) return;
        var baskets = ClusterBaskets.Build(chunk, _branches, Entries, _options.BasketSize);
        Wait();
        Entries += chunk.Entries;
        _clusterSizes.Add(chunk.Entries);
        _pending = Task.Run(() => CompressAndWrite(baskets));
    }

    private void ThrowIfFailed()
    {
        if (_failed) throw new InvalidOperationException($"{_file.Name}: an earlier cluster failed to write, so the file is incomplete");
    }

    private void Wait()
    {
        if (_pending is null) return;
        try
        {
            _pending.GetAwaiter().GetResult();
        }
        catch
        {
            _failed = true;
            throw;
        }
        finally
        {
            _pending = null;
        }
    }

    private void CompressAndWrite(List<PendingBasket> baskets)
    {
        var setting = _options.Compression;
        Parallel.ForEach(baskets, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism) },
            basket => basket.Stored = RootBlockCompressor.Compress(basket.Payload, setting));
        var record = new RootWriteBuffer();
        foreach (var basket in baskets)
        {
            var branch = basket.Branch;
            var stored = basket.Stored!;
            var key = branch.BasketKey(basket.Payload.Length, stored.Length, _position, _datime);
            record.Reset();
            key.Write(record);
            record.I16(3);                                            // TBasket version
            record.I32(Math.Max(_options.BasketSize, key.KeyLength + basket.Payload.Length)); // fBufferSize
            record.I32(basket.NevBufSize);
            record.I32(basket.Entries);                               // fNevBuf
            record.I32(key.KeyLength + basket.DataLength);            // fLast: where the entry-offset table starts
            record.U8(0);                                             // header only: the data follows
            if (record.Length != key.KeyLength) throw new InvalidOperationException($"basket key of '{branch.Name}' is {record.Length} bytes, expected {key.KeyLength}");
            branch.BasketSeeks.Add(_position);
            branch.BasketBytes.Add(key.TotalBytes);
            branch.BasketFirstEntries.Add(basket.FirstEntry);
            branch.TotBytes += key.KeyLength + basket.Payload.Length;
            branch.ZipBytes += key.TotalBytes;
            Append(record.Written);
            Append(stored);
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _file.Write(bytes);
        _position += bytes.Length;
    }

    /// <summary>Finishes the file: tree record, streamer infos, key list, free segments, header.</summary>
    public void Close()
    {
        if (_closed) return;
        try
        {
            Wait();
            ThrowIfFailed();
            WriteTrailer();
            _file.Flush(flushToDisk: false);
        }
        finally
        {
            _closed = true;
            _file.Dispose();
        }
    }

    private void WriteTrailer()
    {
        var treeKeys = new List<RootKeyHeader> { WriteTree(_treeName, _branches, _clusterSizes, Entries) };
        foreach (var (name, branches, entries) in _otherTrees)
            treeKeys.Add(WriteTree(name, branches, entries > 0 ? [entries] : [], entries));
        var infoKey = WriteObject("TList", "StreamerInfo", "Doubly linked list", StreamerInfoRecords.Trees.Bytes);
        StreamerInfoRecords.Trees.CheckKeyLength(infoKey.KeyLength);

        var keyList = new RootKeyHeader("TFile", _fileName, _options.Title, 4 + treeKeys.Sum(k => k.KeyLength), _position, Begin, _datime) { Large = true };
        var b = new RootWriteBuffer();
        keyList.Write(b);
        b.I32(treeKeys.Count);
        foreach (var treeKey in treeKeys) treeKey.Write(b);
        Append(b.Written);

        // One free segment: everything from the end of the file on (ROOT's convention).
        var freeKey = new RootKeyHeader("TFile", _fileName, _options.Title, 2 + 8 + 8, _position, Begin, _datime) { Large = true };
        long end = _position + freeKey.TotalBytes;
        b.Reset();
        freeKey.Write(b);
        b.I16(1001);                                   // TFree version with 64-bit fFirst/fLast
        b.I64(end);
        b.I64(Math.Max(end, 2_000_000_000));
        Append(b.Written);

        PatchDirectory(keyList);
        PatchHeader(end, freeKey, infoKey);
    }

    /// <summary>Writes one tree's record (its branches' baskets are already in the file); returns its key.</summary>
    private RootKeyHeader WriteTree(string name, List<BranchState> branches, IReadOnlyList<long> clusterSizes, long entries)
    {
        var (autoFlush, rangeEnd, rangeSize) = ClusterDescription(clusterSizes, entries);
        var summary = new TreeSummary(name, _options.Title, entries, autoFlush, rangeEnd, rangeSize, _options.Compression.Code, _options.BasketSize);
        var treeKeyLength = new RootKeyHeader("TTree", name, _options.Title, 0, 0, Begin, _datime) { Large = true }.KeyLength;
        return WriteObject("TTree", name, _options.Title, TreeStreamer.Write(summary, branches, treeKeyLength));
    }

    /// <summary>Writes one object (compressed with the file's setting) behind its own key; returns the key.</summary>
    private RootKeyHeader WriteObject(string className, string name, string title, byte[] body)
    {
        var stored = RootBlockCompressor.Compress(body, _options.Compression);
        var key = new RootKeyHeader(className, name, title, body.Length, _position, Begin, _datime) { Large = true, StoredLength = stored.Length };
        var b = new RootWriteBuffer();
        key.Write(b);
        Append(b.Written);
        Append(stored);
        return key;
    }

    /// <summary>
    /// ROOT's cluster description for the written cluster sizes: fAutoFlush alone when every cluster but the last has
    /// the same size (and the last is not larger), otherwise one range per run of equal sizes.
    /// </summary>
    public static (long AutoFlush, long[] RangeEnd, long[] RangeSize) ClusterDescription(IReadOnlyList<long> sizes, long entries)
    {
        if (sizes.Count == 0) return (0, [], []);
        long first = sizes[0];
        bool uniform = true;
        for (int i = 1; i < sizes.Count; i++)
            if (i < sizes.Count - 1 ? sizes[i] != first : sizes[i] > first) uniform = false;
        if (uniform) return (first, [], []);
        var ends = new List<long>();
        var sizeOf = new List<long>();
        long entry = 0;
        for (int i = 0; i < sizes.Count; i++)
        {
            entry += sizes[i];
            if (i + 1 < sizes.Count && sizes[i + 1] == sizes[i]) continue;
            ends.Add(entry - 1);                       // fClusterRangeEnd is the range's last entry
            sizeOf.Add(sizes[i]);
        }
        if (entry != entries) throw new InvalidOperationException($"cluster sizes add up to {entry}, not {entries}");
        return (first, ends.ToArray(), sizeOf.ToArray());
    }

    private RootKeyHeader FileKey() =>
        new("TFile", _fileName, _options.Title, RootKeyHeader.StringLength(_fileName) + RootKeyHeader.StringLength(_options.Title) + DirectoryRecordLength, Begin, 0, _datime) { Large = true };

    private void PatchDirectory(RootKeyHeader keyList)
    {
        var d = new RootWriteBuffer();
        new DirectoryRecord(1005, keyList.TotalBytes, _nbytesName, Begin, 0, keyList.SeekKey).Write(d, _datime, _uuid); // version 5, 64-bit seeks
        if (d.Length != DirectoryRecordLength) throw new InvalidOperationException($"directory record is {d.Length} bytes");
        _file.Seek(Begin + _nbytesName, SeekOrigin.Begin);
        _file.Write(d.Written);
    }

    private void PatchHeader(long end, RootKeyHeader freeKey, RootKeyHeader infoKey)
    {
        var header = new RootFileHeader(FileVersion - 1000000, IsLarge: true, Begin, end, freeKey.SeekKey, freeKey.TotalBytes, _nbytesName,
            Units: 8, _options.Compression.Code, infoKey.SeekKey, infoKey.TotalBytes);
        _file.Seek(0, SeekOrigin.Begin);
        _file.Write(header.Write(_uuid));
        _file.Seek(0, SeekOrigin.End);
    }

    /// <summary>Closes the file properly unless a cluster failed to write (then the file is left incomplete).</summary>
    public void Dispose()
    {
        if (_closed) return;
        if (_failed || _pending is { IsFaulted: true })
        {
            _closed = true;
            _file.Dispose();
            return;
        }
        Close();
    }
}
