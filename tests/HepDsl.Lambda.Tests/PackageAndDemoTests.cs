using System.Diagnostics;
using System.IO.Compression;
using HepDsl.Lambda.Tests.Support;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// What a user deploys and what the README tells them to try: <c>hep lambda package --arch both</c> builds the two
/// provided.al2023 zips (bootstrap at the root, executable, for the right machine), and scripts/demo-serverless.sh
/// runs Q6 through <c>hep lambda serve</c> with the unzipped x64 package as its host, against s3rver, and exits 0
/// only when the Lambda and local results are identical. Both run as the real processes a user starts.
/// </summary>
public sealed class PackageAndDemoTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hepdsl-lambda-package-").FullName;

    private static string Hep => Path.Combine(AppContext.BaseDirectory, "hep.dll") is var p && File.Exists(p) ? p : throw new FileNotFoundException($"hep missing: {p}");

    [Fact]
    public void Packages_for_both_architectures_and_the_x64_one_runs_the_serverless_demo()
    {
        var package = Run("dotnet", [Hep, "lambda", "package", "--arch", "both", "--output", Path.Combine(_work, "dist")], RepoPaths.Root, TimeSpan.FromMinutes(8));
        Assert.True(package.Exit == 0, $"hep lambda package exited {package.Exit}:{Environment.NewLine}{package.Out}{package.Err}");

        foreach (var (arch, machine) in new[] { ("x64", 0x3E), ("arm64", 0xB7) })
        {
            var zipPath = Path.Combine(_work, "dist", $"hepdsl-lambda-{arch}.zip");
            Assert.Contains(zipPath, package.Out);
            using var zip = ZipFile.OpenRead(zipPath);
            var bootstrap = zip.GetEntry("bootstrap") ?? throw new Xunit.Sdk.XunitException($"{zipPath} has no bootstrap at its root");
            // Lambda execs bootstrap: the zip must carry mode 755 for it, and it must be an ELF for the function's machine.
            Assert.Equal(0x81ED, bootstrap.ExternalAttributes >>> 16);
            using var elf = bootstrap.Open();
            var header = new byte[20];
            elf.ReadExactly(header);
            Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header[..4]);
            Assert.Equal(machine, header[18] | header[19] << 8);
            Assert.Contains(zip.Entries, e => e.FullName == "HepDsl.Runtime.dll");
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal));
        }

        var host = Path.Combine(_work, "host-x64");
        ZipFile.ExtractToDirectory(Path.Combine(_work, "dist", "hepdsl-lambda-x64.zip"), host);
        var bootstrapPath = Path.Combine(host, "bootstrap");
        if (!OperatingSystem.IsWindows())
            Assert.True((File.GetUnixFileMode(bootstrapPath) & UnixFileMode.UserExecute) != 0, "bootstrap lost its execute bit when unzipped");

        var demo = Run("bash", [Path.Combine(RepoPaths.Scripts, "demo-serverless.sh")], RepoPaths.Root, TimeSpan.FromMinutes(6),
            new() { ["HEP_DLL"] = Hep, ["BOOTSTRAP"] = bootstrapPath, ["TMPDIR"] = _work, ["HEPDSL_CACHE"] = Path.Combine(_work, "cache") });
        Assert.True(demo.Exit == 0, $"demo-serverless.sh exited {demo.Exit}:{Environment.NewLine}{demo.Out}{demo.Err}");
        Assert.Contains($"== starting hep lambda serve --workers 3, host {bootstrapPath}", demo.Err);
        Assert.Contains("identical: histograms.json", demo.Out + demo.Err);
        Assert.Contains("identical: cutflow.json", demo.Out + demo.Err);
        Assert.Contains("serverless demo: Lambda and local results are identical", demo.Out + demo.Err);
        Assert.Matches(@"lambda-report\.json: 24 partitions, \d+ invocations", demo.Out + demo.Err);
        // The demo cleans up after itself: nothing of it is left in its temporary folder.
        Assert.Empty(Directory.EnumerateDirectories(_work, "hepdsl-demo-*"));
    }

    private static (int Exit, string Out, string Err) Run(string file, string[] args, string workingDirectory, TimeSpan limit,
        Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? []) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {limit}:{Environment.NewLine}{stdout.Result}{stderr.Result}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
