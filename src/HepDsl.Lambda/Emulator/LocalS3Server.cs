using System.Diagnostics;
using Amazon.S3;
using HepDsl.Runtime.IO;

namespace HepDsl.Lambda.Emulator;

/// <summary>
/// A real S3-protocol server (s3rver, installed by scripts/ensure-node-tools.sh and started by scripts/s3-server.mjs)
/// on 127.0.0.1 with a free port and its own temporary directory; killed and removed on dispose. The one start-up
/// the tests, the serverless benchmark and anything else that needs a local S3 share.
/// </summary>
public sealed class LocalS3Server : IDisposable
{
    /// <summary>The static credentials s3rver accepts (any work); the emulator's workers get them as a role would.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly Lock s_installLock = new();
    private static readonly HashSet<string> s_installed = new(StringComparer.Ordinal);

    private readonly Process _process;
    private readonly string _directory;

    private LocalS3Server(Process process, string directory, string endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
        Options = new S3Options { ServiceUrl = endpoint, ForcePathStyle = true, AccessKey = AccessKey, SecretKey = SecretKey, Region = "us-east-1" };
        Client = S3ClientFactory.Create(Options);
    }

    public string Endpoint { get; }
    public S3Options Options { get; }
    public AmazonS3Client Client { get; }
    public int ProcessId => _process.Id;

    /// <summary>What a function role would give the host: credentials in the environment.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
    };

    /// <summary>The checkout's scripts/ folder: the first folder holding HepDsl.sln above any of <paramref name="starts"/>.</summary>
    public static string FindScripts(params string[] starts)
    {
        foreach (var start in starts.Append(Environment.CurrentDirectory).Append(AppContext.BaseDirectory))
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln")) && File.Exists(Path.Combine(dir.FullName, "scripts", "s3-server.mjs")))
                    return Path.Combine(dir.FullName, "scripts");
        throw new InvalidOperationException("no HepDsl checkout (HepDsl.sln with scripts/s3-server.mjs) above the current folder");
    }

    /// <summary>Installs the node tools if needed, starts s3rver on a free loopback port and waits for its endpoint.</summary>
    public static LocalS3Server Start(string scriptsDirectory)
    {
        EnsureInstalled(scriptsDirectory);
        var directory = Path.Combine(Path.GetTempPath(), "hepdsl-s3-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = scriptsDirectory };
        info.ArgumentList.Add(Path.Combine(scriptsDirectory, "s3-server.mjs"));
        info.ArgumentList.Add(directory);
        info.ArgumentList.Add("0");
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start node");
        var error = process.StandardError.ReadToEndAsync();
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is not { } text || !text.StartsWith("endpoint=", StringComparison.Ordinal))
        {
            Stop(process, directory);
            throw new InvalidOperationException($"s3rver did not start: {(error.IsCompleted ? error.Result : "(no output within 30 s)")}");
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        return new LocalS3Server(process, directory, text["endpoint=".Length..]);
    }

    private static void EnsureInstalled(string scriptsDirectory)
    {
        lock (s_installLock)
        {
            if (s_installed.Contains(scriptsDirectory)) return;
            using var p = Process.Start(new ProcessStartInfo("bash")
            {
                ArgumentList = { Path.Combine(scriptsDirectory, "ensure-node-tools.sh") },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("cannot start bash");
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException("ensure-node-tools.sh hung"); }
            if (p.ExitCode != 0) throw new InvalidOperationException($"ensure-node-tools.sh failed: {err.Result}");
            s_installed.Add(scriptsDirectory);
        }
    }

    public void CreateBucket(string bucket)
    {
        try { Client.PutBucketAsync(bucket).GetAwaiter().GetResult(); }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists") { }
    }

    /// <summary>Uploads and reads the object back: the bytes stored must be exactly the bytes given.</summary>
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
        Client.Dispose();
        Stop(_process, _directory);
    }

    private static void Stop(Process process, string directory)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); process.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        process.Dispose();
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
