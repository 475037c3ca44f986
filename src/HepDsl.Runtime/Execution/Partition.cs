using System.Text.Json.Serialization;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// One unit of work: entries [FirstEntry, FirstEntry+EntryCount) of one tree in one input. Plain data, serialized
/// with System.Text.Json: it is also what a Lambda invocation payload names.
/// </summary>
/// <param name="Index">Position in the plan; results merge in this order, so a run is deterministic.</param>
/// <param name="Location">Path or URL of the input, as its event source reports it.</param>
/// <param name="Tree">Tree name.</param>
/// <param name="FirstEntry">First entry of the range.</param>
/// <param name="EntryCount">Entries in the range.</param>
public sealed record Partition(int Index, string Location, string Tree, long FirstEntry, long EntryCount)
{
    [JsonIgnore]
    public EntryRange Range => new(FirstEntry, EntryCount);

    public override string ToString() => $"partition {Index} ({Location}, tree '{Tree}', entries {Range})";
}

/// <summary>What the planner needs to know about one input: its entries and cluster boundaries.</summary>
public sealed record InputShape(string Location, string Tree, long Entries, IReadOnlyList<EntryRange> Clusters)
{
    public static InputShape Of(IEventSource source) => new(source.Location, source.TreeName, source.Entries, source.Clusters);
}

/// <summary>How finely to cut: a total number of partitions, or a number of entries per partition.</summary>
public readonly record struct PartitionTarget
{
    private PartitionTarget(int? count, long? entries)
    {
        Count = count;
        EntriesPerPartition = entries;
    }

    public int? Count { get; }
    public long? EntriesPerPartition { get; }

    public static PartitionTarget Partitions(int count) =>
        count >= 1 ? new(count, null) : throw new ArgumentOutOfRangeException(nameof(count), count, "need at least one partition");

    public static PartitionTarget EntriesEach(long entries) =>
        entries >= 1 ? new(null, entries) : throw new ArgumentOutOfRangeException(nameof(entries), entries, "need at least one entry per partition");
}
