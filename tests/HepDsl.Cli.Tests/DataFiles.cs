using System.Runtime.CompilerServices;

namespace HepDsl.Cli.Tests;

/// <summary>The shared real ROOT files: ../shared/data/root beside the folder holding HepDsl.sln.</summary>
internal static class DataFiles
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

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
