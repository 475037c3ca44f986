using Amazon.Runtime;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Distributed;

/// <summary>Where and how a run is spread over Lambda invocations.</summary>
public sealed record DistributedOptions
{
    /// <summary>The function running the generic host (deploy/template.yaml).</summary>
    public required string Function { get; init; }
    /// <summary>Bucket holding the analysis assemblies and partial results.</summary>
    public required string Bucket { get; init; }
    /// <summary>Key prefix inside <see cref="Bucket"/>.</summary>
    public string Prefix { get; init; } = "hepdsl";
    /// <summary>AWS region; null uses the SDK's lookup (AWS_REGION, profile).</summary>
    public string? Region { get; init; }
    /// <summary>Invoke API endpoint; null for AWS (https://lambda.REGION.amazonaws.com).</summary>
    public string? Endpoint { get; init; }
    /// <summary>S3 endpoint and credentials for this driver; the endpoint (never the credentials) is passed to the functions.</summary>
    public S3Options S3 { get; init; } = new();
    /// <summary>
    /// The per-run token of a local emulator (<c>hep lambda serve</c>), sent with every Invoke request to
    /// <see cref="Endpoint"/>; null for AWS. The command line reads it from <c>HEPDSL_EMULATOR_TOKEN</c>.
    /// </summary>
    public string? EmulatorToken { get; init; }
    /// <summary>Signing credentials for the Invoke API; null uses the SDK's default chain.</summary>
    public AWSCredentials? InvokeCredentials { get; init; }
    public string? Tree { get; init; }
    /// <summary>Invocations in flight at once.</summary>
    public int Concurrency { get; init; } = 64;
    /// <summary>Partitions to cut the inputs into; null: one per cluster, at least 2 × concurrency capped at 1000.</summary>
    public int? Partitions { get; init; }
    /// <summary>Attempts per partition (throttles not counted) before the run fails naming it.</summary>
    public int MaxAttemptsPerPartition { get; init; } = 4;
    /// <summary>Failed attempts retried over the whole run; null: one per partition.</summary>
    public int? RetryBudget { get; init; }
    /// <summary>Throttled (429) attempts retried per partition before giving up on it.</summary>
    public int MaxThrottleRetries { get; init; } = 100;
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Longest pause after a 429 (the throttled job keeps its slot meanwhile, see the driver).</summary>
    public TimeSpan MaxThrottleBackoff { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>An attempt running longer than this many times the median of finished ones gets a duplicate.</summary>
    public double StragglerFactor { get; init; } = 3;
    /// <summary>
    /// When invocation slots are idle (no partition waits for one: the run's tail), an attempt running longer than this
    /// many times the median gets its duplicate: it costs an invocation but no waiting, and the run ends with its
    /// slowest partition instead of its slowest sandbox.
    /// </summary>
    public double TailStragglerFactor { get; init; } = 1.5;
    /// <summary>No attempt younger than this is a straggler (small partitions vary a lot in relative terms).</summary>
    public TimeSpan StragglerMinimum { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How long the driver waits for one invocation (Lambda allows 15 minutes).</summary>
    public TimeSpan InvokeTimeout { get; init; } = TimeSpan.FromMinutes(15.5);
    /// <summary>Results up to this size come back inline in the response instead of a second S3 round trip.</summary>
    public int InlineResultBytes { get; init; } = 64 * 1024;
    /// <summary>Bytes of results the driver holds in memory while an earlier partition is missing; beyond, they go to a temporary file.</summary>
    public long MergeMemoryBytes { get; init; } = OrderedResultMerger.DefaultMemoryBudget;
    /// <summary>Figures for predicting the run (<see cref="LambdaPlanner"/>); the report shows the prediction next to the measurement. Null: no prediction.</summary>
    public LambdaProfile? Profile { get; init; }
    /// <summary>The function's AWS limits, for the prediction.</summary>
    public LambdaLimits Limits { get; init; } = new();
    /// <summary>Function architecture for the cost estimate: x86_64 or arm64.</summary>
    public string Architecture { get; init; } = LambdaPricing.X86;
    /// <summary>The function's memory (MB): the cost estimate when responses do not say, and the memory preflight (<see cref="LambdaPreflight"/>).</summary>
    public int MemoryMb { get; init; } = 1769;
    /// <summary>Largest stored partial result the driver downloads; a larger one fails the run naming partition and object.</summary>
    public long MaxResultBytes { get; init; } = DefaultMaxResultBytes;
    public const long DefaultMaxResultBytes = 256L << 20;
}
