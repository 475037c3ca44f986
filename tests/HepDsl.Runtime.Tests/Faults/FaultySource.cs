using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Tests.Faults;

/// <summary>A damaged copy of a file held in memory (the seam between the reader and storage).</summary>
internal sealed class FaultySource(byte[] bytes, string location) : IByteSource
{
    public string Location => location;
    public long Length => bytes.Length;
    public long BytesRead { get; private set; }

    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (offset < 0 || offset + destination.Length > bytes.Length)
            throw new HepDataException($"{Location}: read of {destination.Length} bytes at {offset} past the end ({bytes.Length})");
        bytes.AsSpan((int)offset, destination.Length).CopyTo(destination.Span);
        BytesRead += destination.Length;
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default)
    {
        var result = new ReadOnlyMemory<byte>[ranges.Count];
        for (int i = 0; i < ranges.Count; i++)
        {
            var (offset, length) = ranges[i];
            if (offset < 0 || offset + length > bytes.Length)
                throw new HepDataException($"{Location}: read of {length} bytes at {offset} past the end ({bytes.Length})");
            result[i] = bytes.AsMemory((int)offset, length).ToArray();
            BytesRead += length;
        }
        return ValueTask.FromResult<IReadOnlyList<ReadOnlyMemory<byte>>>(result);
    }

    public void Dispose() { }
}
