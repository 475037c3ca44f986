using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Runtime.Results;

/// <summary>
/// Everything one analysis produces over some entries: histograms, cut-flow, aggregates, and the exact
/// entry ranges it covered, so a merged result can prove it accounts for every event of the dataset.
/// </summary>
public sealed class ResultSet
{
    public ResultSet(string analysis, IEnumerable<Histogram> histograms, Cutflow cutflow, IEnumerable<Aggregate> aggregates)
    {
        Analysis = analysis;
        Histograms = histograms.ToList();
        Cutflow = cutflow;
        Aggregates = aggregates.ToList();
    }

    public string Analysis { get; }
    /// <summary>In declaration order.</summary>
    public IReadOnlyList<Histogram> Histograms { get; }
    public Cutflow Cutflow { get; }
    public IReadOnlyList<Aggregate> Aggregates { get; }
    /// <summary>Entry ranges processed, per source location.</summary>
    public List<ProcessedRange> Processed { get; } = [];

    public long EntriesProcessed => Processed.Sum(p => p.Range.Count);

    public Histogram Histogram(string name) =>
        Histograms.FirstOrDefault(h => h.Name == name) ?? throw new KeyNotFoundException($"no histogram named '{name}' in analysis '{Analysis}'");

    public Aggregate Aggregate(string name) =>
        Aggregates.FirstOrDefault(a => a.Name == name) ?? throw new KeyNotFoundException($"no aggregate named '{name}' in analysis '{Analysis}'");

    /// <summary>Why <paramref name="other"/> cannot be merged into this result, or null when it can.</summary>
    public string? Incompatibility(ResultSet other)
    {
        if (ReferenceEquals(other, this)) return $"results of '{Analysis}' cannot be merged into themselves";
        if (other.Analysis != Analysis) return $"cannot merge results of '{other.Analysis}' into '{Analysis}'";
        if (other.Histograms.Count != Histograms.Count || other.Aggregates.Count != Aggregates.Count)
            return $"cannot merge results of '{Analysis}': different bookings ({other.Histograms.Count} histograms and {other.Aggregates.Count} aggregates into {Histograms.Count} and {Aggregates.Count})";
        for (var i = 0; i < Histograms.Count; i++)
            if (Histograms[i].Incompatibility(other.Histograms[i]) is { } h) return h;
        for (var i = 0; i < Aggregates.Count; i++)
            if (Aggregates[i].Incompatibility(other.Aggregates[i]) is { } a) return a;
        return Cutflow.Incompatibility(other.Cutflow);
    }

    /// <summary>Records that [range] of <paramref name="location"/> was processed into this result.</summary>
    public void MarkProcessed(string location, EntryRange range) => Processed.Add(new ProcessedRange(location, range));

    /// <summary>
    /// Adds <paramref name="other"/> into this result; everything is checked before anything changes, so a
    /// refused merge leaves this result as it was.
    /// Exactness: merging adds sums. Entries and raw cut-flow counts are integers (exact). Unweighted bin contents
    /// and their squared-weight sums are integer-valued doubles, exact up to 2^53 per bin, so they are identical
    /// for any number of workers, grouping and order. Weighted sums and the fill moments (fTsumwx and the like)
    /// are floating-point sums whose rounding depends on the order of addition: they agree to rounding
    /// (relative ~1e-15 per addition), not bit for bit, across different partitionings.
    /// </summary>
    public void Merge(ResultSet other)
    {
        if (Incompatibility(other) is { } reason) throw new InvalidOperationException(reason);
        for (var i = 0; i < Histograms.Count; i++) Histograms[i].Merge(other.Histograms[i]);
        for (var i = 0; i < Aggregates.Count; i++) Aggregates[i].Merge(other.Aggregates[i]);
        Cutflow.Merge(other.Cutflow);
        Processed.AddRange(other.Processed);
    }
}

/// <summary>An entry range of one input that a result covers.</summary>
public sealed record ProcessedRange(string Location, EntryRange Range);
