using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO;

/// <summary>An object in S3 (or an S3-compatible server) read with ranged GETs.</summary>
public sealed class S3Source : RemoteByteSource
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly S3Location _object;
    private long _length;

    private S3Source(S3Location location, IAmazonS3 client, bool ownsClient, ByteSourceOptions options) : base(location.ToString(), options)
    {
        _object = location;
        _client = client;
        _ownsClient = ownsClient;
    }

    public override long Length => _length;

    /// <summary>Opens <c>s3://bucket/key</c> with a client built from <see cref="ByteSourceOptions.S3"/> (or the one given).</summary>
    public static S3Source Open(string url, ByteSourceOptions? options = null, IAmazonS3? client = null)
    {
        options ??= ByteSourceOptions.Default;
        S3Location location;
        try { location = S3Location.Parse(url); }
        catch (ArgumentException e) { throw new HepDataException(e.Message, e); }
        var source = new S3Source(location, client ?? S3ClientFactory.Create(options.S3), client is null, options);
        try
        {
            source._length = source.HeadAsync().GetAwaiter().GetResult();
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private async Task<long> HeadAsync()
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Options.RequestTimeout);
                var meta = await _client.GetObjectMetadataAsync(_object.Bucket, _object.Key, timeout.Token).ConfigureAwait(false);
                return meta.ContentLength;
            }
            catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
            {
                throw new HepDataException($"{Location}: cannot open: {(e.StatusCode == HttpStatusCode.NotFound ? "no such object" : "access denied")} ({e.ErrorCode ?? e.StatusCode.ToString()})", e);
            }
            catch (Exception e) when (IsTransient(e) || e is OperationCanceledException)
            {
                if (attempt >= Options.MaxRetries) throw new HepDataException($"{Location}: cannot open: {e.Message}", e);
                await Task.Delay(Options.RetryDelay * Math.Pow(2, attempt)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException)
            {
                throw new HepDataException($"{Location}: cannot open: {e.Message}", e);
            }
        }
    }

    protected override async Task FetchAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        long last = offset + destination.Length - 1;
        var request = new GetObjectRequest { BucketName = _object.Bucket, Key = _object.Key, ByteRange = new ByteRange(offset, last) };
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (!IsTransient(e))
        {
            throw new HepDataException($"{Location}: ranged GET of bytes {offset}-{last} failed: {(int)e.StatusCode} {e.ErrorCode} {e.Message}", e);
        }
        using (response)
        {
            if (response.ContentLength != destination.Length)
                throw new HepDataException($"{Location}: asked for bytes {offset}-{last}, S3 sent {response.ContentLength} bytes ({response.ContentRange ?? "no Content-Range"})");
            int done = 0;
            while (done < destination.Length)
            {
                int n = await response.ResponseStream.ReadAsync(destination[done..], cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new IOException($"connection closed after {done} of {destination.Length} bytes");
                done += n;
            }
        }
    }

    protected override bool IsTransient(Exception error) => error switch
    {
        AmazonServiceException s => s.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)s.StatusCode >= 500 || s.StatusCode == 0,
        AmazonClientException => true,
        HttpRequestException or IOException => true,
        _ => false,
    };

    public override void Dispose()
    {
        if (_ownsClient) _client.Dispose();
        base.Dispose();
    }
}
