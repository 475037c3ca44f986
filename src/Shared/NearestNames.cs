using System;
using System.Collections.Generic;
using System.Linq;

namespace HepDsl.Text
{
    /// <summary>
    /// "Did you mean" hints, one rule for the checker (unknown names and fields) and the reader (unknown branches):
    /// the known names nearest to a misspelt one by edit distance, ignoring case, plus names that contain it or that
    /// it contains (<c>pt</c> finds <c>Muon_pt</c>). Compiled into both projects from this one file.
    /// </summary>
    internal static class NearestNames
    {
        /// <summary>"did you mean 'a', 'b' or 'c'?", or "" when nothing is close.</summary>
        public static string DidYouMean(string name, IEnumerable<string> candidates)
        {
            var near = Find(name, candidates).Select(c => "'" + c + "'").ToList();
            if (near.Count == 0) return "";
            return "did you mean " + (near.Count == 1 ? near[0] : string.Join(", ", near.Take(near.Count - 1)) + " or " + near.Last()) + "?";
        }

        /// <summary>The hint between <paramref name="open"/> and <paramref name="close"/> as a message suffix, or "".</summary>
        public static string Suffix(string name, IEnumerable<string> candidates, string open, string close)
        {
            var hint = DidYouMean(name, candidates);
            return hint.Length == 0 ? "" : open + hint + close;
        }

        /// <summary>Up to three candidates, nearest first (ties in ordinal order).</summary>
        public static IReadOnlyList<string> Find(string name, IEnumerable<string> candidates)
        {
            var lower = name.ToLowerInvariant();
            var limit = Math.Max(1, Math.Min(3, name.Length / 3 + 1));
            var scored = new List<(int Score, string Name)>();
            foreach (var candidate in candidates.Distinct())
            {
                var other = candidate.ToLowerInvariant();
                var distance = Distance(lower, other);
                var contains = lower.Length >= 2 && other.Length >= 2 && (other.Contains(lower) || lower.Contains(other));
                if (distance <= limit || contains) scored.Add((contains ? Math.Min(distance, 1) : distance, candidate));
            }
            return scored.OrderBy(s => s.Score).ThenBy(s => s.Name, StringComparer.Ordinal).Take(3).Select(s => s.Name).ToList();
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
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                var t = previous; previous = current; current = t;
            }
            return previous[b.Length];
        }
    }
}
