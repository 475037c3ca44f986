using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Analysis.Generated;

/// <summary>
/// The rule for numbers that are summed into results: an event weight and the value of a <c>sum</c> or <c>mean</c>
/// must be finite. A NaN or infinite one would turn every later sum it enters into NaN (a histogram, the cut-flow's
/// weighted rows, a mean), so the run stops at the first event that produces one, naming the file and the entry;
/// the generated code's #line directives add the .hep line. (A histogram's fill value may be NaN: it goes to the
/// overflow bin, as in boost-histogram, and is counted.)
/// </summary>
public static class FiniteValues
{
    /// <summary>The error for <paramref name="what"/> (like "the weight") being <paramref name="value"/> at an entry.</summary>
    public static HepDataException Error(string what, double value, IEventSource source, long entry) =>
        new($"{source.Location}: entry {entry}: {what} is {Describe(value)}; weights and the values of sum and mean must be finite numbers");

    private static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+infinity" : "-infinity";
}
