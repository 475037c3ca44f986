using System.Buffers.Binary;
using HepDsl.Runtime.Columns;
using static HepDsl.Runtime.IO.XRootD.XRootDProtocol;

namespace HepDsl.Runtime.IO.XRootD;

/// <summary>
/// A file on an XRootD server (<c>root://</c>, <c>roots://</c>), read with the XRootD protocol itself: kXR_open
/// (read-only, with its stat), kXR_read for single ranges, one kXR_readv per coalesced group of ranges (only the wanted
/// bytes cross the network, not the gaps between them), kXR_close. Requests of all partitions reading the file share
/// the server's pooled connection and are in flight together. A lost connection is reopened (through the redirector
/// again) and the read retried, as <see cref="RemoteByteSource"/> retries other transient failures.
/// </summary>
public sealed class XRootDSource : RemoteByteSource
{
    private readonly XRootDUrl _url;
    private readonly XRootDOptions _xrootd;
    private readonly Lock _openLock = new();
    private OpenFile _file;

    private static readonly byte[] NoArguments = new byte[16];

    private sealed record OpenFile(XRootDConnection Connection, XRootDUrl Server, byte[] Handle);

    private XRootDSource(string location, XRootDUrl url, ByteSourceOptions options, XRootDOptions xrootd) : base(location, options)
    {
        _url = url;
        _xrootd = xrootd;
        _file = null!;
    }

    /// <summary>Size, flags and modification time the server reported at open.</summary>
    public XRootDStat Stat { get; private set; }
    public override long Length => Stat.Size;
    /// <summary>The data server the file was opened on (after any redirects), e.g. <c>root://host:port//path</c>.</summary>
    public string Server => _file.Server.ToString();
    /// <summary>Identifies the pooled connection the file is read through (several sources on one server share it).</summary>
    public object ConnectionId => _file.Connection;
    /// <summary>Whether the connection is encrypted (roots://, or a server that requires TLS).</summary>
    public bool Encrypted => _file.Connection.IsTls;

    /// <summary>Opens <paramref name="location"/> read-only, following redirects; retries transient failures (server down, stalled, busy).</summary>
    public static XRootDSource Open(string location, ByteSourceOptions? options = null, XRootDOptions? xrootd = null)
    {
        options ??= ByteSourceOptions.Default;
        var source = new XRootDSource(location, XRootDUrl.Parse(location), options, xrootd ?? options.XRootD);
        source._file = source.Retrying("open", source.OpenOnce);
        return source;
    }

