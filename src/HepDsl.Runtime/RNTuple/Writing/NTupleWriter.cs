using System.Buffers.Binary;
using System.IO.Hashing;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees.Writing;
using HepDsl.Runtime.Root.Keys;
using HepDsl.Runtime.Root.Serialization;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.RNTuple.Writing;

/// <summary>
/// Writes one RNTuple (binary format 1.0) of NanoAOD-like fields into a new ROOT file that HepDsl's reader (and
/// ROOT) open: scalars and counted arrays, laid out as RNTupleImporter lays out NanoAOD (<see cref="NTupleLayout"/>).
/// The input is what the TTree writer takes (<see cref="TreeBranch"/> list, one <see cref="TreeChunk"/> per cluster),
/// so the same events can be written in both formats. The header envelope goes first; each
/// <see cref="WriteCluster"/> call is one cluster, its pages (with XXH3-64 checksums) compressed in parallel in the
/// background and stored behind one <c>RBlob</c> key; each cluster group's page list follows its clusters;
/// <see cref="Close"/> writes the footer, the <c>ROOT::RNTuple</c> anchor and the file's trailer.
/// </summary>
public sealed class NTupleWriter : IDisposable
{
    private const int FileVersion = 63501;             // ROOT 6.35/01, the release whose ROOT::RNTuple streamer info is embedded
    private const string BlobClass = "RBlob";

    private readonly RootFileWriter _file;
    private readonly BackgroundWrite _writes;
    private readonly string _name;
    private readonly NTupleWriterOptions _options;
    private readonly NTupleLayout _layout;
    private readonly IReadOnlyList<TreeBranch> _branches;
    private readonly long[] _columnElements;          // elements written per column so far
    private readonly List<ClusterRecord> _groupClusters = [];
    private readonly List<GroupRecord> _groups = [];
    private readonly long _seekHeader;
    private readonly SealedEnvelope _header;
    // Anchors of further whole ntuples of the file (a NanoAOD file's Runs beside Events), written by WriteNTuple.
    private readonly List<RootKeyHeader> _otherAnchors = [];

    public NTupleWriter(string path, string ntupleName, IReadOnlyList<TreeBranch> fields, NTupleWriterOptions? options = null)
        : this(null, path, ntupleName, fields, options ?? new NTupleWriterOptions())
    {
    }

    /// <summary>A new file at <paramref name="path"/>, or (with <paramref name="shared"/>) a further ntuple of that open file.</summary>
    private NTupleWriter(RootFileWriter? shared, string path, string ntupleName, IReadOnlyList<TreeBranch> fields, NTupleWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (string.IsNullOrEmpty(ntupleName) || ntupleName.IndexOfAny(['/', ';']) >= 0)
            throw new ArgumentException($"ntuple name '{ntupleName}' cannot be a ROOT key name (empty, or contains '/' or ';')");
        _options = options;
        if (_options.PageSize < 64) throw new ArgumentException($"page size {_options.PageSize} is too small (at least 64 bytes)");
        if (_options.ClustersPerGroup < 0) throw new ArgumentException("clusters per group must not be negative");
        _layout = new NTupleLayout(fields);
        _branches = fields;
        _name = ntupleName;
        _columnElements = new long[_layout.Columns.Count];
        _file = shared ?? new RootFileWriter(path, _options.Title, _options.Compression, FileVersion);
        _writes = new BackgroundWrite(_file.Location);

        var w = new EnvelopeWriter();
        w.NoFeatureFlags();
        w.String(ntupleName);
        w.String(_options.Description);
        w.String("HepDsl");
        _layout.WriteSchema(w);
        _header = Seal(w, EnvelopeType.Header);
        _seekHeader = AppendBlob(_header.Stored);
    }

