using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Execution;

/// <summary>A merged result that does not account for every entry exactly once.</summary>
public sealed class IncompleteRunException(string message) : HepDataException(message);

/// <summary>
/// Proves a result accounts for its inputs: the processed ranges of each input must tile [0, Entries) with no gap
/// and no overlap, and name no other input.
/// </summary>
public static class Completeness
{
    /// <summary>Every problem found, one line each; empty when the result covers every entry exactly once.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<ProcessedRange> processed, IReadOnlyList<InputShape> inputs)
    {
        var problems = new List<string>();
        var byLocation = processed.GroupBy(p => p.Location).ToDictionary(g => g.Key, g => g.Select(p => p.Range).ToList());
        foreach (var input in inputs)
        {
            var ranges = byLocation.GetValueOrDefault(input.Location) ?? [];
            byLocation.Remove(input.Location);
            ranges.Sort((a, b) => a.First != b.First ? a.First.CompareTo(b.First) : a.Count.CompareTo(b.Count));
            long covered = 0; // every entry below this is covered once
            foreach (var r in ranges)
            {
                if (r.Count <= 0) continue;
                if (r.First < 0 || r.First > input.Entries || r.Count > input.Entries - r.First) // First + Count could wrap
                {
                    problems.Add($"{input.Location}: processed entries from {r.First}, {r.Count} of them, lie outside the tree's [0, {input.Entries})");
                    continue;
                }
                if (r.First > covered)
                    problems.Add($"{input.Location}: entries {new EntryRange(covered, r.First - covered)} were never processed");
                else if (r.First < covered)
                    problems.Add($"{input.Location}: entries {new EntryRange(r.First, Math.Min(covered, r.End) - r.First)} were processed more than once");
                covered = Math.Max(covered, r.End);
            }
            if (covered < input.Entries)
                problems.Add($"{input.Location}: entries {new EntryRange(covered, input.Entries - covered)} were never processed");
        }
        foreach (var (location, ranges) in byLocation)
            problems.Add($"{location}: {ranges.Count} processed range(s) from an input that is not part of this run");
        return problems;
    }

    /// <summary>Throws <see cref="IncompleteRunException"/> listing every gap and overlap.</summary>
    public static void Verify(ResultSet result, IReadOnlyList<InputShape> inputs)
    {
        var problems = Problems(result.Processed, inputs);
        if (problems.Count > 0)
            throw new IncompleteRunException(
                $"the result of '{result.Analysis}' does not account for every event exactly once:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", problems));
    }
}
