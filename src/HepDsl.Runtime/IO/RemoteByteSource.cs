using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>
/// Common part of sources that fetch ranges over the network: bounds checks, coalescing of
/// <see cref="ReadManyAsync"/> into few requests, bounded retries with backoff, and request counting.
/// </summary>
/// <remarks>
/// Requests are made with blocking I/O on the caller's thread, and the returned tasks are already complete. The reader
/// and the executors call these methods synchronously from worker threads; async I/O underneath would need free
/// thread-pool threads to finish, and with every worker blocked waiting that is thread-pool starvation (seen here:
/// stalls of seconds per request on a loaded 2-core machine).
/// </remarks>
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

    /// <summary>Fetches exactly <paramref name="destination"/>.Length bytes at <paramref name="offset"/> in one blocking request.</summary>
    protected abstract void Fetch(long offset, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Whether a failure is worth retrying (network errors, throttling, server errors, timeouts).</summary>
    protected abstract bool IsTransient(Exception error);

    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        CheckBounds(offset, destination.Length);
        if (destination.Length > 0) FetchWithRetries(offset, destination, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public virtual ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default)
    {
        foreach (var (offset, length) in ranges) CheckBounds(offset, length);
        var result = new ReadOnlyMemory<byte>[ranges.Count];
        // One request per group of nearby ranges (usually one per cluster); each is one round trip however many ranges it serves.
        foreach (var group in RangeCoalescer.Coalesce(ranges, Options.CoalesceGapBytes, Options.MaxRequestBytes))
        {
            var block = new byte[group.Length];
            if (block.Length > 0) FetchWithRetries(group.Offset, block, cancellationToken);
            group.Scatter(block, ranges, result);
        }
        return ValueTask.FromResult<IReadOnlyList<ReadOnlyMemory<byte>>>(result);
    }

    private void FetchWithRetries(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            Interlocked.Increment(ref _requests);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Options.RequestTimeout);
                Fetch(offset, destination, timeout.Token);
                Interlocked.Add(ref _bytesRead, destination.Length);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not HepDataException
                                      && (e is OperationCanceledException || IsTransient(e)))
            {
                if (attempt >= Options.MaxRetries)
                    throw new HepDataException($"{Location}: reading {destination.Length} bytes at offset {offset} failed after {attempt + 1} attempts: {e.Message}", e);
                Thread.Sleep(Options.RetryDelay * Math.Pow(2, attempt));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not HepDataException)
            {
                throw new HepDataException($"{Location}: reading {destination.Length} bytes at offset {offset} failed: {e.Message}", e);
            }
        }
    }

    /// <summary>Counts one request of a subclass's own transport (see <see cref="S3Source.ReadManyThroughSdkAsync"/>).</summary>
    protected void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Counts bytes a subclass's own transport delivered.</summary>
    protected void CountBytes(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    protected void CheckBounds(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
            throw new HepDataException($"{Location}: read of {length} bytes at offset {offset} goes past the end of the file ({Length} bytes); the file is truncated or corrupt");
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
