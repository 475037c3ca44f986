using HepDsl.Runtime.Inputs;
namespace HepDsl.Runtime.Execution;

/// <summary>How a local run is cut and spread over cores.</summary>
public sealed record LocalRunOptions
{
    /// <summary>Tree to read; null means the tree the analysis declares.</summary>
    public string? Tree { get; init; }

    /// <summary>Worker threads; null means one per core.</summary>
    public int? Workers { get; init; }

    /// <summary>Total partitions; null means a default from the clusters and workers (see <see cref="LocalExecutor"/>).</summary>
    public int? Partitions { get; init; }

    /// <summary>Entries per partition, instead of a partition count.</summary>
    public long? EntriesPerPartition { get; init; }

    /// <summary>Opens inputs; null means <see cref="IO.EventSources.Opener"/> with default options (local, HTTP, S3).</summary>
    public EventSourceOpener? Open { get; init; }

    /// <summary>Expands globs into inputs; null means <see cref="IO.InputGlobs.Expand"/>.</summary>
    public Func<IReadOnlyList<string>, IReadOnlyList<string>>? ExpandInputs { get; init; }

    /// <summary>
    /// Memory the run may use for its results, in bytes; null means what the runtime says is available
    /// (<see cref="GC.GetGCMemoryInfo()"/>, which honours container limits). A run whose histograms do not fit is refused
    /// before any event is read (<see cref="Preflight.CheckMemory"/>).
    /// </summary>
    public long? AvailableMemory { get; init; }
}
