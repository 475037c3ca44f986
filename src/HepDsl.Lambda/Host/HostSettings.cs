using System.Net;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.IO;

namespace HepDsl.Lambda.Host;

/// <summary>
/// The host's own configuration, from environment variables the deployment sets (deploy/template.yaml, or
/// <c>hep lambda serve</c>): where analyses and results live, which inputs may be read, which S3 endpoint to use.
/// A payload is only a request inside these bounds: one naming another bucket, prefix, analysis object, input origin
/// or endpoint is refused before anything is fetched.
/// </summary>
public sealed record HostSettings
{
    /// <summary>The bucket holding <c>PREFIX/analyses/</c> (read) and <c>PREFIX/results/</c> (written).</summary>
    public const string ResultsBucketVariable = "HEPDSL_RESULTS_BUCKET";
    /// <summary>The key prefix in that bucket (default <c>hepdsl</c>).</summary>
    public const string PrefixVariable = "HEPDSL_PREFIX";
    /// <summary>Allowed input origins, see <see cref="InputAllowList"/>.</summary>
    public const string InputsVariable = "HEPDSL_INPUTS";
    /// <summary>An S3-compatible endpoint (path-style) instead of AWS's, e.g. a local s3rver.</summary>
    public const string S3EndpointVariable = "HEPDSL_S3_ENDPOINT";
    /// <summary>
    /// Emulator only (<c>hep lambda serve --trust-payload-endpoint</c>; never set by the template): <c>loopback</c> lets
    /// a payload's <c>s3.serviceUrl</c> choose the S3 endpoint when it is a loopback address (127.0.0.0/8, ::1).
    /// </summary>
    public const string PayloadEndpointVariable = "HEPDSL_EMULATOR_PAYLOAD_ENDPOINT";

    public required string ResultsBucket { get; init; }
    public string Prefix { get; init; } = "hepdsl";
    public required InputAllowList Inputs { get; init; }
    public string? S3Endpoint { get; init; }
    public string? Region { get; init; }
    public bool AllowLoopbackPayloadEndpoint { get; init; }

    /// <summary>Reads and checks the settings; <see cref="ArgumentException"/> names the variable that is missing or wrong.</summary>
    public static HostSettings FromEnvironment(Func<string, string?> get)
    {
        string? Get(string name) => get(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var bucket = Get(ResultsBucketVariable) ?? throw new ArgumentException($"{ResultsBucketVariable} is not set: the host has no results bucket");
        if (RunStorageNames.BucketProblem(bucket) is { } b) throw new ArgumentException($"{ResultsBucketVariable}='{bucket}': {b}");
        var prefix = get(PrefixVariable) ?? "hepdsl";
        if (RunStorageNames.PrefixProblem(prefix) is { } p) throw new ArgumentException($"{PrefixVariable}='{prefix}': {p}");
        var inputs = Get(InputsVariable) ?? throw new ArgumentException($"{InputsVariable} is not set: the host may read no input (e.g. s3://my-data/ntuples/)");
        InputAllowList allowed;
        try { allowed = InputAllowList.Parse(inputs); }
        catch (ArgumentException e) { throw new ArgumentException($"{InputsVariable}: {e.Message}", e); }
        var endpoint = Get(S3EndpointVariable);
        if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new ArgumentException($"{S3EndpointVariable}='{endpoint}' is not an http(s) URL");
        var payloadEndpoint = Get(PayloadEndpointVariable);
        if (payloadEndpoint is not null and not "loopback")
            throw new ArgumentException($"{PayloadEndpointVariable}='{payloadEndpoint}': the only accepted value is 'loopback'");
        return new HostSettings
        {
            ResultsBucket = bucket,
            Prefix = RunStorageNames.Normalize(prefix),
            Inputs = allowed,
            S3Endpoint = endpoint?.TrimEnd('/'),
            Region = Get("AWS_REGION"),
            AllowLoopbackPayloadEndpoint = payloadEndpoint is "loopback",
        };
    }

    public static HostSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>The variables that configure a host this way (what the emulator gives its workers).</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ResultsBucketVariable] = ResultsBucket,
            [PrefixVariable] = Prefix,
            [InputsVariable] = Inputs.ToString(),
        };
        if (S3Endpoint is { } endpoint) variables[S3EndpointVariable] = endpoint;
        if (AllowLoopbackPayloadEndpoint) variables[PayloadEndpointVariable] = "loopback";
        return variables;
    }

    /// <summary>The S3 options every S3 request of an invocation uses: the configured endpoint, or an allowed payload one.</summary>
    public S3Options S3For(PayloadS3Options requested)
    {
        var endpoint = EndpointFor(requested.ServiceUrl);
        return new S3Options
        {
            ServiceUrl = endpoint,
            Region = Region ?? requested.Region,
            ForcePathStyle = endpoint is not null,
        };
    }

    /// <summary>Why a payload naming <paramref name="serviceUrl"/> as its S3 endpoint is refused, or null.</summary>
    public string? EndpointRefusal(string? serviceUrl)
    {
        if (serviceUrl is null || Same(serviceUrl, S3Endpoint)) return null;
        if (AllowLoopbackPayloadEndpoint && IsLoopback(serviceUrl)) return null;
        return $"the payload names S3 endpoint '{serviceUrl}'; this function uses {(S3Endpoint is { } e ? $"'{e}'" : "AWS's S3 endpoint")} ({S3EndpointVariable})"
            + (AllowLoopbackPayloadEndpoint ? " or a loopback one" : "");
    }

    private string? EndpointFor(string? serviceUrl) => serviceUrl is null || Same(serviceUrl, S3Endpoint) ? S3Endpoint
        : AllowLoopbackPayloadEndpoint && IsLoopback(serviceUrl) ? serviceUrl.TrimEnd('/')
        : throw new InvalidOperationException(EndpointRefusal(serviceUrl)); // callers check EndpointRefusal first

    private static bool Same(string a, string? b) => b is not null && string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo)
        && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
}
