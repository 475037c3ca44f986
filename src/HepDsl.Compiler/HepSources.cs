using System.Text.RegularExpressions;

namespace HepDsl.Compiler;

/// <summary>One .hep text read from disk.</summary>
public sealed record HepSource(string Path, string Text);

/// <summary>
/// A .hep file and every file it imports (transitively), read from disk. The generator resolves imports only among
/// the files it is given, so the compiler must hand it all of them; they also make up the cache key.
/// </summary>
public static partial class HepSources
{
    // `import "relative/or/absolute.hep"` at the start of a line: only to find which files to give the generator,
    // which parses them properly (an import it cannot resolve is its diagnostic to report).
    [GeneratedRegex(@"^\s*import\s+""(?<path>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex ImportLine();

    public static IReadOnlyList<HepSource> Read(string hepPath)
    {
        var main = Path.GetFullPath(hepPath);
        if (!File.Exists(main)) throw new FileNotFoundException($"{hepPath}: no such analysis file", hepPath);
        var files = new List<HepSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([main]);
        while (pending.Count > 0)
        {
            var path = pending.Dequeue();
            if (!seen.Add(path) || !File.Exists(path)) continue;
            var text = File.ReadAllText(path);
            files.Add(new HepSource(path, text));
            foreach (Match m in ImportLine().Matches(text))
            {
                var import = m.Groups["path"].Value;
                pending.Enqueue(Path.GetFullPath(Path.IsPathRooted(import) ? import : Path.Combine(Path.GetDirectoryName(path)!, import)));
            }
        }
        return files;
    }
}
