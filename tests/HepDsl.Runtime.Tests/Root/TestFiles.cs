using System.Runtime.CompilerServices;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>
/// Finds the shared real ROOT files: the folder holding HepDsl.sln (above the binaries, or above this source file
/// when --artifacts-path puts the binaries elsewhere), then ../shared/data/root.
/// </summary>
internal static class TestFiles
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(ThisFile())! })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "HepDsl.sln")))
                    return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data", "root"));
        throw new InvalidOperationException($"no HepDsl.sln above {AppContext.BaseDirectory}");
    });

    public static string Path(string name)
    {
        string path = System.IO.Path.Combine(Folder.Value, name);
        if (!File.Exists(path)) throw new FileNotFoundException($"test file missing: {path}");
        return path;
    }

    public static IEnumerable<string> All(string pattern) =>
        Directory.GetFiles(Folder.Value, pattern).Select(System.IO.Path.GetFileName).OfType<string>().Order();

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
