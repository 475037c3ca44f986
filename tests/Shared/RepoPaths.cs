using System.Runtime.CompilerServices;

namespace HepDsl.Tests;

/// <summary>
/// The repository root (the folder holding HepDsl.sln, found above the test binaries or above this source file when
/// --artifacts-path puts the binaries elsewhere) and the shared real ROOT files beside it (../shared/data/root).
/// Compiled into every test project (tests/Directory.Build.props), so there is one copy.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(ThisFile())! })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln")))
                    return dir.FullName;
        throw new InvalidOperationException($"no HepDsl.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootFolder.Value;
    public static string Scripts => Path.Combine(Root, "scripts");
    public static string Samples => Path.Combine(Root, "samples");
    public static string AdlSamples => Path.Combine(Root, "samples", "adl");
    public static string DataFolder => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "root"));

    /// <summary>Full path of a shared ROOT file; fails clearly when it is missing.</summary>
    public static string Data(string name)
    {
        string path = Path.Combine(DataFolder, name);
        if (!File.Exists(path)) throw new FileNotFoundException($"test file missing: {path}");
        return path;
    }

    /// <summary>File names (not paths) of shared ROOT files matching a pattern, sorted.</summary>
    public static IEnumerable<string> DataNames(string pattern) =>
        Directory.GetFiles(DataFolder, pattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
