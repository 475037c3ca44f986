using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Keys;
using HepDsl.Runtime.Root.Serialization;
using HepDsl.Runtime.Compression;
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
    private const int FileVersion = 62004;   // ROOT 6.20/04 (the embedded streamer infos)

    private readonly RootFileWriter _file;
    private readonly BackgroundWrite _writes;
    private readonly string _treeName;
    private readonly TreeWriterOptions _options;
    private readonly List<BranchState> _branches = [];
    private readonly List<long> _clusterSizes = [];
    // Further whole trees of the file (a NanoAOD file's Runs tree beside Events), written by WriteTree.
    private readonly List<(string Name, List<BranchState> Branches, long Entries)> _otherTrees = [];

    public TreeWriter(string path, string treeName, IReadOnlyList<TreeBranch> branches, TreeWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (string.IsNullOrEmpty(treeName) || treeName.IndexOfAny(['/', ';']) >= 0)
            throw new ArgumentException($"tree name '{treeName}' cannot be a ROOT key name (empty, or contains '/' or ';')");
        _options = options ?? new TreeWriterOptions();
        if (_options.BasketSize < 64) throw new ArgumentException($"basket size {_options.BasketSize} is too small (at least 64 bytes)");
        _treeName = treeName;
        foreach (var spec in branches) _branches.Add(Describe(spec, _branches, treeName));
        if (_branches.Count == 0) throw new ArgumentException("a tree needs at least one branch");
        _file = new RootFileWriter(path, _options.Title, _options.Compression, FileVersion);
        _writes = new BackgroundWrite(_file.Location);
    }

    /// <summary>Entries written so far (in clusters handed to <see cref="WriteCluster"/>).</summary>
    public long Entries { get; private set; }
    /// <summary>Bytes in the file so far (final size once closed).</summary>
    public long Length => _file.Position;
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
        ObjectDisposedException.ThrowIf(_writes.Closed, this);
        _writes.ThrowIfFailed();
        if (string.IsNullOrEmpty(treeName) || treeName.IndexOfAny(['/', ';']) >= 0)
            throw new ArgumentException($"tree name '{treeName}' cannot be a ROOT key name (empty, or contains '/' or ';')");
        if (treeName == _treeName || _otherTrees.Any(t => t.Name == treeName)) throw new ArgumentException($"the file already has a tree named '{treeName}'");
        var states = new List<BranchState>();
        foreach (var spec in branches) states.Add(Describe(spec, states, treeName));
        if (states.Count == 0) throw new ArgumentException("a tree needs at least one branch");
        var baskets = ClusterBaskets.Build(chunk, states, 0, _options.BasketSize);
        // Written now, after the clusters in flight: a small tree needs no background compression.
        _writes.Wait();
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
        ObjectDisposedException.ThrowIf(_writes.Closed, this);
        _writes.ThrowIfFailed();
        if (chunk.Entries == 0) return;
        var baskets = ClusterBaskets.Build(chunk, _branches, Entries, _options.BasketSize);
        _writes.Wait();
        Entries += chunk.Entries;
        _clusterSizes.Add(chunk.Entries);
        _writes.Start(() => CompressAndWrite(baskets));
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
            var key = branch.BasketKey(basket.Payload.Length, stored.Length, _file.Position, _file.Datime);
            record.Reset();
            key.Write(record);
            record.I16(3);                                            // TBasket version
            record.I32(Math.Max(_options.BasketSize, key.KeyLength + basket.Payload.Length)); // fBufferSize
            record.I32(basket.NevBufSize);
            record.I32(basket.Entries);                               // fNevBuf
            record.I32(key.KeyLength + basket.DataLength);            // fLast: where the entry-offset table starts
            record.U8(0);                                             // header only: the data follows
            if (record.Length != key.KeyLength) throw new InvalidOperationException($"basket key of '{branch.Name}' is {record.Length} bytes, expected {key.KeyLength}");
            branch.BasketSeeks.Add(_file.Position);
            branch.BasketBytes.Add(key.TotalBytes);
            branch.BasketFirstEntries.Add(basket.FirstEntry);
            branch.TotBytes += key.KeyLength + basket.Payload.Length;
            branch.ZipBytes += key.TotalBytes;
            _file.Append(record.Written);
            _file.Append(stored);
        }
    }

    /// <summary>Finishes the file: tree record, streamer infos, key list, free segments, header.</summary>
    public void Close() => _writes.Close(WriteTrailer, _file);

    private void WriteTrailer()
    {
        var treeKeys = new List<RootKeyHeader> { WriteTreeRecord(_treeName, _branches, _clusterSizes, Entries) };
        foreach (var (name, branches, entries) in _otherTrees)
            treeKeys.Add(WriteTreeRecord(name, branches, entries > 0 ? [entries] : [], entries));
        _file.Finish(treeKeys, StreamerInfoRecords.Trees);
    }

    /// <summary>Writes one tree's record (its branches' baskets are already in the file); returns its key.</summary>
    private RootKeyHeader WriteTreeRecord(string name, List<BranchState> branches, IReadOnlyList<long> clusterSizes, long entries)
    {
        var (autoFlush, rangeEnd, rangeSize) = ClusterDescription(clusterSizes, entries);
        var summary = new TreeSummary(name, _options.Title, entries, autoFlush, rangeEnd, rangeSize, _options.Compression.Code, _options.BasketSize);
        var treeKeyLength = _file.KeyHere("TTree", name, _options.Title, 0, 0).KeyLength;
        return _file.WriteObject("TTree", name, _options.Title, TreeStreamer.Write(summary, branches, treeKeyLength));
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

    /// <summary>Closes the file properly unless a cluster failed to write (then the file is left incomplete).</summary>
    public void Dispose() => _writes.Dispose(WriteTrailer, _file);
}
