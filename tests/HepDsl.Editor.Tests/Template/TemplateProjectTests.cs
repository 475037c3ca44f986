using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using HepDsl.Cli.Commands;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Editor.Tests.Template;

/// <summary>
/// A physicist's start: the HepDsl.Runtime and HepDsl.Generator packages and the HepDsl.Templates package are packed
/// into a local folder, the template is installed into a private hive, `dotnet new hep-analysis` creates a project
/// that references only packages, it builds and runs on a shared NanoAOD file (results checked against JSROOT's
/// reading of the same branches), and a mistake in its .hep file fails the build at the line and column `hep check`
/// reports.
/// </summary>
public sealed class TemplateProjectTests
{
    private const string Version = "0.1.0-test";

    [Fact]
    public void Template_project_builds_against_the_packages_runs_on_real_data_and_reports_hep_errors_at_their_place()
    {
        var dir = Directory.CreateTempSubdirectory("hep-template-").FullName;
        _packagesFolder = Path.Combine(dir, "nuget-packages");
        try
        {
            // Nothing of the clone's build settings (central package versions, warnings as errors) leaks in.
            File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project />");
            var packages = Path.Combine(dir, "packages");
            var repo = RepoPaths.Root;
            foreach (var packed in new[] { "src/HepDsl.Runtime/HepDsl.Runtime.csproj", "src/HepDsl.Generator/HepDsl.Generator.csproj" })
            {
                // Already built for this test run: packed as built.
                var pack = $"pack \"{Path.Combine(repo, packed)}\" --no-build -c {Metadata("HepDslConfiguration") ?? "Debug"} -o \"{packages}\" -nologo -v:q -p:Version={Version}";
                if (Metadata("HepDslArtifactsPath") is { Length: > 0 } artifacts) pack += $" --artifacts-path \"{artifacts}\"";
                Dotnet(pack, dir);
            }
            Dotnet($"pack \"{Path.Combine(repo, "templates", "HepDsl.Templates", "HepDsl.Templates.csproj")}\" -o \"{packages}\" -nologo -v:q -p:Version={Version} --artifacts-path \"{Path.Combine(dir, "template-build")}\"", dir);
            foreach (var id in new[] { "HepDsl.Runtime", "HepDsl.Generator", "HepDsl.Templates" })
                Assert.True(File.Exists(Path.Combine(packages, $"{id}.{Version}.nupkg")), $"no {id} package in {packages}");

            // The template goes into a private hive, never the user's own template list.
            var hive = Path.Combine(dir, "hive");
            Dotnet($"new install \"{Path.Combine(packages, $"HepDsl.Templates.{Version}.nupkg")}\" --debug:custom-hive \"{hive}\"", dir);
            var project = Path.Combine(dir, "ZmumuStudy");
            var created = Dotnet($"new hep-analysis -n ZmumuStudy -o \"{project}\" --HepDslVersion {Version} --debug:custom-hive \"{hive}\"", dir);
            Assert.Contains("was created successfully", created);
            var hepFile = Path.Combine(project, "ZmumuStudy.hep");
            Assert.True(File.Exists(hepFile), string.Join("\n", Directory.GetFiles(project)));
            var csproj = File.ReadAllText(Path.Combine(project, "ZmumuStudy.csproj"));
            Assert.Contains($"<PackageReference Include=\"HepDsl.Generator\" Version=\"{Version}\"", csproj);
            Assert.Contains($"<PackageReference Include=\"HepDsl.Runtime\" Version=\"{Version}\"", csproj);
            Assert.DoesNotContain("ProjectReference", csproj);
            Assert.Contains("new ZmumuStudyAnalysis()", File.ReadAllText(Path.Combine(project, "Program.cs")));

            // The local folder beside the usual feeds; packages already in the machine's cache are used from there,
            // everything restored lands in a private folder (so the packages just packed are the ones used).
            var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } g ? g
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(dir, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="hepdsl-local" value="{packages}" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <add key="machine" value="{globalPackages}" />
                  </fallbackPackageFolders>
                </configuration>
                """);
            var build = $"build \"{project}\" -nologo -v:q";
            var output = Dotnet(build, project);
            Assert.DoesNotContain("CS8784", output); // generator failed to load
            Assert.DoesNotContain("CS8785", output); // generator threw

            var data = RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root");
            var results = Path.Combine(dir, "out");
            var dll = Directory.GetFiles(Path.Combine(project, "bin"), "ZmumuStudy.dll", SearchOption.AllDirectories).Single();
            var run = Run("dotnet", [dll, "--input", data, "--output", results], project);
            Assert.True(run.Code == 0, run.Output);
            Assert.Contains("two muons", run.Output);
            CheckAgainstJsroot(data, results);

            // A mistake in the .hep file is a build error at its place: the line and column `hep check` gives.
            var broken = File.ReadAllText(hepFile).Replace("MET.pt,", "MET.ptt,");
            File.WriteAllText(hepFile, broken);
            var check = new StringWriter();
            CheckCommand.Run([hepFile], printModel: false, check);
            var expected = System.Text.RegularExpressions.Regex.Match(check.ToString(), @"ZmumuStudy\.hep:(\d+):(\d+): error (HEP\d+)");
            Assert.True(expected.Success, check.ToString());
            var failed = Run("dotnet", ["build", project, "-nologo", "-v:q"], project);
            Assert.NotEqual(0, failed.Code);
            Assert.Contains($"ZmumuStudy.hep({expected.Groups[1].Value},{expected.Groups[2].Value}): error {expected.Groups[3].Value}", failed.Output);
            Assert.Contains("ptt", failed.Output);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The cut flow and both histograms, recomputed with plain loops from JSROOT's reading of the branches.</summary>
    private static void CheckAgainstJsroot(string data, string results)
    {
        var (code, stdout, stderr) = NodeTools.RunNode("jsroot-dump.mjs", [data, "Events", "Muon_pt,Muon_eta,Muon_phi,Muon_mass,MET_pt"], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, stderr);
        var branches = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)
            .ToDictionary(b => (string)b["branch"]!, b => b["values"]!.AsArray());
        var events = branches["MET_pt"].Count;
        var met = new double[52];
        var mass = new double[62];
        var passed = 0;
        for (var e = 0; e < events; e++)
        {
            met[Bin((double)branches["MET_pt"][e]!, 0, 200, 50)]++;
            var muons = Enumerable.Range(0, branches["Muon_pt"][e]!.AsArray().Count)
                .Select(i => (Pt: Value("Muon_pt", e, i), Eta: Value("Muon_eta", e, i), Phi: Value("Muon_phi", e, i), M: Value("Muon_mass", e, i)))
                .Where(m => m.Pt > 5 && Math.Abs(m.Eta) < 2.4).OrderByDescending(m => m.Pt).ToList();
            if (muons.Count < 2) continue;
            passed++;
            mass[Bin(PairMass(muons[0], muons[1]), 0, 120, 60)]++;
        }
        Assert.True(passed > 0 && passed < events, $"{passed} of {events}");

        var cutflow = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "cutflow.json")))!["rows"]!.AsArray();
        Assert.Equal(events, (int)cutflow[0]!["passed"]!);
        Assert.Equal("two muons", (string)cutflow[1]!["name"]!);
        Assert.Equal(passed, (int)cutflow[1]!["passed"]!);
        var histograms = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "histograms.json")))!;
        Assert.Equal(met, histograms["met"]!["storage"]!["values"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(mass, histograms["dimuon_mass"]!["storage"]!["values"]!.AsArray().Select(v => (double)v!));
        Assert.True(File.Exists(Path.Combine(results, "plots", "dimuon_mass.png")));

        double Value(string branch, int e, int i) => (double)branches[branch][e]![i]!;
    }

    /// <summary>Index in a values array with underflow first and overflow last.</summary>
    private static int Bin(double x, double low, double high, int bins) =>
        x < low ? 0 : x >= high ? bins + 1 : 1 + Math.Min(bins - 1, (int)((x - low) / (high - low) * bins));

    private static double PairMass((double Pt, double Eta, double Phi, double M) a, (double Pt, double Eta, double Phi, double M) b)
    {
        static (double, double, double, double) P4((double Pt, double Eta, double Phi, double M) v)
        {
            var px = v.Pt * Math.Cos(v.Phi);
            var py = v.Pt * Math.Sin(v.Phi);
            var pz = v.Pt * Math.Sinh(v.Eta);
            return (px, py, pz, Math.Sqrt(px * px + py * py + pz * pz + v.M * v.M));
        }
        var (ax, ay, az, ae) = P4(a);
        var (bx, by, bz, be) = P4(b);
        double x = ax + bx, y = ay + by, z = az + bz, e = ae + be;
        var m2 = e * e - x * x - y * y - z * z;
        return m2 > 0 ? Math.Sqrt(m2) : 0;
    }

    private static string? Metadata(string key) =>
        typeof(TemplateProjectTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private string Dotnet(string arguments, string directory)
    {
        var (code, output) = Run("dotnet", SplitArguments(arguments), directory);
        Assert.True(code == 0, $"dotnet {arguments}\n{output}");
        return output;
    }

    private static IEnumerable<string> SplitArguments(string s)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in s)
        {
            if (c == '"') { quoted = !quoted; continue; }
            if (c == ' ' && !quoted) { if (current.Length > 0) { parts.Add(current.ToString()); current.Clear(); } continue; }
            current.Append(c);
        }
        if (current.Length > 0) parts.Add(current.ToString());
        return parts;
    }

    private string? _packagesFolder;

    private (int Code, string Output) Run(string program, IEnumerable<string> args, string directory)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // Restores go to a private folder inside the test's directory.
        info.Environment["NUGET_PACKAGES"] = _packagesFolder ?? throw new InvalidOperationException("no package folder yet");
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in 8 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
