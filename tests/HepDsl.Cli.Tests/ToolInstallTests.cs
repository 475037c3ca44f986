using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace HepDsl.Cli.Tests;

/// <summary>
/// hep as a dotnet tool: packs src/HepDsl.Cli (already built for this test run, so --no-build), installs the package
/// into a temporary --tool-path from a local-only source and a private package folder, and runs the installed hep:
/// check (the parser must load from the tool's own deps.json) and run (the in-memory compiler must find
/// HepDsl.Runtime in the tool's folder).
/// </summary>
public class ToolInstallTests
{
    [Fact]
    public void Packed_tool_installs_and_checks_and_runs_an_analysis()
    {
        var dir = Directory.CreateTempSubdirectory("hep-tool-").FullName;
        try
        {
            var repo = RepoRoot();
            var packages = Path.Combine(dir, "packages");
            var pack = new List<string> { "pack", Path.Combine(repo, "src", "HepDsl.Cli", "HepDsl.Cli.csproj"), "--no-build", "-c", Metadata("HepDslConfiguration") ?? "Debug", "-o", packages, "-nologo", "-v:q" };
            if (Metadata("HepDslArtifactsPath") is { Length: > 0 } artifacts) pack.AddRange(["--artifacts-path", artifacts]);
            var (code, output) = Run("dotnet", pack, dir);
            Assert.True(code == 0, output);
            var package = Assert.Single(Directory.GetFiles(packages, "HepDsl.Cli.*.nupkg"));

            File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{packages}" />
                  </packageSources>
                </configuration>
                """);
            var tools = Path.Combine(dir, "tools");
            (code, output) = Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", Path.Combine(dir, "nuget.config"), "HepDsl.Cli"], dir);
            Assert.True(code == 0, output);
            var hep = Path.Combine(tools, OperatingSystem.IsWindows() ? "hep.exe" : "hep");
            Assert.True(File.Exists(hep), $"no {hep} after install:\n{output}");

            var deps = Assert.Single(Directory.GetFiles(tools, "hep.deps.json", SearchOption.AllDirectories));
            using (var json = JsonDocument.Parse(File.ReadAllText(deps)))
            {
                var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();
                Assert.Contains("HepDsl.Parser", libraries);
                Assert.Contains("Sprache", libraries);
            }

            (code, output) = Run(hep, ["check", Path.Combine(repo, "samples", "hzz.hep")], dir);
            Assert.True(code == 0, output);
            Assert.Contains("ok: analysis hzz", output);

            var broken = Path.Combine(dir, "broken.hep");
            File.WriteAllText(broken, "analysis broken\ntree Events\nuse nanoaod\n\nhistogram met \"MET\": MET.nosuchfield, 10 bins from 0 to 100\n");
            (code, output) = Run(hep, ["check", broken], dir);
            Assert.Equal(1, code);
            Assert.Matches(@"broken\.hep:5:\d+: error HEP0006: .*nosuchfield", output);

            var results = Path.Combine(dir, "out");
            (code, output) = Run(hep, ["run", Path.Combine(repo, "samples", "zmumu.hep"), "--input", Path.Combine(repo, "samples", "data", "uproot-Zmumu.root"), "-o", results], dir);
            Assert.True(code == 0, output);
            Assert.Contains("2,304 events", output);
            Assert.True(File.Exists(Path.Combine(results, "histograms.json")), output);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string? Metadata(string key) =>
        typeof(ToolInstallTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static (int Code, string Output) Run(string program, IEnumerable<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // A private package folder: the package just packed is the one installed, never a cached copy of the same version.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(workingDirectory, "nuget-packages");
        start.Environment["HEPDSL_CACHE"] = Path.Combine(workingDirectory, "analysis-cache");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(ThisFile())! })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "HepDsl.sln"))) return d.FullName;
        throw new InvalidOperationException($"no HepDsl.sln above {AppContext.BaseDirectory}");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
