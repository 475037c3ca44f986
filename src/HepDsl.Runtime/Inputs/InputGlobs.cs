namespace HepDsl.Runtime.Inputs;

/// <summary>
/// Expands local globs (<c>*</c>, <c>?</c> in the file name part) into sorted paths; URLs pass through unchanged.
/// A pattern or path that matches nothing is an error naming it.
/// </summary>
public static class InputGlobs
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var result = new List<string>();
        foreach (var input in inputs)
        {
            // URLs (file:// included) name one input each; only plain paths are globbed.
            if (InputLocation.Parse(input).Scheme.Length > 0) { result.Add(input); continue; }
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
