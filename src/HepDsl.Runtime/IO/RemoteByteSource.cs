using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>
/// Common part of sources that fetch ranges over the network: bounds checks, coalescing of
/// <see cref="ReadManyAsync"/> into few requests, bounded retries with backoff, and request counting.
/// </summary>
public abstract class RemoteByteSource : IByteSource
{
    private long _bytesRead;
    private long _requests;

    protected RemoteByteSource(string location, ByteSourceOptions options)
    {
        Location = location;
        Options = options;
    }

    public string Location { get; }
    public abstract long Length { get; }
    public long BytesRead => Interlocked.Read(ref _bytesRead);
    /// <summary>Range requests sent so far (retries included), so tests and diagnostics can see coalescing.</summary>
    public long Requests => Interlocked.Read(ref _requests);
    protected ByteSourceOptions Options { get; }

    /// <summary>Fetches exactly <paramref name="destination"/>.Length bytes at <paramref name="offset"/> in one request.</summary>
    protected abstract Task FetchAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Whether a failure is worth retrying (network errors, throttling, server errors, timeouts).</summary>
    protected abstract bool IsTransient(Exception error);

    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        CheckBounds(offset, destination.Length);
        if (destination.Length == 0) return;
        await FetchWithRetriesAsync(offset, destination, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default)
    {
        foreach (var (offset, length) in ranges) CheckBounds(offset, length);
        var result = new ReadOnlyMemory<byte>[ranges.Count];
        var groups = RangeCoalescer.Coalesce(ranges, Options.CoalesceGapBytes, Options.MaxRequestBytes);
        // Independent requests go out together; each is one round trip however many ranges it serves.
        await Task.WhenAll(groups.Select(async group =>
        {
            var block = new byte[group.Length];
            if (block.Length > 0) await FetchWithRetriesAsync(group.Offset, block, cancellationToken).ConfigureAwait(false);
            foreach (int i in group.Members)
                result[i] = block.AsMemory(checked((int)(ranges[i].Offset - group.Offset)), ranges[i].Length);
        })).ConfigureAwait(false);
        return result;
    }

    private async Task FetchWithRetriesAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            Interlocked.Increment(ref _requests);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Options.RequestTimeout);
                await FetchAsync(offset, destination, timeout.Token).ConfigureAwait(false);
                Interlocked.Add(ref _bytesRead, destination.Length);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not HepDataException
                                      && (e is OperationCanceledException || IsTransient(e)))
            {
                if (attempt >= Options.MaxRetries)
                    throw new HepDataException($"{Location}: reading {destination.Length} bytes at offset {offset} failed after {attempt + 1} attempts: {e.Message}", e);
                await Task.Delay(Options.RetryDelay * Math.Pow(2, attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not HepDataException)
            {
                throw new HepDataException($"{Location}: reading {destination.Length} bytes at offset {offset} failed: {e.Message}", e);
            }
        }
    }

    private void CheckBounds(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
            throw new HepDataException($"{Location}: read of {length} bytes at offset {offset} goes past the end of the file ({Length} bytes); the file is truncated or corrupt");
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
