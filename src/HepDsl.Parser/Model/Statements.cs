namespace HepDsl.Parser.Model
{
    /// <summary>
    /// One step of the event loop, in source order. A cut stops the event for every later statement; histograms,
    /// aggregates and definitions after a cut see only events that passed all earlier cuts.
    /// </summary>
    public abstract record Statement(SourceSpan Span);

    /// <summary>
    /// <c>let name = expr</c>: an event-level value, computed here (after earlier cuts) and referenced later by
    /// <see cref="DefinitionRef"/>. May be a number, four-vector, object, collection (a selection) or combination.
    /// </summary>
    public sealed record Definition(SourceSpan Span, string Name, Expr Value) : Statement(Span);

    /// <summary>
    /// <c>weight expr</c>: from here on every fill and cut-flow row uses this event weight (Float). Events start
    /// with weight 1. A later weight statement multiplies the current weight.
    /// </summary>
    public sealed record Weight(SourceSpan Span, Expr Value) : Statement(Span);

    /// <summary><c>cut "name": predicate</c>: a cut-flow row (<see cref="Row"/>, 0-based in the order of the cuts). Events failing it stop here.</summary>
    public sealed record Cut(SourceSpan Span, string Name, int Row, Expr Predicate) : Statement(Span);

    /// <summary>Bin edges of one axis.</summary>
    public abstract record Binning;

    /// <summary><see cref="Bins"/> equal bins from <see cref="Low"/> to <see cref="High"/>.</summary>
    public sealed record RegularBinning(int Bins, double Low, double High) : Binning;

    /// <summary>Bins with the given increasing edges (Count − 1 bins).</summary>
    public sealed record VariableBinning(EquatableArray<double> Edges) : Binning;

    /// <summary>`30 log bins from 0.25 to 300`: edges evenly spaced in log(x), Low &gt; 0; plotted on log axes.</summary>
    public sealed record LogBinning(int Bins, double Low, double High) : Binning;

    /// <summary>One axis: binning and label (empty when none given).</summary>
    public sealed record AxisModel(Binning Binning, string Label);

    /// <summary>
    /// A 1D histogram. When <see cref="Over"/> is null it fills <see cref="X"/> once per event; otherwise once per
    /// tuple of <see cref="Over"/> (e.g. <c>Jet.pt</c> becomes Over = [j in Jet], X = j.pt). Fills with the current weight.
    /// </summary>
    /// <param name="Name">Identifier (unique among histograms and aggregates).</param>
    /// <param name="Title">Title; the name when none given.</param>
    /// <param name="YLabel">Label of the counts axis; empty when none given.</param>
    public sealed record Histogram1D(SourceSpan Span, string Name, string Title, AxisModel XAxis, string YLabel, Binder? Over, Expr X) : Statement(Span);

    /// <summary>A 2D histogram; like <see cref="Histogram1D"/> with a second fill expression <see cref="Y"/> (same iteration).</summary>
    public sealed record Histogram2D(SourceSpan Span, string Name, string Title, AxisModel XAxis, AxisModel YAxis, Binder? Over, Expr X, Expr Y) : Statement(Span);

    /// <summary>Aggregate kinds; names match <c>HepDsl.Runtime.Results.AggregateKind</c>.</summary>
    public enum AggregateKind { Count, Sum, Mean }

    /// <summary>
    /// <c>count name</c>, <c>sum name: expr</c>, <c>mean name: expr</c>: a weighted number over the events reaching
    /// this point (Over null) or over tuples of <see cref="Over"/>. <see cref="Value"/> is null for Count.
    /// </summary>
    /// <param name="Title">Title (<c>sum ht "Scalar sum": ...</c>); the name when none given.</param>
    public sealed record AggregateStatement(SourceSpan Span, string Name, AggregateKind Kind, Binder? Over, Expr? Value, string Title = "") : Statement(Span)
    {
        /// <summary>The title, or the name when the statement has none.</summary>
        public string DisplayTitle => Title.Length > 0 ? Title : Name;
    }
}
