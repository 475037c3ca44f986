using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Analysis;

/// <summary>
/// A compiled analysis: what the source generator emits for one .hep file. It holds no data;
/// <see cref="CreateProcessor"/> makes one per worker thread (each owns its reusable buffers).
/// </summary>
public interface IAnalysis
{
    /// <summary>Name, tree, branches read and the .hep source hash.</summary>
    AnalysisInfo Info { get; }

    /// <summary>An empty result with every histogram, cut and aggregate booked, ready to fill or merge into.</summary>
    ResultSet CreateResult();

    /// <summary>A new event loop with its own buffers. Not thread-safe; one per worker.</summary>
    IEventProcessor CreateProcessor();
}

/// <summary>The event loop of one worker.</summary>
public interface IEventProcessor
{
    /// <summary>
    /// Processes entries [range.First, range.End) of <paramref name="source"/> and fills <paramref name="into"/>.
    /// Reads only the analysis' branches; allocates nothing per event.
    /// </summary>
    void Process(IEventSource source, EntryRange range, ResultSet into);
}

/// <summary>What an analysis needs from its input, known at compile time.</summary>
/// <param name="Name">Analysis name (from the .hep file).</param>
/// <param name="SourceFile">The .hep file it was compiled from, for messages.</param>
/// <param name="SourceHash">SHA-256 (hex) of the .hep text and its imports: identifies the analysis in caches.</param>
/// <param name="TreeName">The tree it reads.</param>
/// <param name="Branches">Every branch it reads, with the type and shape the .hep file declared.</param>
/// <param name="Roles">Per booked histogram (same order as <see cref="IAnalysis.CreateResult"/>): its region, .hep name and
/// variation; null when the analysis has neither regions nor variations (each histogram is then its own nominal).</param>
/// <param name="Variations">The event variations the analysis declares, in order; null or empty when none.</param>
public sealed record AnalysisInfo(string Name, string SourceFile, string SourceHash, string TreeName, IReadOnlyList<BranchRequirement> Branches,
    IReadOnlyList<HistogramRole>? Roles = null, IReadOnlyList<VariationInfo>? Variations = null)
{
    /// <summary>The role of booked histogram <paramref name="index"/> named <paramref name="name"/>.</summary>
    public HistogramRole RoleOf(int index, string name) =>
        Roles is { } roles && index < roles.Count ? roles[index] : new HistogramRole("", name, HistogramRole.Nominal);
}

/// <summary>Where a booked histogram belongs: a region ("" for the common part), its .hep name, and a variation.</summary>
public sealed record HistogramRole(string Region, string Observable, string Variation)
{
    public const string Nominal = "nominal";
}

/// <summary>
/// An event variation of the analysis (<c>vary ...</c>). <paramref name="Samples"/> lists the dataset samples it applies
/// to; empty means every simulated sample. Data samples never get variations.
/// </summary>
public sealed record VariationInfo(string Name, IReadOnlyList<string> Samples);

/// <summary>A branch an analysis reads, as declared: checked against the real files before any event is read.</summary>
public sealed record BranchRequirement(string Name, ColumnType Type, ColumnShape Shape);
