using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace HepDsl.Runtime.IO;

/// <summary>
/// Builds an <see cref="AmazonS3Client"/> configured to work against AWS and against local S3-protocol servers alike.
/// </summary>
/// <remarks>
/// Checksums are computed and validated only when an operation requires them: the SDK's default (always) sends
/// streaming checksum trailers that simple S3-compatible servers (s3rver, older MinIO) store or reject.
/// Uploads must still set <c>UseChunkEncoding = false</c> on each PutObject/UploadPart request (see <see cref="S3Upload"/>).
/// </remarks>
public static class S3ClientFactory
{
    /// <param name="configure">A last change to the SDK configuration (the Lambda host's init warm-up swaps the HTTP layer).</param>
    public static AmazonS3Client Create(S3Options options, TimeSpan? timeout = null, Action<AmazonS3Config>? configure = null)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (timeout is { } t) config.Timeout = t;
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        configure?.Invoke(config);
        if (options.AccessKey is { } access && options.SecretKey is { } secret)
        {
            AWSCredentials credentials = options.SessionToken is { } token
                ? new SessionAWSCredentials(access, secret, token)
                : new BasicAWSCredentials(access, secret);
            return new AmazonS3Client(credentials, config);
        }
        return new AmazonS3Client(config);
    }
}
