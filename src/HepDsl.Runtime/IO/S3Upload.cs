using Amazon.S3;
using Amazon.S3.Model;

namespace HepDsl.Runtime.IO;

/// <summary>
/// Uploads that store exactly the bytes given, on AWS and on simple S3-compatible servers alike: the SDK's default
/// aws-chunked streaming body is stored verbatim by some servers (s3rver), so chunk encoding is switched off.
/// </summary>
public static class S3Upload
{
    public static async Task PutFileAsync(IAmazonS3 client, string bucket, string key, string path, CancellationToken cancellationToken = default)
    {
        var request = new PutObjectRequest { BucketName = bucket, Key = key, FilePath = path, UseChunkEncoding = false };
        await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public static async Task PutBytesAsync(IAmazonS3 client, string bucket, string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        var request = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = stream, UseChunkEncoding = false, AutoCloseStream = false };
        await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
