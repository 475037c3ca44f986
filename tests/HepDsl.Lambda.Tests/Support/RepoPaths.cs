using System.Runtime.CompilerServices;

namespace HepDsl.Lambda.Tests.Support;

/// <summary>The repository root (holding HepDsl.sln) and the shared real ROOT files beside it.</summary>
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

    public static string Data(string name)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "root", name));
        return File.Exists(path) ? path : throw new FileNotFoundException($"test file missing: {path}");
    }

    /// <summary>The host the emulator starts: bootstrap.dll copied beside the tests by the project reference.</summary>
    public static string Bootstrap
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "bootstrap.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Lambda host missing: {path}");
        }
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
