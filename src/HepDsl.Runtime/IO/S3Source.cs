using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>
/// An object in S3 (or an S3-compatible server) read with ranged GETs. Each request goes to a freshly presigned URL
/// (signing is local and cheap), so the bytes move through the same blocking HTTP path as <see cref="HttpRangeSource"/>:
/// the SDK's own GetObject is async-only, and workers that block on it starve the thread pool.
/// </summary>
public sealed class S3Source : HttpRangeSource
{
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(15);
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;

    private S3Source(S3Location location, Func<Uri> url, IAmazonS3 client, bool ownsClient, ByteSourceOptions options)
        : base(location.ToString(), url, options)
    {
        _client = client;
        _ownsClient = ownsClient;
    }

    /// <summary>Opens <c>s3://bucket/key</c> with a client built from <see cref="ByteSourceOptions.S3"/> (or the one given).</summary>
    public static S3Source Open(string url, ByteSourceOptions? options = null, IAmazonS3? client = null)
    {
        options ??= ByteSourceOptions.Default;
        S3Location location;
        try { location = S3Location.Parse(url); }
        catch (ArgumentException e) { throw new HepDataException(e.Message, e); }
        bool owns = client is null;
        client ??= S3ClientFactory.Create(options.S3);
        var source = new S3Source(location, PresignedUrls(location, client, options), client, owns, options);
        try
        {
            source.ProbeLength();
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A fresh presigned GET URL for the object on each call (signing is local and cheap); shared with the pinned
    /// sources of the distributed driver, which read S3 the same way.
    /// </summary>
    internal static Func<Uri> PresignedUrls(S3Location location, IAmazonS3 client, ByteSourceOptions options)
    {
        var protocol = options.S3.ServiceUrl is { } endpoint && endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS;
        return () =>
        {
            try
            {
                return new Uri(client.GetPreSignedURL(new GetPreSignedUrlRequest
                {
                    BucketName = location.Bucket,
                    Key = location.Key,
                    Verb = HttpVerb.GET,
                    Expires = DateTime.UtcNow + UrlLifetime,
                    Protocol = protocol,
                }));
            }
            catch (Exception e) when (e is AmazonClientException or AmazonServiceException)
            {
                throw new HepDataException($"{location}: cannot sign a request (credentials or region missing?): {e.Message}", e);
            }
        };
    }

    /// <summary>What S3's own status codes mean, or null for the generic HTTP wording.</summary>
    internal static string? DescribeStatus(int status) => status switch
    {
        404 => "no such bucket or object (HTTP 404)",
        403 => "access denied (HTTP 403): check the credentials and the bucket policy",
        _ => null,
    };

    protected override string Describe(HttpResponseMessage response) => DescribeStatus((int)response.StatusCode) ?? base.Describe(response);

    public override void Dispose()
    {
        if (_ownsClient) _client.Dispose();
        base.Dispose();
    }
}
