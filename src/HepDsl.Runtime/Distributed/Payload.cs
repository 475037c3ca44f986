using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// The event one Lambda invocation receives (docs/payload.md). Versioned JSON; it names everything by location and
/// hash and never carries credentials (the host uses its function role).
/// </summary>
public sealed record InvocationPayload
{
    /// <summary>
    /// 2: <see cref="Input"/> (the input's planned version) added, and <c>basketBytes</c> in the response. 3: results are
    /// stored as <see cref="PartialResultFile"/> (bound to analysis, input version, range and format), and the host
    /// takes buckets, prefix, endpoint and allowed inputs from its own configuration, refusing payloads naming others.
    /// </summary>
    public const int CurrentVersion = 3;

    public int Version { get; init; } = CurrentVersion;
    public required string RunId { get; init; }
    public required AnalysisReference Analysis { get; init; }
    public required Partition Partition { get; init; }
    /// <summary>The version of the partition's input the run was planned on; the host refuses any other.</summary>
    public InputVersion? Input { get; init; }
    public required ResultTarget Results { get; init; }
    /// <summary>S3 endpoint settings for reading inputs and writing results; null fields mean AWS defaults.</summary>
    public PayloadS3Options S3 { get; init; } = new();
    /// <summary>Results up to this many serialized bytes come back inline (base64) as well as being stored.</summary>
    public int InlineResultBytes { get; init; }
}

/// <summary>The compiled analysis assembly: where it is and the SHA-256 it must have before it is loaded.</summary>
public sealed record AnalysisReference(string Sha256, string Location);

/// <summary>Where the partial result is written: <c>s3://Bucket/Prefix/results/...</c>.</summary>
public sealed record ResultTarget(string Bucket, string Prefix);

/// <summary>Endpoint options only (no credentials).</summary>
public sealed record PayloadS3Options
{
    public string? ServiceUrl { get; init; }
    public string? Region { get; init; }
    public bool ForcePathStyle { get; init; }
}

/// <summary>What a successful invocation returns: small, the result itself stays in S3 unless it is tiny.</summary>
public sealed record InvocationResponse
{
    public int Version { get; init; } = InvocationPayload.CurrentVersion;
    public required int PartitionIndex { get; init; }
    public required string ResultKey { get; init; }
    public required string ResultSha256 { get; init; }
    public required long ResultBytes { get; init; }
    public string? InlineResult { get; init; }
    public required long Entries { get; init; }
    /// <summary>Everything the host fetched from storage: file header, streamers, tree metadata and baskets.</summary>
    public required long BytesRead { get; init; }
    /// <summary>The part of <see cref="BytesRead"/> that is baskets of the analysis' branches (what a local run counts).</summary>
    public required long BasketBytes { get; init; }
    public required long FetchMs { get; init; }
    public required long ProcessMs { get; init; }
    public required long UploadMs { get; init; }
    public required long TotalMs { get; init; }
    public required long PeakMemoryBytes { get; init; }
    public required int MemoryMb { get; init; }
    public required bool ColdStart { get; init; }
    /// <summary>Where a cold invocation's time went before its first event; null on warm invocations.</summary>
    public ColdStartBreakdown? Startup { get; init; }
}

/// <summary>
/// A cold invocation, broken down (ms): the runtime's start (OS process start to Main), the host's init (Main to its
/// first request for an event), the analysis fetched from S3 and loaded (hash checked, load context, entry type), the
/// time from the handler's start to the first events processed (the first step of whole clusters), and how much of the
/// whole the JIT spent compiling (it overlaps the others); WarmUpMs is the part of init spent warming the S3 client and
/// the JSON contracts (the host's init warm-up, 0 when off). Warm invocations pay none of it.
/// </summary>
public sealed record ColdStartBreakdown(long RuntimeStartMs, long InitMs, long AnalysisFetchMs, long AnalysisLoadMs, long FirstEventMs, long JitMs, string? Compilation = null,
    long WarmUpMs = 0)
{
    /// <summary>Everything before the first event: runtime start, init, and the handler up to its first events.</summary>
    public long TotalMs => RuntimeStartMs + InitMs + FirstEventMs;
}

/// <summary>The error body of a failed invocation, as the Runtime API and the Invoke API carry it.</summary>
public sealed record FunctionError
{
    public required string ErrorMessage { get; init; }
    public required string ErrorType { get; init; }
    public IReadOnlyList<string> StackTrace { get; init; } = [];
}

/// <summary>Error types the host reports; the driver retries the retryable ones.</summary>
public static class FunctionErrorTypes
{
    public const string DeadlineExceeded = "HepDsl.DeadlineExceeded";
    public const string AssemblyHashMismatch = "HepDsl.AssemblyHashMismatch";
    public const string BadPayload = "HepDsl.BadPayload";
    public const string PartitionFailed = "HepDsl.PartitionFailed";
    public const string Internal = "HepDsl.InternalError";
    /// <summary>The input is not the version the run was planned on (replaced object, rewritten file).</summary>
    public const string InputChanged = "HepDsl.InputChanged";
    /// <summary>The input cannot be read as the analysis needs it: corrupt basket, missing branch or tree, object gone.</summary>
    public const string DataError = "HepDsl.DataError";
    /// <summary>The analysis code itself threw (integer division by zero, index out of range, ...).</summary>
    public const string AnalysisError = "HepDsl.AnalysisError";

    /// <summary>The host's own configuration (HEPDSL_* environment variables) is missing or invalid: it cannot start.</summary>
    public const string Misconfigured = "HepDsl.Misconfigured";

    /// <summary>Errors that another attempt cannot fix: the payload, the analysis, the data or the function's configuration is wrong.</summary>
    public static bool IsPermanent(string type) => type is AssemblyHashMismatch or BadPayload or InputChanged or DataError or AnalysisError or Misconfigured;
}

/// <summary>The JSON settings every side of the wire uses (camelCase, no nulls written).</summary>
public static class PayloadJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Generated contracts for the per-invocation types first (no reflection at a cold start), reflection for the rest.
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            PayloadJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what} is not valid JSON for {typeof(T).Name}: {e.Message}", e);
        }
    }
}

/// <summary>
/// Deterministic S3 keys. The analysis key is content-addressed (its SHA-256); a result key depends only on the
/// analysis hash and the partition's identity (input location, tree, range and the input's version as its store
/// reports it): a duplicate or repeated invocation writes the same object, and a rerun over unchanged inputs finds
/// it (resume), while a replaced input gets new keys (recomputed, never reused).
/// </summary>
public static class DistributedKeys
{
    public static string Analysis(string prefix, string analysisSha256) => Join(prefix, $"analyses/{analysisSha256}.dll");

    public static string Result(string prefix, string analysisSha256, Partition partition, InputVersion input) =>
        ResultsFolder(prefix, analysisSha256) + $"{PartitionIdentity(partition, input)}.hepres";

    /// <summary>The folder (ending in '/') holding every result of one analysis.</summary>
    public static string ResultsFolder(string prefix, string analysisSha256) => Join(prefix, $"results/{analysisSha256}/");

    /// <summary>SHA-256 (hex) of location, tree, range and input version: what makes a partition the same work as another.</summary>
    public static string PartitionIdentity(Partition p, InputVersion input) =>
        Sha256Hex(Encoding.UTF8.GetBytes($"{p.Location}\n{p.Tree}\n{p.FirstEntry}\n{p.EntryCount}\n{input.Identity}"));

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Join(string prefix, string rest) => prefix.Trim('/') is { Length: > 0 } p ? $"{p}/{rest}" : rest;
}
