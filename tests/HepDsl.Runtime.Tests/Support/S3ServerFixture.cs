using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Tests.Support;

/// <summary>
/// A real S3-protocol server (s3rver) on 127.0.0.1 with a free port and a temporary directory, for the life of a
/// test class (xunit class fixture). Killed and its directory removed on dispose.
/// </summary>
public sealed class S3ServerFixture : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    public S3ServerFixture()
    {
        _directory = Path.Combine(Path.GetTempPath(), "hepdsl-s3rver-" + Guid.NewGuid().ToString("N"));
        _process = NodeTools.Start("s3-server.mjs", [_directory, "0"]);
        var line = _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is not { } text || !text.StartsWith("endpoint=", StringComparison.Ordinal))
        {
            string err = _process.HasExited ? _process.StandardError.ReadToEnd() : "no endpoint line within 30 s";
            Dispose();
            throw new InvalidOperationException($"s3rver did not start: {err}");
        }
        Endpoint = text["endpoint=".Length..];
        Options = new S3Options { ServiceUrl = Endpoint, ForcePathStyle = true, AccessKey = "S3RVER", SecretKey = "S3RVER", Region = "us-east-1" };
        Client = S3ClientFactory.Create(Options);
    }

    public string Endpoint { get; }
    public S3Options Options { get; }
    public AmazonS3Client Client { get; }
    public ByteSourceOptions SourceOptions => new() { S3 = Options };

    public void CreateBucket(string bucket)
    {
        try { Client.PutBucketAsync(bucket).GetAwaiter().GetResult(); }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists") { }
    }

    /// <summary>Uploads a local file with a single PutObject and checks the stored bytes equal the file.</summary>
    public string Upload(string bucket, string key, string path)
    {
        S3Upload.PutFileAsync(Client, bucket, key, path).GetAwaiter().GetResult();
        using var response = Client.GetObjectAsync(bucket, key).GetAwaiter().GetResult();
        using var copy = new MemoryStream();
        response.ResponseStream.CopyTo(copy);
        if (!copy.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(path)))
            throw new InvalidOperationException($"s3://{bucket}/{key}: stored {copy.Length} bytes differ from {path} ({new FileInfo(path).Length} bytes)");
        return $"s3://{bucket}/{key}";
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
