using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>
/// An object in S3 (or an S3-compatible server) read with ranged GETs. The reader's reads (<see cref="IByteSource"/>)
/// go to a freshly presigned URL per request (signing is local and cheap), so the bytes move through the same blocking
/// HTTP path as <see cref="HttpRangeSource"/>: the SDK's own GetObject is async-only, and the reader's workers, which
/// block on their reads, starve the thread pool when the SDK's continuations need it. Callers that really await use
/// <see cref="ReadManyThroughSdkAsync"/>: the same coalesced requests as ranged GetObject calls of AWSSDK.S3.
/// See README.md in this folder for the trade-off.
/// </summary>
public sealed class S3Source : HttpRangeSource
{
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(15);
    private readonly S3Location _location;
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;

    private S3Source(S3Location location, Func<Uri> url, IAmazonS3 client, bool ownsClient, ByteSourceOptions options, HttpClient? http)
        : base(location.ToString(), url, options, http)
    {
        _location = location;
        _client = client;
        _ownsClient = ownsClient;
    }

    /// <summary>
    /// Opens <c>s3://bucket/key</c> with a client built from <see cref="ByteSourceOptions.S3"/> (or the one given); the
    /// presigned requests go through <paramref name="http"/> when given (not disposed here), else the shared client.
    /// </summary>
    public static S3Source Open(string url, ByteSourceOptions? options = null, IAmazonS3? client = null, HttpClient? http = null)
    {
        options ??= ByteSourceOptions.Default;
        S3Location location;
        try { location = S3Location.Parse(url); }
        catch (ArgumentException e) { throw new HepDataException(e.Message, e); }
        bool owns = client is null;
        client ??= S3ClientFactory.Create(options.S3);
        var source = new S3Source(location, PresignedUrls(location, client, options), client, owns, options, http);
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
    /// A fresh presigned GET URL for the object on each call (signing is local and cheap).
    /// </summary>
    private static Func<Uri> PresignedUrls(S3Location location, IAmazonS3 client, ByteSourceOptions options)
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

    /// <summary>
    /// Reads several ranges with AWSSDK.S3: nearby ranges are coalesced exactly as <see cref="IByteSource.ReadManyAsync"/>
    /// does, and each group is one <c>GetObject</c> with a byte range. Truly asynchronous, so only for callers that
    /// await it; retries are the SDK's own (its retry policy, signed again per attempt). The result holds the ranges'
    /// bytes in the order asked.
    /// </summary>
    public async Task<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyThroughSdkAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default)
    {
        foreach (var (offset, length) in ranges) CheckBounds(offset, length);
        var result = new ReadOnlyMemory<byte>[ranges.Count];
        var groups = RangeCoalescer.Coalesce(ranges, Options.CoalesceGapBytes, Options.MaxRequestBytes);
        // The groups of one call are independent: fetch them concurrently, as the SDK's async client allows.
        var blocks = await Task.WhenAll(groups.Select(g => g.Length == 0 ? Task.FromResult(Array.Empty<byte>()) : GetRangeAsync(g.Offset, g.Length, cancellationToken))).ConfigureAwait(false);
        for (int g = 0; g < groups.Count; g++) groups[g].Scatter(blocks[g], ranges, result);
        return result;
    }

    private async Task<byte[]> GetRangeAsync(long offset, int length, CancellationToken cancellationToken)
    {
        CountRequest();
        string what = $"{Location}: reading {length} bytes at offset {offset} through AWSSDK.S3";
        var block = new byte[length];
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = _location.Bucket,
                Key = _location.Key,
                ByteRange = new ByteRange(offset, offset + length - 1),
            }, cancellationToken).ConfigureAwait(false);
            // A server that ignores the range sends the whole object (200, not 206): refuse it rather than misplace bytes.
            if (response.ContentLength != length)
                throw new HepDataException($"{what}: the server sent {response.ContentLength} bytes (HTTP {(int)response.HttpStatusCode}), not the range asked for");
            int filled = 0, n;
            while (filled < length && (n = await response.ResponseStream.ReadAsync(block.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                filled += n;
            if (filled != length) throw new HepDataException($"{what}: the response ended after {filled} bytes");
        }
        catch (AmazonS3Exception e)
        {
            throw new HepDataException($"{what} failed: {DescribeStatus((int)e.StatusCode) ?? $"HTTP {(int)e.StatusCode} {e.ErrorCode}"}: {e.Message}", e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not HepDataException)
        {
            throw new HepDataException($"{what} failed: {e.Message}", e);
        }
        CountBytes(length);
        return block;
    }

    /// <summary>What S3's own status codes mean, or null for the generic HTTP wording.</summary>
    private static string? DescribeStatus(int status) => status switch
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
