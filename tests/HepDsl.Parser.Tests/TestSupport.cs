using HepDsl.Parser;
using HepDsl.Parser.Checking;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Tests;

/// <summary>Compiles in-memory .hep sources (imports served from a dictionary) and finds the repository.</summary>
internal static class TestSupport
{
    public static CompileResult Compile(string text, IDictionary<string, string>? imports = null, string path = "test.hep") =>
        HepCompiler.Compile(path, text, p => imports != null && imports.TryGetValue(p, out var t) ? t : null);

    /// <summary>Compiles and asserts there are no errors; returns the printed model.</summary>
    public static string Model(string text, IDictionary<string, string>? imports = null)
    {
        var r = Compile(text, imports);
        Assert.True(r.Model != null, "expected no errors but got:\n" + string.Join("\n", r.Diagnostics));
        return ModelPrinter.Print(r.Model!);
    }

    /// <summary>The folder holding HepDsl.sln.</summary>
    /// <remarks>Builds with --artifacts-path put the binaries outside the clone, so the source file's own path is the fallback.</remarks>
    public static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(ThisFile())! })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln"))) return dir.FullName;
        throw new InvalidOperationException("HepDsl.sln not found above " + AppContext.BaseDirectory);
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    /// <summary>Every .hep analysis under samples/.</summary>
    public static IEnumerable<string> Samples() =>
        Directory.GetFiles(Path.Combine(RepoRoot(), "samples"), "*.hep", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
            .OrderBy(p => p, StringComparer.Ordinal);

    public static CompileResult CompileFile(string path) =>
        HepCompiler.Compile(path, File.ReadAllText(path), p => File.Exists(p) ? File.ReadAllText(p) : null);

    public const string Nano = "analysis t\ntree Events\nuse nanoaod\n";
}
