namespace HepDsl.Runtime.Trees;

/// <summary>"Did you mean" text for a missing branch: the closest names by edit distance, ignoring case.</summary>
internal static class NameSuggestions
{
    public static string For(string wanted, IEnumerable<string> known)
    {
        var scored = new List<(int Score, string Name)>();
        foreach (var name in known)
        {
            int d = Distance(wanted.ToLowerInvariant(), name.ToLowerInvariant());
            bool contains = name.Contains(wanted, StringComparison.OrdinalIgnoreCase) || wanted.Contains(name, StringComparison.OrdinalIgnoreCase);
            if (d <= Math.Max(2, wanted.Length / 3) || contains) scored.Add((contains ? Math.Min(d, 1) : d, name));
        }
        if (scored.Count == 0) return "";
        scored.Sort((a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : string.CompareOrdinal(a.Name, b.Name));
        var best = new List<string>();
        for (int i = 0; i < scored.Count && i < 3; i++) best.Add($"'{scored[i].Name}'");
        return $"; did you mean {string.Join(" or ", best)}?";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
