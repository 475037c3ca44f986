using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>Opens the bytes of an input by its location: local path, <c>file://</c>, <c>http(s)://</c>, <c>s3://</c> or <c>root://</c> (XRootD).</summary>
public static class ByteSources
{
    public static IByteSource Open(string location, ByteSourceOptions? options = null)
    {
        options ??= ByteSourceOptions.Default;
        int scheme = location.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return new LocalFileSource(location);
        string kind = location[..scheme].ToLowerInvariant();
        return kind switch
        {
            "file" => new LocalFileSource(new Uri(location).LocalPath),
            "http" or "https" => new CachingByteSource(HttpRangeSource.Open(location, options), options.CacheBytes),
            "s3" => new CachingByteSource(S3Source.Open(location, options), options.CacheBytes),
            "root" or "roots" or "xroot" or "xroots" => new CachingByteSource(XRootD.XRootDSource.Open(location, options), options.CacheBytes),
            _ => throw new HepDataException($"{location}: unsupported scheme '{kind}://' (use a local path, file://, http(s)://, s3:// or root://)"),
        };
    }

    /// <summary>Whether <paramref name="location"/> is fetched over the network.</summary>
    public static bool IsRemote(string location) =>
        location.Contains("://", StringComparison.Ordinal) && !location.StartsWith("file://", StringComparison.OrdinalIgnoreCase);
}
