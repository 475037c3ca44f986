using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Distributed;

/// <summary>A distributed run that could not account for every partition; the message names the failed ones.</summary>
public sealed class DistributedRunException(string message, LambdaReport report) : HepDataException(message)
{
    public LambdaReport Report { get; } = report;
}

/// <summary>
/// The merged result of a distributed run and what it took. <see cref="RunOutcome.BytesRead"/> counts basket bytes, as
/// a local run does; the report has everything the hosts fetched. <see cref="InputVersions"/>: each input's version
/// as planned (by location), which result keys include.
/// </summary>
public sealed record DistributedOutcome(RunOutcome Run, LambdaReport Report, IReadOnlyDictionary<string, InputVersion> InputVersions)
{
    /// <summary>The S3 key of a partition's result in this run.</summary>
    public string ResultKey(string prefix, string analysisSha256, Partition partition) =>
        DistributedKeys.Result(prefix, analysisSha256, partition, InputVersions[partition.Location]);
}
