using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>
/// A byte source over bytes in memory (a test seam): counts calls, so tests can see what the reader fetches, and
/// serves damaged copies of real files for the fault tests.
/// </summary>
internal sealed class MemorySource(byte[] bytes, string location) : IByteSource
{
    public int ReadCalls;
    public int ReadManyCalls;
    public List<(long Offset, int Length)> ReadManyRanges = [];

    public string Location { get; } = location;
    public long Length => bytes.Length;
    public long BytesRead { get; private set; }

    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ReadCalls++;
        if (offset < 0 || offset + destination.Length > bytes.Length)
            throw new HepDataException($"{Location}: read past the end at {offset}");
        bytes.AsSpan((int)offset, destination.Length).CopyTo(destination.Span);
        BytesRead += destination.Length;
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default)
    {
        ReadManyCalls++;
        ReadManyRanges.AddRange(ranges);
        var result = new List<ReadOnlyMemory<byte>>();
        foreach (var (offset, length) in ranges)
        {
            if (offset < 0 || offset + length > bytes.Length) throw new HepDataException($"{Location}: read past the end at {offset}");
            result.Add(bytes.AsMemory((int)offset, length));
            BytesRead += length;
        }
        return ValueTask.FromResult<IReadOnlyList<ReadOnlyMemory<byte>>>(result);
    }

    public void Dispose() { }
}
