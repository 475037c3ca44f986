using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Distributed;

/// <summary>The driver's view of the run bucket: analysis assemblies (uploaded once) and partial results.</summary>
public sealed class ResultStore(IAmazonS3 client, string bucket, string prefix, long maxResultBytes = DistributedOptions.DefaultMaxResultBytes)
{
    public string Bucket => bucket;
    public string Prefix => prefix;

    /// <summary>
    /// Uploads the analysis under its SHA-256 unless the object there already has exactly these bytes. A same-size
    /// object is downloaded and hashed rather than trusted: a damaged or foreign object under the key would make every
    /// host refuse the run (they check the hash), and replacing it is cheap (assemblies are small).
    /// </summary>
    public async Task<(string Location, bool Uploaded)> EnsureAnalysisAsync(string sha256, byte[] assembly, CancellationToken cancellationToken)
    {
        var key = DistributedKeys.Analysis(prefix, sha256);
        try
        {
            var head = await client.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            if (head.ContentLength == assembly.Length
                && string.Equals(DistributedKeys.Sha256Hex(await DownloadAsync(key, cancellationToken).ConfigureAwait(false)), sha256, StringComparison.OrdinalIgnoreCase))
                return ($"s3://{bucket}/{key}", false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound) { }
        await S3Upload.PutBytesAsync(client, bucket, key, assembly, cancellationToken).ConfigureAwait(false);
        return ($"s3://{bucket}/{key}", true);
    }

    /// <summary>Keys of the results already stored for this analysis (what a resumed run can reuse).</summary>
    public async Task<HashSet<string>> ExistingResultsAsync(string analysisSha256, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = DistributedKeys.ResultsFolder(prefix, analysisSha256) };
        for (int page = 0; page < 100_000; page++)
        {
            var response = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var o in response.S3Objects ?? []) keys.Add(o.Key);
            if (response.IsTruncated != true) break;
            request.ContinuationToken = response.NextContinuationToken;
        }
        return keys;
    }

    public async Task<byte[]> DownloadAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await client.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    /// <summary>
    /// The stored result of <paramref name="partition"/>, read only up to <c>maxResultBytes</c>: a larger object (by its
    /// length, or by what arrives when the length lies) is refused naming the partition and the object, never buffered.
    /// </summary>
    public async Task<byte[]> DownloadResultAsync(Execution.Partition partition, string key, CancellationToken cancellationToken)
    {
        using var response = await client.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (response.ContentLength > maxResultBytes) throw TooLarge(partition, key, $"is {LambdaPreflight.Bytes(response.ContentLength)}");
        using var copy = new MemoryStream(response.ContentLength > 0 ? (int)response.ContentLength : 0);
        var buffer = new byte[81920];
        int n;
        while ((n = await response.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + n > maxResultBytes) throw TooLarge(partition, key, $"sent more than {LambdaPreflight.Bytes(copy.Length + n - 1)}");
            copy.Write(buffer, 0, n);
        }
        return copy.ToArray();
    }

    private ResultTooLargeException TooLarge(Execution.Partition partition, string key, string size) => new(
        $"the stored result of {partition} (s3://{bucket}/{key}) {size}, more than the driver downloads ({LambdaPreflight.Bytes(maxResultBytes)}, " +
        "DistributedOptions.MaxResultBytes, --max-result-mb): refused, not retried; raise the limit if results this large are expected");
}
