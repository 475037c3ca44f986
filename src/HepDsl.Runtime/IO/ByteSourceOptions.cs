namespace HepDsl.Runtime.IO;

/// <summary>How remote inputs are reached: S3 endpoint and credentials, HTTP retries, request coalescing.</summary>
public sealed record ByteSourceOptions
{
    /// <summary>S3 settings for <c>s3://</c> locations.</summary>
    public S3Options S3 { get; init; } = new();

    /// <summary>Bearer token and TLS trust for <c>root://</c> and <c>roots://</c> locations.</summary>
    public XRootDOptions XRootD { get; init; } = new();

    /// <summary>Ranges closer than this many bytes are fetched in one request (the gap is read and dropped).</summary>
    public int CoalesceGapBytes { get; init; } = 256 * 1024;

    /// <summary>Largest single coalesced request; larger clusters are split.</summary>
    public int MaxRequestBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Retries of a failed remote request (connection errors, 5xx, 429, timeouts) before giving up.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Delay before the first retry; doubles with each further retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timeout of one remote request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Bytes a <see cref="CachingByteSource"/> keeps from prefetches of a remote source (oldest dropped first).</summary>
    public long CacheBytes { get; init; } = 256L * 1024 * 1024;

    public static ByteSourceOptions Default { get; } = new();
}

/// <summary>Where and how to reach S3 (or an S3-compatible server such as MinIO or s3rver).</summary>
public sealed record S3Options
{
    /// <summary>Endpoint, e.g. <c>http://127.0.0.1:4569</c>; null for AWS itself.</summary>
    public string? ServiceUrl { get; init; }
    /// <summary>Region; null uses the SDK's default lookup (environment, profile), else us-east-1.</summary>
    public string? Region { get; init; }
    /// <summary>Bucket in the path (<c>host/bucket/key</c>) instead of the host name; needed by most local servers.</summary>
    public bool ForcePathStyle { get; init; }
    /// <summary>Explicit credentials; when null the SDK's default chain (environment, profile, instance role) is used.</summary>
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }
    public string? SessionToken { get; init; }

    /// <summary>
    /// Options from the environment: <c>HEP_S3_ENDPOINT</c> (or <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c>)
    /// sets the endpoint and path-style addressing; credentials and region come from the SDK's default chain.
    /// </summary>
    public static S3Options FromEnvironment()
    {
        string? endpoint = Environment.GetEnvironmentVariable("HEP_S3_ENDPOINT")
            ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3")
            ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        return new S3Options
        {
            ServiceUrl = string.IsNullOrWhiteSpace(endpoint) ? null : endpoint,
            ForcePathStyle = !string.IsNullOrWhiteSpace(endpoint),
            Region = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"),
        };
    }
}
