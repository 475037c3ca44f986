using HepDsl.Runtime.IO;
using HepDsl.Runtime.IO.XRootD;

namespace HepDsl.Runtime.Inputs;

/// <summary>Opens the bytes of an input by its location: local path, <c>file://</c>, <c>http(s)://</c>, <c>s3://</c> or <c>root://</c> (XRootD).</summary>
public static class ByteSources
{
    public static IByteSource Open(string location, ByteSourceOptions? options = null) => Open(InputLocation.Parse(location), options);

    /// <param name="http">
    /// The client for HTTP and S3 requests (a version guard of <see cref="PinnedInputs"/>, say); null uses the shared one.
    /// The source does not dispose it.
    /// </param>
    public static IByteSource Open(InputLocation location, ByteSourceOptions? options = null, HttpClient? http = null)
    {
        options ??= ByteSourceOptions.Default;
        return location.Kind switch
        {
            InputKind.LocalFile => new LocalFileSource(location.LocalPath!),
            _ => new CachingByteSource(OpenRemote(location, options, http), options.CacheBytes),
        };
    }

    /// <summary>The uncached remote source of <paramref name="location"/>.</summary>
    public static RemoteByteSource OpenRemote(InputLocation location, ByteSourceOptions options, HttpClient? http = null) => location.Kind switch
    {
        InputKind.Http => HttpRangeSource.Open(location.Text, options, http),
        InputKind.S3 => S3Source.Open(location.Text, options, http: http),
        InputKind.XRootD => XRootDSource.Open(location.Text, options),
        _ => throw new ArgumentException($"{location}: not a remote input", nameof(location)),
    };
}
