using System;
using System.Collections.Generic;
using System.Linq;

namespace HepDsl.Parser.Diagnostics
{
    /// <summary>"did you mean" hints: the known names nearest to a misspelt one by edit distance.</summary>
    public static class Suggestions
    {
        /// <summary>" (did you mean 'a' or 'b'?)", or "" when nothing is close.</summary>
        public static string For(string name, IEnumerable<string> candidates)
        {
            var limit = Math.Max(1, Math.Min(3, name.Length / 3 + 1));
            var near = candidates.Distinct()
                .Select(c => (c, d: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
                .Where(x => x.d <= limit)
                .OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal)
                .Take(3).Select(x => "'" + x.c + "'").ToList();
            if (near.Count == 0) return "";
            return " (did you mean " + (near.Count == 1 ? near[0] : string.Join(", ", near.Take(near.Count - 1)) + " or " + near.Last()) + "?)";
        }

        /// <summary>Levenshtein distance.</summary>
        public static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++) previous[j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                var t = previous; previous = current; current = t;
            }
            return previous[b.Length];
        }
    }
}
