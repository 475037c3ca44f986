using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Execution;

/// <summary>A partition could not be processed; the message names the file, the partition and its entry range.</summary>
public sealed class PartitionFailedException(Partition partition, Exception inner)
    : HepDataException($"{partition} failed: {inner.Message}", inner)
{
    public Partition Partition { get; } = partition;
}
