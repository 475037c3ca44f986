namespace HepDsl.Generator.Tests.Support;

/// <summary>Finds the repository (the folder holding HepDsl.sln) and the shared data beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");
    public static string AdlSamples => Path.Combine(Root, "samples", "adl");
    public static string GoldenFolder => Path.Combine(Root, "tests", "HepDsl.Generator.Tests", "Golden");
    public static string SharedRootFile(string name) => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "root", name));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln"))) return dir.FullName;
        // With --artifacts-path the binaries live outside the repo; the source tree is where this file was compiled.
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(ThisFile())!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no HepDsl.sln above {AppContext.BaseDirectory}");
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
