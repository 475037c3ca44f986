using HepDsl.Runtime.IO;

namespace HepDsl.Lambda.Host;

/// <summary>
/// A location split into what origins are matched on: scheme, authority (an S3 bucket, or host[:port]) and path (an S3
/// key, or the URL path from its leading '/').
/// </summary>
public readonly record struct OriginPath(string Scheme, string Authority, string Path);

/// <summary>One place inputs may come from: every location of <see cref="Scheme"/> on <see cref="Authority"/> whose path starts with <see cref="PathPrefix"/>.</summary>
public sealed record InputOrigin(string Scheme, string Authority, string PathPrefix)
{
    public bool Admits(OriginPath location) =>
        location.Scheme == Scheme && location.Authority == Authority && location.Path.StartsWith(PathPrefix, StringComparison.Ordinal);

    public override string ToString() => Scheme switch
    {
        "s3" => $"s3://{Authority}/{PathPrefix}",
        "root" or "roots" => $"{Scheme}://{Authority}/{PathPrefix}", // XRootD writes an absolute path after '//'
        _ => $"{Scheme}://{Authority}{PathPrefix}",
    };
}

/// <summary>
/// The inputs a host may read (<c>HEPDSL_INPUTS</c>): origins such as <c>s3://bucket/prefix/</c> and
/// <c>https://host/path/</c> and <c>root://host//path/</c>, separated by spaces or commas. Everything else is refused before a byte is fetched:
/// local paths, <c>file://</c>, plain <c>http://</c>, other buckets, hosts and prefixes. A prefix is compared as a
/// string, as IAM compares resource prefixes: end it with '/' to mean a folder. Locations whose path could mean
/// something else to the server than to this comparison are refused outright: '.' or '..' segments, empty segments,
/// backslashes, control characters, and (for URLs) percent-escapes, queries, fragments and user names.
/// </summary>
public sealed class InputAllowList
{
    /// <summary>
    /// How each accepted scheme splits a location into authority and path, or says why it cannot. Another kind of
    /// origin (e.g. XRootD's <c>root://host//path</c>) is one more entry here; a scheme without an entry is refused.
    /// </summary>
    private static readonly Dictionary<string, Func<string, (string Authority, string Path)?>> s_schemes = new(StringComparer.Ordinal)
    {
        ["s3"] = SplitS3,
        ["https"] = SplitHttps,
        ["root"] = SplitXRootD,
        ["roots"] = SplitXRootD,
    };

    private InputAllowList(IReadOnlyList<InputOrigin> origins) => Origins = origins;

    public IReadOnlyList<InputOrigin> Origins { get; }

    /// <summary>The schemes an origin may use.</summary>
    public static IReadOnlyCollection<string> Schemes => s_schemes.Keys;

    /// <summary>Parses the configured origins; <see cref="ArgumentException"/> names any that is not acceptable.</summary>
    public static InputAllowList Parse(string text)
    {
        var origins = new List<InputOrigin>();
        foreach (var entry in text.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            // An origin may be a bucket or host alone ("s3://bucket", "https://host"): everything under it.
            var withPath = UrlScheme.Split(entry) is { } split && !split.After.Contains('/') ? entry + "/" : entry;
            if (Split(withPath, out var problem, allowEmptyPath: true) is not { } location)
                throw new ArgumentException($"input origin '{entry}' is not acceptable: {problem}");
            origins.Add(new InputOrigin(location.Scheme, location.Authority, location.Path));
        }
        if (origins.Count == 0) throw new ArgumentException("no input origin configured (e.g. s3://my-data/ntuples/)");
        return new InputAllowList(origins);
    }

    /// <summary>Why this host must not read <paramref name="location"/>, or null when an origin admits it.</summary>
    public string? Refusal(string location)
    {
        if (Split(location, out var problem, allowEmptyPath: false) is not { } parsed) return problem;
        if (Origins.Any(o => o.Admits(parsed))) return null;
        return $"not under any input origin this function may read ({string.Join(", ", Origins)})";
    }

    public override string ToString() => string.Join(" ", Origins);

    private static OriginPath? Split(string location, out string? problem, bool allowEmptyPath)
    {
        problem = null;
        // Schemes are compared as written: "S3://" is not accepted for "s3://".
        if (UrlScheme.Split(location) is not var (scheme, rest)) { problem = "a local path; this function reads only remote inputs from its configured origins"; return null; }
        if (!s_schemes.TryGetValue(scheme, out var split))
        {
            problem = $"scheme '{scheme}://' is not accepted (accepted: {string.Join(", ", s_schemes.Keys.Select(s => s + "://"))})";
            return null;
        }
        if (location.Any(c => char.IsControl(c) || c == '\\')) { problem = "contains a control character or a backslash"; return null; }
        if (split(rest) is not { } parts) { problem = $"not a well-formed {scheme}:// location"; return null; }
        if (parts.Path.Length == 0 && !allowEmptyPath) { problem = "names no object"; return null; }
        // An S3 key is all segments; a URL path's leading '/' is its root, not an empty segment.
        var segments = (scheme == "s3" ? parts.Path : parts.Path[1..]).Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i] is "." or "..") { problem = $"has a '{segments[i]}' path segment"; return null; }
            // An empty segment: '//' inside the path; a trailing '/' ends a prefix, which is fine for an origin.
            if (segments[i].Length == 0 && !(i == segments.Length - 1 && allowEmptyPath)) { problem = "has an empty path segment ('//')"; return null; }
        }
        return new OriginPath(scheme, parts.Authority, parts.Path);
    }

    // s3://bucket/key: the key is everything after the first '/', compared literally (S3 does not decode it).
    private static (string, string)? SplitS3(string rest)
    {
        int slash = rest.IndexOf('/');
        if (slash <= 0) return null;
        var bucket = rest[..slash];
        if (HepDsl.Runtime.Distributed.RunStorageNames.BucketProblem(bucket) is not null) return null;
        return (bucket, rest[(slash + 1)..]);
    }

    // https://host[:port]/path: lower-case host, default port dropped; nothing the server would decode or reinterpret.
    private static (string, string)? SplitHttps(string rest) => SplitUrl(rest, ":443");

    // root://host[:port]//path: as https, with XRootD's default port; the '//' before an absolute path is one '/'.
    // A query (XRootD's CGI, '?authz=...') is refused: tokens come from the function's own environment.
    private static (string, string)? SplitXRootD(string rest)
    {
        if (SplitUrl(rest, ":1094") is not { } parts) return null;
        var path = parts.Path.StartsWith("//", StringComparison.Ordinal) ? parts.Path[1..] : parts.Path;
        return (parts.Authority, path);
    }

    private static (string Authority, string Path)? SplitUrl(string rest, string defaultPort)
    {
        int slash = rest.IndexOf('/');
        if (slash <= 0) return null;
        var authority = rest[..slash].ToLowerInvariant();
        var path = rest[slash..];
        if (path.IndexOfAny(['%', '?', '#']) >= 0) return null;
        if (authority.EndsWith(defaultPort, StringComparison.Ordinal)) authority = authority[..^defaultPort.Length];
        int portAt = authority.LastIndexOf(':');
        var host = portAt < 0 ? authority : authority[..portAt];
        if (portAt >= 0 && !(int.TryParse(authority[(portAt + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536))
            return null;
        if (host.Length == 0 || host.StartsWith('.') || host.EndsWith('.') || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
            return null; // also refuses user names ('@') and IPv6 literals
        return (authority, path);
    }
}
