using HepDsl.Runtime.IO;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Bench.Common;

/// <summary>The first <see cref="Entries"/> entries of one file.</summary>
internal sealed record InputSlice(string Path, long Entries);

/// <summary>The files of one compression, cut to an event budget.</summary>
internal sealed record InputSet(string Compression, IReadOnlyList<InputSlice> Slices)
{
    public long Events => Slices.Sum(s => s.Entries);
    public long FileBytes => Slices.Sum(s => new FileInfo(s.Path).Length);
}

/// <summary>
/// Finds the benchmark dataset: DIR/&lt;compression&gt;/*.root as the 'dataset' mode writes it. The pseudo-compression
/// 'nanoaod' is the small real CMS NanoAOD file listed many times, for working before a dataset exists.
/// </summary>
internal static class BenchInputs
{
    public const string Tree = "Events";
    public const string RealNanoAod = "nanoaod";

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HepDsl.sln"))) return dir.FullName;
        var built = typeof(BenchInputs).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "HepDslRepoRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "HepDsl.sln"))) return Path.GetFullPath(built);
        throw new DirectoryNotFoundException("HepDsl.sln not found above the benchmark or the current directory");
    }

    public static string DefaultDataDir() => Path.Combine(RepoRoot(), ".bench-data");

    /// <summary>
    /// The files of <paramref name="compression"/> in name order up to <paramref name="maxEvents"/> entries; the last
    /// file is cut short unless <paramref name="wholeFiles"/> (executors always read whole files).
    /// </summary>
    public static InputSet Resolve(string dataDir, string compression, long maxEvents, bool wholeFiles = false, int copies = 40)
    {
        IEnumerable<string> files;
        if (compression == RealNanoAod)
        {
            var real = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "root", "nanoAOD_2015_CMS_Open_Data_ttbar.root"));
            files = Enumerable.Repeat(real, copies);
        }
        else
        {
            var dir = Path.Combine(dataDir, compression);
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no dataset; generate it with the 'dataset' mode");
            files = Directory.GetFiles(dir, "*.root").Order(StringComparer.Ordinal);
        }
        var slices = new List<InputSlice>();
        long left = maxEvents;
        foreach (var path in files)
        {
            if (left <= 0) break;
            using var source = EventSources.Open(path, Tree);
            long take = wholeFiles ? source.Entries : Math.Min(left, source.Entries);
            slices.Add(new InputSlice(path, take));
            left -= take;
        }
        if (slices.Count == 0) throw new FileNotFoundException($"no .root files for '{compression}' in {dataDir}");
        return new InputSet(compression, slices);
    }
}
