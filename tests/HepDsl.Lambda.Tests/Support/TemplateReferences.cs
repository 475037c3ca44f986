using System.Text.RegularExpressions;

namespace HepDsl.Lambda.Tests.Support;

/// <summary>
/// The references between the resources of a CloudFormation/SAM template in YAML (short-form <c>!Ref</c>,
/// <c>!GetAtt</c>, <c>${X}</c> in <c>!Sub</c>, long forms and <c>DependsOn</c>), read by a line scan: the repository
/// has no YAML library, and the template keeps to the block style this scan understands (resources at two spaces).
/// </summary>
public static partial class TemplateReferences
{
    /// <summary>Resource name → the other resources it references.</summary>
    public static Dictionary<string, SortedSet<string>> Of(string yaml)
    {
        var blocks = ResourceBlocks(yaml);
        var names = blocks.Keys.ToHashSet(StringComparer.Ordinal);
        var edges = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (name, lines) in blocks)
        {
            var to = new SortedSet<string>(StringComparer.Ordinal);
            bool dependsOnList = false;
            foreach (var raw in lines)
            {
                var line = StripComment(raw);
                if (line.Trim().Length == 0) continue;
                var found = new List<string>();
                foreach (Match m in RefPattern().Matches(line)) found.Add(m.Groups[1].Value);
                foreach (Match m in GetAttPattern().Matches(line)) found.Add(m.Groups[1].Value);
                foreach (Match m in SubPattern().Matches(line)) found.Add(m.Groups[1].Value);
                var depends = DependsOnPattern().Match(line);
                if (depends.Success)
                {
                    var value = depends.Groups[1].Value.Trim();
                    dependsOnList = value.Length == 0;
                    found.AddRange(value.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                }
                else if (dependsOnList && ListItemPattern().Match(line) is { Success: true } item) found.Add(item.Groups[1].Value);
                else dependsOnList = false;
                foreach (var f in found)
                    if (names.Contains(f) && f != name) to.Add(f);
            }
            edges[name] = to;
        }
        return edges;
    }

    /// <summary>A cycle of references (first resource repeated at the end), or null when there is none.</summary>
    public static IReadOnlyList<string>? FindCycle(Dictionary<string, SortedSet<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1) return [.. path.Skip(path.IndexOf(next)), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }

    private static Dictionary<string, List<string>> ResourceBlocks(string yaml)
    {
        var blocks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        bool inResources = false;
        List<string>? current = null;
        foreach (var line in yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('#'))
            {
                inResources = line.TrimEnd() == "Resources:";
                current = null;
                continue;
            }
            if (!inResources) continue;
            var name = ResourceNamePattern().Match(line);
            if (name.Success) blocks[name.Groups[1].Value] = current = [];
            else current?.Add(line);
        }
        if (blocks.Count == 0) throw new InvalidDataException("the template has no Resources section with resources at two spaces");
        return blocks;
    }

    // YAML comments start at a '#' that begins the line or follows whitespace (the template quotes no '#').
    private static string StripComment(string line)
    {
        var hash = CommentPattern().Match(line);
        return hash.Success ? line[..hash.Index] : line;
    }

    [GeneratedRegex(@"^  ([A-Za-z0-9]+):\s*$")] private static partial Regex ResourceNamePattern();
    [GeneratedRegex(@"(?:!Ref\s+|\bRef:\s*)([A-Za-z0-9]+)")] private static partial Regex RefPattern();
    [GeneratedRegex(@"(?:!GetAtt\s+|Fn::GetAtt:\s*\[\s*)([A-Za-z0-9]+)")] private static partial Regex GetAttPattern();
    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")] private static partial Regex SubPattern();
    [GeneratedRegex(@"^\s*DependsOn:(.*)$")] private static partial Regex DependsOnPattern();
    [GeneratedRegex(@"^\s*-\s*([A-Za-z0-9]+)\s*$")] private static partial Regex ListItemPattern();
    [GeneratedRegex(@"(?:^|\s)#")] private static partial Regex CommentPattern();
}
