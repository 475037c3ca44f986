using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// Expands local globs (<c>*</c>, <c>?</c> in the file name part) into sorted paths, and <c>root://</c> globs by listing
/// the server's directory; other URLs pass through unchanged.
/// A pattern or path that matches nothing is an error naming it.
/// </summary>
public static class LocalInputs
{
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> inputs)
    {
        var result = new List<string>();
        foreach (var input in inputs)
        {
            // XRootD servers can list a directory, so root:// globs expand (kXR_dirlist); other URLs pass through.
            if (IO.XRootD.XRootDDirectory.IsGlob(input)) { result.AddRange(IO.XRootD.XRootDDirectory.Glob(input)); continue; }
            if (input.Contains("://", StringComparison.Ordinal)) { result.Add(input); continue; }
            var name = Path.GetFileName(input);
            if (name.IndexOfAny(['*', '?']) < 0)
            {
                if (!File.Exists(input)) throw new HepDataException($"{input}: no such input file");
                result.Add(Path.GetFullPath(input));
                continue;
            }
            var directory = Path.GetDirectoryName(input);
            directory = string.IsNullOrEmpty(directory) ? "." : directory;
            if (directory.IndexOfAny(['*', '?']) >= 0)
                throw new HepDataException($"{input}: wildcards are supported in the file name only");
            var matches = Directory.Exists(directory) ? Directory.GetFiles(directory, name).Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList() : [];
            if (matches.Count == 0) throw new HepDataException($"{input}: no input file matches");
            result.AddRange(matches);
        }
        return result.Distinct(StringComparer.Ordinal).ToList();
    }
}
