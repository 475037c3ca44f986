using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Execution;

/// <summary>The inputs do not hold the branches an analysis declares.</summary>
public sealed class PreflightException(string message) : HepDataException(message);

/// <summary>
/// Checks, before any event is read, that every branch an analysis reads exists in every input with the declared
/// type and shape, so a wrong file fails at once with every problem listed instead of after hours at the first one.
/// </summary>
public static class Preflight
{
    /// <summary>The problems with one input, one line each; empty when it fits.</summary>
    public static IReadOnlyList<string> Problems(AnalysisInfo info, IEventSource source)
    {
        var problems = new List<string>();
        var columns = source.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var wanted in info.Branches)
        {
            if (!columns.TryGetValue(wanted.Name, out var actual))
            {
                problems.Add($"{source.Location}: tree '{source.TreeName}' has no branch '{wanted.Name}' (declared {Describe(wanted.Type, wanted.Shape)}){HepDsl.Text.NearestNames.Suffix(wanted.Name, columns.Keys, "; ", "")}");
                continue;
            }
            if (actual.Type != wanted.Type || actual.Shape != wanted.Shape)
                problems.Add($"{source.Location}: branch '{wanted.Name}' is {Describe(actual.Type, actual.Shape)} ({actual.RootTypeName}), but the analysis declares {Describe(wanted.Type, wanted.Shape)}");
        }
        return problems;
    }

    /// <summary>Throws <see cref="PreflightException"/> naming the analysis and listing every problem.</summary>
    public static void Check(AnalysisInfo info, IEventSource source) => Check(info, [source]);

    /// <summary>Checks every input; throws once with every problem of every input.</summary>
    public static void Check(AnalysisInfo info, IEnumerable<IEventSource> sources)
    {
        var problems = sources.SelectMany(s => Problems(info, s)).ToList();
        if (problems.Count > 0)
            throw new PreflightException(
                $"analysis '{info.Name}' ({info.SourceFile}) cannot run on these inputs; no event was read:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", problems));
    }

    /// <summary>Bytes the histogram cells of one result take (a sum of weights and of squared weights per cell).</summary>
    public static long ResultBytes(ResultSet result) =>
        result.Histograms.Sum(h => ((long)h.SumW.Length + h.SumW2.Length) * sizeof(double));

    /// <summary>
    /// Throws <see cref="PreflightException"/> when <paramref name="resultSets"/> copies of <paramref name="empty"/>'s
    /// histograms need more than <paramref name="available"/> bytes, saying how much they need and why.
    /// </summary>
    public static void CheckMemory(AnalysisInfo info, ResultSet empty, long resultSets, long available)
    {
        var each = ResultBytes(empty);
        var need = each * resultSets;
        if (need <= available) return;
        var largest = empty.Histograms.OrderByDescending(h => h.SumW.Length).First();
        throw new PreflightException(FormattableString.Invariant(
            $"analysis '{info.Name}' ({info.SourceFile}) cannot run: its histograms need {Bytes(need)} ({Bytes(each)} per result x {resultSets} results: ") +
            FormattableString.Invariant($"one per partition, kept until they are merged in order, and the merged one) but {Bytes(available)} is available; no event was read. ") +
            FormattableString.Invariant($"The largest histogram is '{largest.Name}' with {largest.SumW.Length:N0} cells; use fewer bins or fewer partitions (--partitions)."));
    }

    private static string Bytes(long n) =>
        n >= 1L << 30 ? FormattableString.Invariant($"{n / (double)(1L << 30):0.0} GiB")
        : n >= 1L << 20 ? FormattableString.Invariant($"{n / (double)(1L << 20):0.0} MiB")
        : FormattableString.Invariant($"{n:N0} bytes");

    private static string Describe(ColumnType type, ColumnShape shape) => shape switch
    {
        ColumnShape.Scalar => $"a scalar {type}",
        ColumnShape.FixedArray => $"a fixed-size array of {type}",
        _ => $"a jagged array of {type}",
    };
}
