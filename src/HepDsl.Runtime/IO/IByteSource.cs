namespace HepDsl.Runtime.IO;

/// <summary>
/// Random-access bytes of one file, wherever it lives (local disk, HTTP range requests, S3 range GETs).
/// Implementations are thread-safe: several workers may read one source at once.
/// </summary>
public interface IByteSource : IDisposable
{
    /// <summary>Path or URL, for messages.</summary>
    string Location { get; }

    /// <summary>Total size in bytes.</summary>
    long Length { get; }

    /// <summary>Reads exactly <c>destination.Length</c> bytes at <paramref name="offset"/>; throws naming the location and offset if the file is shorter.</summary>
    ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads several ranges at once. Remote sources coalesce nearby ranges into as few requests as possible
    /// (one per cluster for the baskets of all needed branches). Ranges are (offset, length) pairs; the result
    /// holds their bytes in the same order.
    /// </summary>
    ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default);

    /// <summary>Bytes transferred so far.</summary>
    long BytesRead { get; }
}