    /// <summary>
    /// Writes a further whole RNTuple of the file, of one cluster, now (between clusters of the main one): a
    /// NanoAOD file's <c>Runs</c> (one entry per run, <c>genEventSumw</c>...) beside <c>Events</c>.
    /// </summary>
    public void WriteNTuple(string ntupleName, IReadOnlyList<TreeBranch> fields, TreeChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ObjectDisposedException.ThrowIf(_writes.Closed, this);
        _writes.ThrowIfFailed();
        if (ntupleName == _name || _otherAnchors.Any(a => a.Name == ntupleName))
            throw new ArgumentException($"the file already has an RNTuple named '{ntupleName}'");
        _writes.Wait();
        var other = new NTupleWriter(_file, _file.Location, ntupleName, fields, _options);
        if (chunk.Entries > 0)
        {
            var sources = other.ClusterValues(chunk, 0);
            other.Entries = chunk.Entries;
            other.EncodeAndWrite(sources, 0, chunk.Entries);
        }
        _otherAnchors.Add(other.WriteFooterAndAnchor());
    }

    /// <summary>Entries written so far (in clusters handed to <see cref="WriteCluster"/>).</summary>
    public long Entries { get; private set; }
    /// <summary>Bytes in the file so far (final size once closed).</summary>
    public long Length => _file.Position;
    /// <summary>Pages' bytes before compression, once their cluster is written.</summary>
    public long UncompressedPageBytes { get; private set; }

    /// <summary>
    /// Writes the chunk's entries as one cluster. Values are checked first (a mismatch throws naming field and entry,
    /// and nothing of the chunk is written); encoding, compression and writing finish in the background.
    /// </summary>
    public void WriteCluster(TreeChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ObjectDisposedException.ThrowIf(_writes.Closed, this);
        _writes.ThrowIfFailed();
        if (chunk.Entries == 0) return;
        var sources = ClusterValues(chunk, Entries);
        _writes.Wait();
        long first = Entries;
        Entries += chunk.Entries;
        _writes.Start(() => EncodeAndWrite(sources, first, chunk.Entries));
    }

