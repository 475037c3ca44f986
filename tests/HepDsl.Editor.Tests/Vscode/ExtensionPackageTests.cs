using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Editor.Tests.Vscode;

/// <summary>editors/vscode: the client starts `hep lsp`, and @vscode/vsce packages it (with its language client) as a .vsix.</summary>
public sealed class ExtensionPackageTests
{
    private static readonly string Extension = Path.Combine(RepoPaths.Root, "editors", "vscode");

    [Fact]
    public void The_extension_starts_hep_lsp_with_the_configured_command_and_input_file()
    {
        var (code, stdout, stderr) = NodeTools.RunNode("vscode-extension-check.mjs", ["/opt/tools/hep", "data/run1.root"], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, stderr);
        var result = JsonNode.Parse(stdout)!;
        var client = Assert.Single(result["created"]!.AsArray())!;
        Assert.Equal("/opt/tools/hep", (string)client["serverOptions"]!["command"]!);
        Assert.Equal(["lsp"], client["serverOptions"]!["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("hep", (string)client["clientOptions"]!["documentSelector"]![0]!["language"]!);
        Assert.Equal("data/run1.root", (string)client["clientOptions"]!["initializationOptions"]!["inputFile"]!);
        Assert.Equal("hep", (string)client["clientOptions"]!["synchronize"]!["configurationSection"]!);
        Assert.True((bool)client["started"]!);
        Assert.Equal(1, (int)result["subscriptions"]!);
    }

    [Fact]
    public void Vsce_packages_the_extension_with_grammar_configuration_and_language_client()
    {
        NodeTools.EnsureInstalled();
        var dir = Directory.CreateTempSubdirectory("hep-vsix-").FullName;
        try
        {
            // A copy, so the package's own node_modules (npm ci) never touch the clone.
            var work = Path.Combine(dir, "vscode");
            foreach (var f in Directory.GetFiles(Extension, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(Extension, f);
                if (rel.StartsWith("node_modules", StringComparison.Ordinal) || rel.EndsWith(".vsix", StringComparison.Ordinal)) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, rel))!);
                File.Copy(f, Path.Combine(work, rel));
            }
            Run("npm", ["ci", "--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], work);
            var vsix = Path.Combine(dir, "hep-dsl.vsix");
            Run(Path.Combine(RepoPaths.Scripts, "node_modules", ".bin", "vsce"), ["package", "--skip-license", "--out", vsix], work);

            using var zip = ZipFile.OpenRead(vsix);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var expected in new[] { "extension/package.json", "extension/extension.js", "extension/language-configuration.json", "extension/syntaxes/hep.tmLanguage.json",
                "extension/node_modules/vscode-languageclient/package.json", "extension/node_modules/vscode-languageclient/node.js", "extension.vsixmanifest" })
                Assert.Contains(expected, names);
            Assert.DoesNotContain(names, n => n.EndsWith(".vsix", StringComparison.Ordinal));
            using var manifest = new StreamReader(zip.GetEntry("extension/package.json")!.Open());
            var package = JsonNode.Parse(manifest.ReadToEnd())!;
            Assert.Equal(".hep", (string)package["contributes"]!["languages"]![0]!["extensions"]![0]!);
            Assert.Equal("source.hep", (string)package["contributes"]!["grammars"]![0]!["scopeName"]!);
            using var configuration = new StreamReader(zip.GetEntry("extension/language-configuration.json")!.Open());
            Assert.Equal("#", (string)JsonNode.Parse(configuration.ReadToEnd())!["comments"]!["lineComment"]!);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static void Run(string program, IEnumerable<string> args, string directory)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }
}
