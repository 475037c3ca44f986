using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using HepDsl.Lambda.Emulator;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep lambda serve</c>: a local AWS Lambda (Invoke + Runtime APIs on 127.0.0.1) running the generic host in N
/// real processes. <c>hep lambda package</c>: the host built for Lambda (provided.al2023) and zipped with
/// <c>bootstrap</c> at the archive root.
/// </summary>
internal static class LambdaCommand
{
    public static Command Create()
    {
        var command = new Command("lambda", "Serverless execution: a local Lambda emulator and deployment packages");
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(Package());
        command.Subcommands.Add(Upload());
        command.Subcommands.Add(LambdaPlanCommand.Create());
        return command;
    }

    // Inputs must be in S3 for Lambda to read them; this saves needing another S3 tool for a demo or a laptop trial.
    private static Command Upload()
    {
        var files = new Argument<string[]>("files") { Description = "Local files to upload", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "Destination s3://bucket/key (one file) or s3://bucket/prefix/ (ending in /)", Required = true };
        var endpoint = new Option<string?>("--s3-endpoint") { Description = "S3 endpoint (path-style), e.g. a local s3rver" };
        var region = new Option<string?>("--region") { Description = "AWS region" };
        var create = new Option<bool>("--create-bucket") { Description = "Create the bucket if it does not exist" };
        var command = new Command("upload", "Upload local files to S3 (exact bytes, checked by reading them back)");
        command.Arguments.Add(files);
        foreach (var o in new Option[] { to, endpoint, region, create }) command.Options.Add(o);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = parse.GetValue(endpoint) is { } url
                    ? new HepDsl.Runtime.IO.S3Options { ServiceUrl = url, ForcePathStyle = true, Region = parse.GetValue(region) ?? "us-east-1" }
                    : HepDsl.Runtime.IO.S3Options.FromEnvironment() with { Region = parse.GetValue(region) ?? HepDsl.Runtime.IO.S3Options.FromEnvironment().Region };
                var paths = parse.GetValue(files)!;
                var target = parse.GetValue(to)!;
                if (paths.Length > 1 && !target.EndsWith('/')) throw new ArgumentException("--to must end in '/' when uploading several files");
                using var client = HepDsl.Runtime.IO.S3ClientFactory.Create(options);
                var first = HepDsl.Runtime.IO.S3Location.Parse(target.EndsWith('/') ? target + "x" : target);
                if (parse.GetValue(create))
                {
                    try { await client.PutBucketAsync(first.Bucket, cancellationToken); }
                    catch (Amazon.S3.AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists") { }
                }
                foreach (var path in paths)
                {
                    var key = target.EndsWith('/') ? first.Key[..^1] + Path.GetFileName(path) : first.Key;
                    var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                    await HepDsl.Runtime.IO.S3Upload.PutBytesAsync(client, first.Bucket, key, bytes, cancellationToken);
                    using var back = await client.GetObjectAsync(first.Bucket, key, cancellationToken);
                    using var copy = new MemoryStream();
                    await back.ResponseStream.CopyToAsync(copy, cancellationToken);
                    if (!copy.ToArray().AsSpan().SequenceEqual(bytes)) throw new IOException($"s3://{first.Bucket}/{key}: stored bytes differ from {path}");
                    Console.WriteLine($"s3://{first.Bucket}/{key}");
                }
                return 0;
            }
            catch (Exception e) when (e is IOException or ArgumentException or Amazon.Runtime.AmazonServiceException)
            {
                Console.Error.WriteLine($"hep: error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Serve()
    {
        var workers = new Option<int>("--workers") { Description = "Host processes (the function's concurrency)", DefaultValueFactory = _ => 2 };
        var port = new Option<int>("--port") { Description = "Loopback port for the Invoke and Runtime APIs (0: a free one)", DefaultValueFactory = _ => 0 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds an invocation may run before its worker is killed", DefaultValueFactory = _ => 60 };
        var memory = new Option<int>("--memory") { Description = "Memory (MB) reported to the host, as Lambda configures it", DefaultValueFactory = _ => 1769 };
        var queue = new Option<int>("--queue") { Description = "Invocations that may wait for a worker before 429s", DefaultValueFactory = _ => 0 };
        var function = new Option<string>("--function") { Description = "Function name the Invoke API accepts", DefaultValueFactory = _ => "hepdsl" };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Host to run (default: bootstrap.dll beside hep)" };
        var quiet = new Option<bool>("--quiet") { Description = "Do not print worker log lines" };
        // The hosts' configuration, as deploy/template.yaml sets it on Lambda: the hosts refuse payloads naming anything else.
        var bucket = new Option<string>("--bucket") { Description = "Results bucket the hosts read analyses from and write results to", Required = true };
        var prefix = new Option<string>("--prefix") { Description = "Key prefix in the results bucket", DefaultValueFactory = _ => "hepdsl" };
        var inputs = new Option<string[]>("--inputs") { Description = "Origins the hosts may read inputs from: s3://bucket/prefix/ or https://host/path/", Required = true, AllowMultipleArgumentsPerToken = true };
        var s3Endpoint = new Option<string?>("--s3-endpoint") { Description = "S3 endpoint the hosts use (path-style), e.g. a local s3rver" };
        var trustEndpoint = new Option<bool>("--trust-payload-endpoint") { Description = "Emulator only: let a payload's loopback S3 endpoint override --s3-endpoint" };
        var command = new Command("serve", "Run a local Lambda emulator on 127.0.0.1 until interrupted");
        foreach (var o in new Option[] { workers, port, timeout, memory, queue, function, bootstrap, quiet, bucket, prefix, inputs, s3Endpoint, trustEndpoint })
            command.Options.Add(o);
        command.SetAction(async (parse, cancellationToken) =>
        {
            HepDsl.Lambda.Host.HostSettings host;
            try
            {
                // The same parser the host applies to its environment, so a bad value fails here, not in every worker.
                var variables = new Dictionary<string, string?>
                {
                    [HepDsl.Lambda.Host.HostSettings.ResultsBucketVariable] = parse.GetValue(bucket),
                    [HepDsl.Lambda.Host.HostSettings.PrefixVariable] = parse.GetValue(prefix),
                    [HepDsl.Lambda.Host.HostSettings.InputsVariable] = string.Join(' ', parse.GetValue(inputs) ?? []),
                    [HepDsl.Lambda.Host.HostSettings.S3EndpointVariable] = parse.GetValue(s3Endpoint),
                    [HepDsl.Lambda.Host.HostSettings.PayloadEndpointVariable] = parse.GetValue(trustEndpoint) ? "loopback" : null,
                    ["AWS_REGION"] = Environment.GetEnvironmentVariable("AWS_REGION"),
                };
                host = HepDsl.Lambda.Host.HostSettings.FromEnvironment(name => variables.GetValueOrDefault(name));
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"hep: error: {e.Message}");
                return 1;
            }
            var options = new EmulatorOptions
            {
                Host = host,
                Workers = parse.GetValue(workers),
                Port = parse.GetValue(port),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                MemoryMb = parse.GetValue(memory),
                QueueCapacity = parse.GetValue(queue),
                FunctionName = parse.GetValue(function)!,
                BootstrapPath = parse.GetValue(bootstrap) ?? Path.Combine(AppContext.BaseDirectory, "bootstrap.dll"),
                Region = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1",
                Log = parse.GetValue(quiet) ? null : line => Console.Error.WriteLine(line),
            };
            try
            {
                await using var emulator = LambdaEmulator.Start(options);
                // Machine-readable lines on stdout, for scripts. The token is a secret: give it to the driver in its
                // environment (HEPDSL_EMULATOR_TOKEN), not on a command line, which other local users can read.
                Console.WriteLine($"endpoint={emulator.Endpoint}");
                Console.WriteLine($"token={emulator.Token}");
                Console.Out.Flush();
                try { await Task.Delay(Timeout.Infinite, cancellationToken); }
                catch (OperationCanceledException) { }
                Console.Error.WriteLine($"lambda emulator: {emulator.Invocations} invocation(s), {emulator.Throttles} throttled, {emulator.Timeouts} timed out; stopping");
                return 0;
            }
            catch (Exception e) when (e is IOException or ArgumentException or System.Net.HttpListenerException)
            {
                Console.Error.WriteLine($"hep: error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Package()
    {
        var arch = new Option<string>("--arch") { Description = "x64, arm64 or both", DefaultValueFactory = _ => "x64" };
        arch.AcceptOnlyFromAmong("x64", "arm64", "both");
        var output = new Option<string>("--output", "-o") { Description = "Folder for the zip files", DefaultValueFactory = _ => "dist/lambda" };
        var command = new Command("package", "Build the Lambda host for linux and zip it with bootstrap at the root");
        command.Options.Add(arch);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var archs = parse.GetValue(arch) == "both" ? new[] { "x64", "arm64" } : [parse.GetValue(arch)!];
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            try
            {
                var project = Path.Combine(RepoRoot(), "src", "HepDsl.Lambda", "HepDsl.Lambda.csproj");
                foreach (var a in archs)
                {
                    var zip = LambdaPackager.Build(project, a, outDir, CancellationToken.None);
                    Console.WriteLine(zip);
                }
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"hep: error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    // Packaging builds from source: the checkout holding HepDsl.sln above the current folder or above hep itself.
    private static string RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln"))) return dir.FullName;
        throw new InvalidOperationException("hep lambda package runs from a HepDsl checkout (no HepDsl.sln found above the current folder)");
    }
}

/// <summary>
/// dotnet publish for linux-ARCH (self-contained, ReadyToRun: the host loads analyses at run time, so it needs the
/// JIT and cannot be Native AOT), then a zip with the <c>bootstrap</c> executable at its root, mode 755.
/// </summary>
internal static class LambdaPackager
{
    /// <summary>Package ids NuGet restore reported missing (NU1101 "Unable to find package X", NU1102 "...with version").</summary>
    internal static IReadOnlyList<string> MissingPackages(string output) =>
        System.Text.RegularExpressions.Regex.Matches(output, @"Unable to find package ([A-Za-z0-9_.\-]+)")
            .Select(m => m.Groups[1].Value.TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static string Build(string project, string arch, string outputDirectory, CancellationToken cancellationToken)
    {
        var rid = $"linux-{arch}";
        var publishDir = Path.Combine(Path.GetTempPath(), $"hepdsl-lambda-{rid}-{Environment.ProcessId}");
        if (Directory.Exists(publishDir)) Directory.Delete(publishDir, recursive: true);
        var args = new[] { "publish", project, "-c", "Release", "-r", rid, "--self-contained", "-p:PublishReadyToRun=true",
            "-o", publishDir, "--artifacts-path", Path.Combine(Path.GetTempPath(), $"hepdsl-lambda-build-{rid}") };
        Console.Error.WriteLine($"hep: dotnet {string.Join(' ', args)}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            var output = stdout.Result + stderr.Result;
            var missing = MissingPackages(output);
            throw new InvalidOperationException(missing.Count > 0
                ? $"cannot build the {rid} host: NuGet package(s) {string.Join(", ", missing)} not found in the configured feeds or the local cache " +
                  $"(a self-contained {rid} publish needs the runtime pack Microsoft.NETCore.App.Runtime.{rid}, the apphost pack Microsoft.NETCore.App.Host.{rid} " +
                  $"and Microsoft.NETCore.App.Crossgen2.<this machine's rid> for ReadyToRun); add them to a feed, or see docs/deploy.md for the framework-dependent fallback." +
                  $"{Environment.NewLine}{output}"
                : $"dotnet publish for {rid} failed (exit {process.ExitCode}); see docs/deploy.md:{Environment.NewLine}{output}");
        }
        var bootstrap = Path.Combine(publishDir, "bootstrap");
        if (!File.Exists(bootstrap)) throw new InvalidOperationException($"publish produced no {bootstrap}");

        using (var elf = File.OpenRead(bootstrap))
        {
            // ELF e_machine: 0x3E x86-64, 0xB7 AArch64. A host for the wrong machine would only fail on Lambda.
            var header = new byte[20];
            elf.ReadExactly(header);
            int machine = header[18] | header[19] << 8;
            int expected = arch == "arm64" ? 0xB7 : 0x3E;
            if (header[0] != 0x7F || header[1] != (byte)'E' || machine != expected)
                throw new InvalidOperationException($"{bootstrap} is not a linux {arch} executable (ELF machine 0x{machine:X})");
        }

        Directory.CreateDirectory(outputDirectory);
        var zipPath = Path.Combine(outputDirectory, $"hepdsl-lambda-{arch}.zip");
        File.Delete(zipPath);
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.EnumerateFiles(publishDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(publishDir, file).Replace('\\', '/');
                if (name.EndsWith(".pdb", StringComparison.Ordinal)) continue;
                var entry = zip.CreateEntryFromFile(file, name, CompressionLevel.Optimal);
                // Unix mode in the high 16 bits: regular file, 755 for bootstrap (Lambda execs it), 644 otherwise.
                entry.ExternalAttributes = (name == "bootstrap" ? 0x81ED : 0x81A4) << 16;
            }
        }
        Directory.Delete(publishDir, recursive: true);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hep: {zipPath} ({new FileInfo(zipPath).Length / 1e6:F1} MB)"));
        return zipPath;
    }
}
