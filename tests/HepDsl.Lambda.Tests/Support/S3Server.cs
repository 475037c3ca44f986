using System.Diagnostics;
using Amazon.S3;
using HepDsl.Runtime.IO;

namespace HepDsl.Lambda.Tests.Support;

/// <summary>
/// A real S3-protocol server (s3rver, installed by scripts/ensure-node-tools.sh) on 127.0.0.1 with a free port and a
/// temporary directory; killed and removed on dispose.
/// </summary>
public sealed class S3Server : IDisposable
{
    private static readonly Lazy<bool> Installed = new(() =>
    {
        using var p = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(RepoPaths.Scripts, "ensure-node-tools.sh") }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException("ensure-node-tools.sh hung"); }
        return p.ExitCode == 0 ? true : throw new InvalidOperationException($"ensure-node-tools.sh failed: {err.Result}");
    });

    private readonly Process _process;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hepdsl-lambda-s3-" + Guid.NewGuid().ToString("N"));

    public S3Server()
    {
        _ = Installed.Value;
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Scripts };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Scripts, "s3-server.mjs"));
        info.ArgumentList.Add(_directory);
        info.ArgumentList.Add("0");
        _process = Process.Start(info)!;
        var line = _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is not { } text || !text.StartsWith("endpoint=", StringComparison.Ordinal))
        {
            Dispose();
            throw new InvalidOperationException("s3rver did not start");
        }
        Endpoint = text["endpoint=".Length..];
        Options = new S3Options { ServiceUrl = Endpoint, ForcePathStyle = true, AccessKey = "S3RVER", SecretKey = "S3RVER", Region = "us-east-1" };
        Client = S3ClientFactory.Create(Options);
    }

    public string Endpoint { get; }
    public S3Options Options { get; }
    public AmazonS3Client Client { get; }

    /// <summary>What a function role would give the host: credentials in the environment.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
    };

    public void CreateBucket(string bucket) => Client.PutBucketAsync(bucket).GetAwaiter().GetResult();

    public string Upload(string bucket, string key, byte[] bytes)
    {
        S3Upload.PutBytesAsync(Client, bucket, key, bytes).GetAwaiter().GetResult();
        if (!Download(bucket, key).AsSpan().SequenceEqual(bytes)) throw new InvalidOperationException($"s3://{bucket}/{key} stored different bytes");
        return $"s3://{bucket}/{key}";
    }

    public byte[] Download(string bucket, string key)
    {
        using var response = Client.GetObjectAsync(bucket, key).GetAwaiter().GetResult();
        using var copy = new MemoryStream();
        response.ResponseStream.CopyTo(copy);
        return copy.ToArray();
    }

    public bool Exists(string bucket, string key)
    {
        try { Client.GetObjectMetadataAsync(bucket, key).GetAwaiter().GetResult(); return true; }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { return false; }
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); _process.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
