using HepDsl.Generator.Tests.Support;

namespace HepDsl.Generator.Tests.Samples;

/// <summary>The sample .hep files of the repository, read the way a build would pass them as AdditionalFiles.</summary>
internal static class SampleFiles
{
    public static IReadOnlyList<string> Names { get; } =
        Directory.GetFiles(RepoPaths.AdlSamples, "*.hep").Concat(Directory.GetFiles(RepoPaths.Samples, "*.hep"))
            .Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToList();

    public static string PathOf(string name)
    {
        var adl = Path.Combine(RepoPaths.AdlSamples, name + ".hep");
        return File.Exists(adl) ? adl : Path.Combine(RepoPaths.Samples, name + ".hep");
    }

    /// <summary>Every sample as (path, text): imports resolve among them, as in the consumer project.</summary>
    public static (string Path, string Text)[] All() =>
        Names.Select(n => (PathOf(n), File.ReadAllText(PathOf(n)))).ToArray();
}
