namespace HepDsl.Runtime.IO;

/// <summary>A parsed <c>s3://bucket/key</c> URL.</summary>
public readonly record struct S3Location(string Bucket, string Key)
{
    public static S3Location Parse(string url)
    {
        if (!url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{url}' is not an s3:// URL", nameof(url));
        string rest = url[5..];
        int slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
            throw new ArgumentException($"'{url}': expected s3://bucket/key", nameof(url));
        return new S3Location(rest[..slash], rest[(slash + 1)..]);
    }

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