    private OpenFile OpenOnce()
    {
        Span<byte> body = stackalloc byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], OpenRead | OpenReturnStat);
        var answer = XRootDRequests.OnPath(_url, XRootDProtocol.Open, body, Options, _xrootd, "kXR_open");
        if (answer.Body.Length < 4) throw new IOException($"{_url}: malformed kXR_open answer");
        var handle = answer.Body[..4];
        XRootDStat stat;
        if (answer.Body.Length > 12) stat = XRootDStat.Parse(answer.Body.AsSpan(12), Location);
        else
        {
            Span<byte> statBody = stackalloc byte[16];
            handle.CopyTo(statBody[12..]);
            stat = XRootDStat.Parse(XRootDRequests.OnConnection(answer.Connection, _url, XRootDProtocol.Stat, statBody, [], Options.RequestTimeout, "kXR_stat"), Location);
        }
        if (stat.IsDirectory) throw new HepDataException($"{Location}: is a directory, not a file");
        Stat = stat;
        return new OpenFile(answer.Connection, answer.Server, handle);
    }

    /// <summary>The open file; reopened when its connection was lost (server restarted, stalled request).</summary>
    private OpenFile Current()
    {
        var file = _file;
        if (file.Connection.IsAlive) return file;
        lock (_openLock)
        {
            if (!_file.Connection.IsAlive)
            {
                long size = Stat.Size;
                var reopened = OpenOnce();
                if (Stat.Size != size) throw new HepDataException($"{Location}: the file changed size from {size} to {Stat.Size} bytes while being read");
                _file = reopened;
            }
            return _file;
        }
    }

    protected override void Fetch(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var file = Current();
        Span<byte> body = stackalloc byte[16];
        file.Handle.CopyTo(body);
        BinaryPrimitives.WriteInt64BigEndian(body[4..], offset);
        BinaryPrimitives.WriteInt32BigEndian(body[12..], destination.Length);
        var bytes = XRootDRequests.OnConnection(file.Connection, _url, Read, body, [], Options.RequestTimeout, $"kXR_read of {destination.Length} bytes at offset {offset}");
        if (bytes.Length != destination.Length)
            throw new HepDataException($"{Location}: kXR_read of {destination.Length} bytes at offset {offset} returned {bytes.Length} bytes; the file is shorter than its stat said");
        bytes.CopyTo(destination);
    }

    protected override bool IsTransient(Exception error) => error is IOException or TimeoutException;

    /// <summary>One kXR_readv per coalesced group (more when a group has over 1024 pieces), all in flight at once.</summary>
    public override ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default)
    {
        foreach (var (offset, length) in ranges) CheckBounds(offset, length);
        var result = new ReadOnlyMemory<byte>[ranges.Count];
        var groups = RangeCoalescer.Coalesce(ranges, Options.CoalesceGapBytes, Options.MaxRequestBytes);
        Retrying($"kXR_readv of {ranges.Count} ranges", () =>
        {
            ReadGroups(groups, ranges, result, cancellationToken);
            return true;
        });
        return ValueTask.FromResult<IReadOnlyList<ReadOnlyMemory<byte>>>(result);
    }

    private void ReadGroups(IReadOnlyList<CoalescedRange> groups, IReadOnlyList<(long Offset, int Length)> ranges, ReadOnlyMemory<byte>[] result, CancellationToken cancellationToken)
    {
        var file = Current();
        var sent = new List<(CoalescedRange Group, byte[] Block, byte[] Payload, long Wanted, XRootDConnection.Pending Answer)>();
        foreach (var group in groups)
        {
            var block = new byte[group.Length];
            foreach (var pieces in Pieces(group, ranges).Chunk(ReadvMaxElements))
            {
                var payload = new byte[pieces.Length * 16];
                long wanted = 0;
                for (int i = 0; i < pieces.Length; i++)
                {
                    var element = payload.AsSpan(i * 16, 16);
                    file.Handle.CopyTo(element);
                    BinaryPrimitives.WriteInt32BigEndian(element[4..], pieces[i].Length);
                    BinaryPrimitives.WriteInt64BigEndian(element[8..], pieces[i].Offset);
                    wanted += pieces[i].Length;
                }
                CountRequest();
                sent.Add((group, block, payload, wanted, file.Connection.Send(Readv, NoArguments, payload, Options.RequestTimeout)));
            }
        }
        foreach (var (group, block, payload, wanted, answer) in sent)
        {
            var response = answer.Wait(cancellationToken);
            byte[] body = response.Status switch
            {
                Ok => response.Body,
                // Asked to come back later: this one again, on its own.
                Wait => XRootDRequests.OnConnection(file.Connection, _url, Readv, NoArguments, payload, Options.RequestTimeout, "kXR_readv"),
                Error => throw XRootDRequests.ErrorFor(_url, $"kXR_readv of {payload.Length / 16} ranges in bytes {group.Offset}-{group.End - 1}", response.Body),
                _ => throw new IOException($"{_url}: kXR_readv: unexpected answer status {response.Status}"),
            };
            long got = Unpack(body, group, block);
            if (got != wanted)
                throw new HepDataException($"{Location}: kXR_readv in bytes {group.Offset}-{group.End - 1} returned {got} of {wanted} bytes; the file is shorter than its stat said");
            CountBytes(got);
        }
        foreach (var (group, block, _, _, _) in sent.DistinctBy(s => s.Group)) group.Scatter(block, ranges, result);
    }

    /// <summary>The group's wanted ranges, overlapping ones merged, cut to the largest readv element.</summary>
    private static IEnumerable<(long Offset, int Length)> Pieces(CoalescedRange group, IReadOnlyList<(long Offset, int Length)> ranges)
    {
        var members = group.Members.Select(i => ranges[i]).Where(r => r.Length > 0).OrderBy(r => r.Offset).ToList();
        long start = -1, end = -1;
        foreach (var (offset, length) in members)
        {
            if (start >= 0 && offset <= end) { end = Math.Max(end, offset + length); continue; }
            if (start >= 0) foreach (var piece in Cut(start, end)) yield return piece;
            start = offset;
            end = offset + length;
        }
        if (start >= 0) foreach (var piece in Cut(start, end)) yield return piece;
    }

    private static IEnumerable<(long Offset, int Length)> Cut(long start, long end)
    {
        for (long at = start; at < end; at += ReadvMaxChunk) yield return (at, (int)Math.Min(ReadvMaxChunk, end - at));
    }

    /// <summary>A readv answer is a sequence of (handle, length, offset) headers each followed by its bytes.</summary>
    private long Unpack(byte[] body, CoalescedRange group, byte[] block)
    {
        long got = 0;
        int at = 0;
        while (at < body.Length)
        {
            if (at + 16 > body.Length) throw new IOException($"{_url}: truncated kXR_readv answer");
            int length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(at + 4));
            long offset = BinaryPrimitives.ReadInt64BigEndian(body.AsSpan(at + 8));
            at += 16;
            if (length < 0 || at + length > body.Length || offset < group.Offset || offset + length > group.End)
                throw new IOException($"{_url}: malformed kXR_readv answer (piece of {length} bytes at offset {offset})");
            body.AsSpan(at, length).CopyTo(block.AsSpan((int)(offset - group.Offset)));
            at += length;
            got += length;
        }
        return got;
    }

    /// <summary>Runs <paramref name="action"/>, retrying transient failures with backoff; the final failure names the location and operation.</summary>
    private T Retrying<T>(string operation, Func<T> action)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return action();
            }
            catch (Exception e) when (e is not HepDataException && IsTransient(e))
            {
                if (attempt >= Options.MaxRetries)
                    throw new HepDataException($"{Location}: {operation} failed after {attempt + 1} attempts: {e.Message}", e);
                Thread.Sleep(Options.RetryDelay * Math.Pow(2, attempt));
            }
        }
    }

    public override void Dispose()
    {
        var file = _file;
        if (file is not null && file.Connection.IsAlive)
        {
            try
            {
                Span<byte> body = stackalloc byte[16];
                file.Handle.CopyTo(body);
                // Closing is a courtesy (the server also closes handles with the connection): sent, not waited for.
                file.Connection.Send(Close, body, [], Options.RequestTimeout);
            }
            catch (Exception e) when (e is IOException or TimeoutException) { /* the connection is gone: so is the handle */ }
        }
        base.Dispose();
    }
}
