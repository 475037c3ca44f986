using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HepDsl.Runtime.Execution;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// The event one Lambda invocation receives (docs/payload.md). Versioned JSON; it names everything by location and
/// hash and never carries credentials (the host uses its function role).
/// </summary>
public sealed record InvocationPayload
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string RunId { get; init; }
    public required AnalysisReference Analysis { get; init; }
    public required Partition Partition { get; init; }
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
    public required long BytesRead { get; init; }
    public required long FetchMs { get; init; }
    public required long ProcessMs { get; init; }
    public required long UploadMs { get; init; }
    public required long TotalMs { get; init; }
    public required long PeakMemoryBytes { get; init; }
    public required int MemoryMb { get; init; }
    public required bool ColdStart { get; init; }
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

    /// <summary>Errors that another attempt cannot fix: the analysis or the payload is wrong.</summary>
    public static bool IsPermanent(string type) => type is AssemblyHashMismatch or BadPayload;
}

/// <summary>The JSON settings every side of the wire uses (camelCase, no nulls written).</summary>
public static class PayloadJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
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
/// Content-addressed S3 keys. A result key depends only on the analysis hash and the partition's identity (input,
/// tree, range): a duplicate or repeated invocation writes the same object, and a rerun finds it (resume).
/// </summary>
public static class DistributedKeys
{
    public static string Analysis(string prefix, string analysisSha256) => Join(prefix, $"analyses/{analysisSha256}.dll");

    public static string Result(string prefix, string analysisSha256, Partition partition) =>
        ResultsFolder(prefix, analysisSha256) + $"{PartitionIdentity(partition)}.hepres";

    /// <summary>The folder (ending in '/') holding every result of one analysis.</summary>
    public static string ResultsFolder(string prefix, string analysisSha256) => Join(prefix, $"results/{analysisSha256}/");

    /// <summary>SHA-256 (hex) of location, tree and range: what makes a partition the same work as another.</summary>
    public static string PartitionIdentity(Partition p) =>
        Sha256Hex(Encoding.UTF8.GetBytes($"{p.Location}\n{p.Tree}\n{p.FirstEntry}\n{p.EntryCount}"));

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Join(string prefix, string rest) => prefix.Trim('/') is { Length: > 0 } p ? $"{p}/{rest}" : rest;
}
