using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
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

    private static string Describe(ColumnType type, ColumnShape shape) => shape switch
    {
        ColumnShape.Scalar => $"a scalar {type}",
        ColumnShape.FixedArray => $"a fixed-size array of {type}",
        _ => $"a jagged array of {type}",
    };
}
