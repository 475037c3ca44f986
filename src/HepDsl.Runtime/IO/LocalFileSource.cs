using HepDsl.Runtime.Columns;
using Microsoft.Win32.SafeHandles;

namespace HepDsl.Runtime.IO;

/// <summary>
/// A local file read with positional reads (<see cref="RandomAccess"/>), so any number of threads can read at once
/// without sharing a file position.
/// </summary>
public sealed class LocalFileSource : IByteSource
{
    private readonly SafeFileHandle _handle;
    private long _bytesRead;

    public LocalFileSource(string path)
    {
        Location = Path.GetFullPath(path);
        try
        {
            _handle = File.OpenHandle(Location, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
            Length = RandomAccess.GetLength(_handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HepDataException($"{Location}: cannot open: {e.Message}", e);
        }
    }

    public string Location { get; }
    public long Length { get; }
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Synchronous read of exactly <paramref name="destination"/>.Length bytes (the reader's hot path).</summary>
    public void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
            throw new HepDataException($"{Location}: read of {destination.Length} bytes at offset {offset} goes past the end of the file ({Length} bytes); the file is truncated or corrupt");
        int done = 0;
        while (done < destination.Length)
        {
            int n = RandomAccess.Read(_handle, destination[done..], offset + done);
            if (n <= 0) throw new HepDataException($"{Location}: unexpected end of file at offset {offset + done}");
            done += n;
        }
        Interlocked.Add(ref _bytesRead, destination.Length);
    }

    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Read(offset, destination.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default)
    {
        var result = new ReadOnlyMemory<byte>[ranges.Count];
        for (int i = 0; i < ranges.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = new byte[ranges[i].Length];
            Read(ranges[i].Offset, bytes);
            result[i] = bytes;
        }
        return ValueTask.FromResult<IReadOnlyList<ReadOnlyMemory<byte>>>(result);
    }

    public void Dispose() => _handle.Dispose();
}
