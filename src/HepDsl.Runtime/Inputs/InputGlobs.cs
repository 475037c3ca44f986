namespace HepDsl.Runtime.Inputs;

/// <summary>
/// Expands local globs (<c>*</c>, <c>?</c> in the file name part) into sorted paths, and <c>root://</c> globs by listing
/// the server's directory; other URLs pass through unchanged.
/// A pattern or path that matches nothing is an error naming it. A file named twice (the same path twice, a path
/// and a pattern that matches it, two overlapping patterns, or one URL twice) is an error too: reading it once would
/// silently drop what the user asked for, reading it twice would count its events twice.
/// </summary>
public static class InputGlobs
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var result = new List<string>();
        // Each file with the argument that named it first.
        var namedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string location, string input)
        {
            if (namedBy.TryGetValue(location, out var first))
                throw new HepDataException(first == input
                    ? $"{location}: input given twice ('{input}'); each input file is read once, so name it once"
                    : $"{location}: input given twice (by '{first}' and by '{input}'); each input file is read once, so name it once");
            namedBy[location] = input;
            result.Add(location);
        }
        foreach (var input in inputs)
        {
            // XRootD servers can list a directory, so root:// globs expand (kXR_dirlist); other URLs name one input each.
            if (IO.XRootD.XRootDDirectory.IsGlob(input))
            {
                var listed = IO.XRootD.XRootDDirectory.Glob(input);
                if (listed.Count == 0) throw new HepDataException($"{input}: no input file matches");
                foreach (var file in listed) Add(file, input);
                continue;
            }
            if (InputLocation.Parse(input).Scheme.Length > 0) { Add(input, input); continue; }
            var name = Path.GetFileName(input);
            if (name.IndexOfAny(['*', '?']) < 0)
            {
                if (!File.Exists(input)) throw new HepDataException($"{input}: no such input file");
                Add(Path.GetFullPath(input), input);
                continue;
            }
            var directory = Path.GetDirectoryName(input);
            directory = string.IsNullOrEmpty(directory) ? "." : directory;
            if (directory.IndexOfAny(['*', '?']) >= 0)
                throw new HepDataException($"{input}: wildcards are supported in the file name only");
            var matches = Directory.Exists(directory) ? Directory.GetFiles(directory, name).Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList() : [];
            if (matches.Count == 0) throw new HepDataException($"{input}: no input file matches");
            foreach (var match in matches) Add(match, input);
        }
        return result;
    }
}
