using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Execution;

/// <summary>What a run produced and what it cost. Every executor (local, Lambda) returns one.</summary>
public sealed record RunOutcome(
    ResultSet Result,
    IReadOnlyList<InputShape> Inputs,
    IReadOnlyList<Partition> Partitions,
    int Workers,
    long Entries,
    long BytesRead,
    TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Entries / Elapsed.TotalSeconds : 0;
    public double MegabytesRead => BytesRead / 1e6;
}