    /// <summary>Per column, the array its pages are cut from: a field's values, or a collection's end offsets.</summary>
    private Array[] ClusterValues(TreeChunk chunk, long firstEntry)
    {
        string last = $"entries {firstEntry} to {firstEntry + chunk.Entries - 1}";
        var unknown = chunk.Names.FirstOrDefault(n => _branches.All(b => b.Name != n));
        if (unknown is not null) throw new ArgumentException($"the chunk has values for '{unknown}', which is not a field of RNTuple '{_name}'");
        var values = new Dictionary<string, Array>(StringComparer.Ordinal);
        var offsets = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var b in _branches)
        {
            var v = chunk.Values(b.Name) ?? throw new ArgumentException($"field '{b.Name}': no values for {last}");
            var expected = TreeChunk.ClrType(b.Type);
            if (v.GetType().GetElementType() != expected)
                throw new ArgumentException($"field '{b.Name}' is {b.Type}: its values must be {expected.Name}[], not {v.GetType().Name}");
            values[b.Name] = v;
            if (b.Counter is null && v.Length != chunk.Entries)
                throw new ArgumentException($"field '{b.Name}': {v.Length} values for {chunk.Entries} entries ({last})");
            if (_layout.Counters.Contains(b.Name))
            {
                var ends = new long[chunk.Entries];
                long sum = 0;
                for (int i = 0; i < chunk.Entries; i++)
                {
                    long c = Convert.ToInt64(v.GetValue(i));
                    if (c < 0) throw new ArgumentException($"counter '{b.Name}' is negative ({c}) at entry {firstEntry + i}");
                    ends[i] = sum += c;
                }
                offsets[b.Name] = ends;
            }
        }
        foreach (var b in _branches.Where(b => b.Counter is not null))
        {
            var ends = offsets[b.Counter!];
            long total = ends.Length == 0 ? 0 : ends[^1];
            if (values[b.Name].Length != total)
                throw new ArgumentException($"field '{b.Name}': {values[b.Name].Length} values, but counter '{b.Counter}' adds up to {total} ({last})");
            if (chunk.Lengths(b.Name) is { } lengths)
                for (int i = 0; i < lengths.Length; i++)
                    if (lengths[i] != ends[i] - (i == 0 ? 0 : ends[i - 1]))
                        throw new ArgumentException($"field '{b.Name}': entry {firstEntry + i} has {lengths[i]} values, counter '{b.Counter}' says {ends[i] - (i == 0 ? 0 : ends[i - 1])}");
        }
        return _layout.Columns.Select(c => c.IsIndex ? offsets[c.Branch] : values[c.Branch]).ToArray();
    }

    private void EncodeAndWrite(Array[] sources, long firstEntry, int entries)
    {
        // Cut every column into pages of about the target size; encode, compress and checksum them in parallel.
        var pages = new List<PendingPage>();
        // LZMA pages stop at one LZMA block (64 KiB): a page of several blocks is stored raw as a whole when any one
        // block does not shrink (see RootBlockCompressor), which split low-order float bytes often do not.
        int pageSize = _options.Compression is { IsCompressed: true, Algorithm: CompressionAlgorithm.Lzma }
            ? Math.Min(_options.PageSize, XzEncoder.Piece) : _options.PageSize;
        for (int c = 0; c < _layout.Columns.Count; c++)
        {
            var column = _layout.Columns[c];
            int n = sources[c].Length;
            int perPage = Math.Max(1, (int)Math.Min(int.MaxValue, pageSize * 8L / column.Bits));
            for (int start = 0; start < n; start += perPage)
                pages.Add(new PendingPage(c, start, Math.Min(perPage, n - start)));
        }
        var setting = _options.Compression;
        Parallel.ForEach(pages, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism) }, page =>
        {
            var packed = PageEncoder.Encode(_layout.Columns[page.Column], sources[page.Column], page.Start, page.Elements);
            page.RawBytes = packed.Length;
            var stored = RootBlockCompressor.Compress(packed, setting);
            page.Stored = new byte[stored.Length + 8];
            stored.CopyTo(page.Stored, 0);
            BinaryPrimitives.WriteUInt64LittleEndian(page.Stored.AsSpan(stored.Length), XxHash3.HashToUInt64(stored));
        });

        long blobBytes = pages.Sum(p => (long)p.Stored!.Length);
        if (blobBytes > AnchorWriter.MaxKeySize)
            throw new InvalidOperationException($"{_file.Location}: cluster at entry {firstEntry} holds {blobBytes} bytes of pages, more than one key holds ({AnchorWriter.MaxKeySize}); write smaller clusters");
        var key = _file.KeyHere(BlobClass, "", "", (int)blobBytes, (int)blobBytes);
        var b = new RootWriteBuffer();
        key.Write(b);
        _file.Append(b.Written);
        var locations = new List<PageLocation>[_layout.Columns.Count];
        for (int c = 0; c < locations.Length; c++) locations[c] = [];
        foreach (var page in pages)
        {
            locations[page.Column].Add(new PageLocation(page.Elements, _file.Position, page.Stored!.Length - 8));
            _file.Append(page.Stored);
            UncompressedPageBytes += page.RawBytes;
        }
        var offsets = new long[_layout.Columns.Count];
        for (int c = 0; c < offsets.Length; c++)
        {
            offsets[c] = _columnElements[c];
            _columnElements[c] += sources[c].Length;
        }
        _groupClusters.Add(new ClusterRecord(firstEntry, entries, offsets, locations));
        if (_options.ClustersPerGroup > 0 && _groupClusters.Count == _options.ClustersPerGroup) WritePageList();
    }

    /// <summary>The page list envelope of the clusters since the last group: it closes a cluster group.</summary>
    private void WritePageList()
    {
        if (_groupClusters.Count == 0) return;
        var w = new EnvelopeWriter();
        w.U64(_header.Checksum);
        int summaries = w.ListFrame(_groupClusters.Count);
        foreach (var c in _groupClusters)
        {
            int r = w.RecordFrame();
            w.U64((ulong)c.FirstEntry);
            w.U64((ulong)c.Entries);                   // no flags: not sharded
            w.EndRecord(r);
        }
        w.EndList(summaries);
        int clusters = w.ListFrame(_groupClusters.Count);
        foreach (var c in _groupClusters)
        {
            int columns = w.ListFrame(c.Pages.Length);
            for (int k = 0; k < c.Pages.Length; k++)
            {
                int pages = w.ListFrame(c.Pages[k].Count);
                foreach (var p in c.Pages[k])
                {
                    w.I32(-p.Elements);                // negative: the page is followed by its checksum
                    w.Locator(p.Offset, p.Size);
                }
                w.I64(c.ElementOffsets[k]);
                w.U32((uint)_options.Compression.Code);
                w.EndList(pages);
            }
            w.EndList(columns);
        }
        w.EndList(clusters);
        var envelope = Seal(w, EnvelopeType.PageList);
        long seek = AppendBlob(envelope.Stored);
        var first = _groupClusters[0];
        long span = _groupClusters.Sum(c => (long)c.Entries);
        _groups.Add(new GroupRecord(first.FirstEntry, span, _groupClusters.Count, envelope, seek));
        _groupClusters.Clear();
    }

    private SealedEnvelope Seal(EnvelopeWriter w, EnvelopeType type)
    {
        var bytes = w.Seal(type);
        ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8));
        return new SealedEnvelope(bytes.Length, checksum, RootBlockCompressor.Compress(bytes, _options.Compression));
    }

    /// <summary>Appends bytes behind an RBlob key; returns where the bytes (not the key) start.</summary>
    private long AppendBlob(byte[] stored)
    {
        var key = _file.KeyHere(BlobClass, "", "", stored.Length, stored.Length);
        var b = new RootWriteBuffer();
        key.Write(b);
        _file.Append(b.Written);
        long at = _file.Position;
        _file.Append(stored);
        return at;
    }

    /// <summary>Finishes the file: the last page list, the footer, the anchor, the file's trailer.</summary>
    public void Close() => _writes.Close(WriteTrailer, _file);

    private void WriteTrailer() => _file.Finish([.. _otherAnchors, WriteFooterAndAnchor()], StreamerInfoRecords.NTuples);

    /// <summary>The last page list, the footer and the anchor of this ntuple; returns the anchor's key.</summary>
    private RootKeyHeader WriteFooterAndAnchor()
    {
        WritePageList();
        var w = new EnvelopeWriter();
        w.NoFeatureFlags();
        w.U64(_header.Checksum);
        // The schema extension: no late-added fields, written as ROOT writes it (four empty lists).
        int extension = w.RecordFrame();
        for (int i = 0; i < 4; i++) w.EndList(w.ListFrame(0));
        w.EndRecord(extension);
        int groups = w.ListFrame(_groups.Count);
        foreach (var g in _groups)
        {
            int r = w.RecordFrame();
            w.U64((ulong)g.MinEntry);
            w.U64((ulong)g.EntrySpan);
            w.U32((uint)g.Clusters);
            w.EnvelopeLink(g.PageList, g.Seek);
            w.EndRecord(r);
        }
        w.EndList(groups);
        var footer = Seal(w, EnvelopeType.Footer);
        long seekFooter = AppendBlob(footer.Stored);
        return _file.WriteObject("ROOT::RNTuple", _name, "", AnchorWriter.Write(_seekHeader, _header, seekFooter, footer), RootCompression.None);
    }

    /// <summary>Closes the file properly unless a cluster failed to write (then the file is left incomplete).</summary>
    public void Dispose() => _writes.Dispose(WriteTrailer, _file);

    private sealed class PendingPage(int column, int start, int elements)
    {
        public int Column { get; } = column;
        public int Start { get; } = start;
        public int Elements { get; } = elements;
        public int RawBytes { get; set; }
        public byte[]? Stored { get; set; }
    }

    private sealed record PageLocation(int Elements, long Offset, int Size);
    private sealed record ClusterRecord(long FirstEntry, int Entries, long[] ElementOffsets, List<PageLocation>[] Pages);
    private sealed record GroupRecord(long MinEntry, long EntrySpan, int Clusters, SealedEnvelope PageList, long Seek);
}
