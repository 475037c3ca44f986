namespace HepDsl.Runtime.Results;

/// <summary>
/// Events passing each named cut in order, raw and weighted. Row 0 is every event read ("all events"),
/// so a cut-flow table always starts from the total the run accounts for.
/// </summary>
public sealed class Cutflow
{
    public Cutflow(IReadOnlyList<string> cuts, IReadOnlyList<int>? parents = null)
    {
        Names = ["all events", .. cuts];
        if (parents is not null && parents.Count != cuts.Count) throw new ArgumentException("one parent row per cut", nameof(parents));
        Parents = [-1, .. parents ?? Enumerable.Range(0, cuts.Count).ToArray()];
        Passed = new long[Names.Count];
        SumW = new double[Names.Count];
        SumW2 = new double[Names.Count];
    }

    public IReadOnlyList<string> Names { get; }
    /// <summary>
    /// Per row, the row its "vs previous" efficiency divides by: the row above, except a region's first cut, which
    /// follows the last common cut (regions branch off the common selection). -1 for "all events".
    /// </summary>
    public IReadOnlyList<int> Parents { get; }
    public long[] Passed { get; }
    public double[] SumW { get; }
    public double[] SumW2 { get; }

    /// <summary>Counts an event in row <paramref name="row"/> (0 = all events, cut k = row k+1).</summary>
    public void Pass(int row, double weight = 1)
    {
        Passed[row]++;
        SumW[row] += weight;
        SumW2[row] += weight * weight;
    }

    /// <summary>Why <paramref name="other"/> cannot be added into this cut-flow, or null when it can.</summary>
    public string? Incompatibility(Cutflow other) =>
        ReferenceEquals(other, this) ? "a cut-flow cannot be merged into itself"
        : Names.SequenceEqual(other.Names) ? null
        : $"cannot merge cut-flows with different cuts: [{string.Join(", ", other.Names.Skip(1))}] into [{string.Join(", ", Names.Skip(1))}]";

    public void Merge(Cutflow other)
    {
        if (Incompatibility(other) is { } reason) throw new InvalidOperationException(reason);
        for (var i = 0; i < Passed.Length; i++)
        {
            Passed[i] += other.Passed[i];
            SumW[i] += other.SumW[i];
            SumW2[i] += other.SumW2[i];
        }
    }
}
