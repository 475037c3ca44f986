namespace HepDsl.Runtime.Execution;

/// <summary>A snapshot of a running job, reported through <see cref="IProgress{T}"/>; hosts decide how to show it.</summary>
/// <param name="CostUsd">Estimated cost so far (GB-s × price + requests) for executors that bill per use (Lambda); null otherwise.</param>
public sealed record RunProgress(
    long EntriesDone,
    long EntriesTotal,
    int PartitionsDone,
    int PartitionsTotal,
    long BytesRead,
    TimeSpan Elapsed,
    double? CostUsd = null)
{
    public double Fraction => EntriesTotal == 0 ? 1 : (double)EntriesDone / EntriesTotal;

    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EntriesDone / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left at the rate so far; null until something has been processed.</summary>
    public TimeSpan? Eta => EntriesDone == 0 || EventsPerSecond <= 0
        ? null
        : TimeSpan.FromSeconds((EntriesTotal - EntriesDone) / EventsPerSecond);
}
