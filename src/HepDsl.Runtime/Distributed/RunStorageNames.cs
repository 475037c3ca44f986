namespace HepDsl.Runtime.Distributed;

/// <summary>
/// The run bucket and key prefix that driver and host accept. A prefix is a plain relative key path: letters, digits,
/// '.', '_', '-' and '/' between non-empty segments; no leading '/', no '.' or '..' segment (a local S3 server maps
/// keys to files, and "../" took one outside its data folder), at most 256 characters. A trailing '/' is allowed and
/// ignored.
/// </summary>
public static class RunStorageNames
{
    /// <summary>Why <paramref name="prefix"/> is not an acceptable results prefix, or null.</summary>
    public static string? PrefixProblem(string? prefix)
    {
        if (prefix is null) return "no prefix";
        if (prefix.Length > 256) return "longer than 256 characters";
        if (prefix.StartsWith('/')) return "starts with '/'";
        var trimmed = prefix.TrimEnd('/');
        if (trimmed.Length == 0) return prefix.Length == 0 ? null : "is only '/'";
        foreach (var c in trimmed)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/'))
                return $"contains '{(char.IsControl(c) ? $"\\u{(int)c:x4}" : c)}' (allowed: letters, digits, '.', '_', '-', '/')";
        foreach (var segment in trimmed.Split('/'))
        {
            if (segment.Length == 0) return "has an empty segment ('//')";
            if (segment is "." or "..") return $"has a '{segment}' segment";
        }
        return null;
    }

    /// <summary>Why <paramref name="bucket"/> is not a plausible S3 bucket name, or null.</summary>
    public static string? BucketProblem(string? bucket)
    {
        if (string.IsNullOrEmpty(bucket)) return "no bucket";
        if (bucket.Length is < 3 or > 255) return "not 3 to 255 characters long";
        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1])) return "does not start and end with a letter or digit";
        foreach (var c in bucket)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) return $"contains '{c}'";
        if (bucket.Contains("..", StringComparison.Ordinal)) return "contains '..'";
        return null;
    }

    /// <summary>The prefix without its trailing '/' (how keys are built and prefixes compared).</summary>
    public static string Normalize(string prefix) => prefix.TrimEnd('/');

    /// <summary>Throws <see cref="ArgumentException"/> naming the problem unless bucket and prefix are acceptable.</summary>
    public static void Check(string bucket, string prefix)
    {
        if (BucketProblem(bucket) is { } b) throw new ArgumentException($"results bucket '{bucket}' is not acceptable: {b}");
        if (PrefixProblem(prefix) is { } p) throw new ArgumentException($"results prefix '{prefix}' is not acceptable: {p}");
    }
}
