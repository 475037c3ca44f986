using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// What a distributed run will do: the inputs' shapes as the survey saw them, each input's version then (the plan is
/// only valid for that version, and result keys include it), the partitions, and the predicted time and cost.
/// </summary>
internal sealed record DistributedPlan(IReadOnlyList<InputShape> Shapes, IReadOnlyDictionary<string, InputVersion> Versions,
    IReadOnlyList<Partition> Partitions, LambdaPlan? Prediction)
{
    public long Entries => Shapes.Sum(s => s.Entries);

    /// <summary>Surveys the remote inputs (local files are refused: a Lambda function cannot read them) and partitions them.</summary>
    public static async Task<DistributedPlan> MakeAsync(IAnalysis analysis, IReadOnlyList<string> inputs, DistributedOptions options,
        CancellationToken cancellationToken)
    {
        var locations = InputGlobs.Expand(inputs);
        var local = locations.Where(l => !InputLocation.Parse(l).IsRemote).ToList();
        if (local.Count > 0)
            throw new HepDataException($"Lambda functions cannot read local files; upload them to S3 first: {string.Join(", ", local)}");

        var tree = options.Tree ?? analysis.Info.TreeName;
        var sourceOptions = new ByteSourceOptions { S3 = options.S3 };
        // The survey records each input's version (ETag and size for S3) as it learns entries and clusters: the plan is
        // only valid for that version.
        var versions = new Dictionary<string, InputVersion>(StringComparer.Ordinal);
        var shapes = await Task.Run(() => InputSurvey.Survey(analysis.Info, locations, tree, PinnedInputs.Recording(sourceOptions, versions),
            Math.Min(16, locations.Count), null, cancellationToken), cancellationToken).ConfigureAwait(false);
        int count = options.Partitions ?? Math.Max(Math.Min(2 * options.Concurrency, 1000), shapes.Sum(s => s.Clusters.Count));
        var partitions = Execution.Partitioner.Plan(shapes, PartitionTarget.Partitions(count));
        // The prediction the report shows next to the measurement (hep lambda plan's, for this very plan).
        var prediction = options.Profile is { } profile
            ? LambdaPlanner.Plan(partitions, profile, options.Concurrency, options.MemoryMb, options.Architecture, options.Limits) : null;
        return new DistributedPlan(shapes, versions, partitions, prediction);
    }
}
