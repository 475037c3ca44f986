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

    /// <summary>Records that [range] of <paramref name="location"/> was processed into this result.</summary>
    public void MarkProcessed(string location, EntryRange range) => Processed.Add(new ProcessedRange(location, range));

    /// <summary>Adds <paramref name="other"/> into this result. Grouping and order do not change bins or counts.</summary>
    public void Merge(ResultSet other)
    {
        if (other.Analysis != Analysis) throw new InvalidOperationException($"cannot merge results of '{other.Analysis}' into '{Analysis}'");
        if (other.Histograms.Count != Histograms.Count || other.Aggregates.Count != Aggregates.Count)
            throw new InvalidOperationException($"cannot merge results of '{Analysis}': different bookings");
        for (var i = 0; i < Histograms.Count; i++) Histograms[i].Merge(other.Histograms[i]);
        for (var i = 0; i < Aggregates.Count; i++) Aggregates[i].Merge(other.Aggregates[i]);
        Cutflow.Merge(other.Cutflow);
        Processed.AddRange(other.Processed);
    }
}

/// <summary>An entry range of one input that a result covers.</summary>
public sealed record ProcessedRange(string Location, EntryRange Range);
