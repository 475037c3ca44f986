using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>
/// <c>{Name}Result</c>: a typed view over a <c>ResultSet</c> of the analysis, so callers write
/// <c>Q5Result.From(r).Histograms.Met</c> instead of looking histograms up by string.
/// </summary>
internal static class ResultEmitter
{
    public static void Emit(CodeWriter w, AnalysisModel model, Bookings bookings)
    {
        var name = AnalysisEmitter.ResultName(model);
        var analysis = AnalysisEmitter.ClassName(model);
        w.Line($"/// <summary>Typed results of {AnalysisEmitter.Xml(model.Name)}: histograms and aggregates by name, and the cut-flow.</summary>");
        w.Open($"public sealed class {name}");
        w.Open($"private {name}(ResultSet results)");
        w.Line("Results = results;");
        w.Line("Histograms = new HistogramSet(results);");
        w.Line("Aggregates = new AggregateSet(results);");
        w.Close();
        w.Line();
        w.Line("/// <summary>The untyped result this view reads.</summary>");
        w.Line("public ResultSet Results { get; }");
        w.Line("public HistogramSet Histograms { get; }");
        w.Line("public AggregateSet Aggregates { get; }");
        w.Line("public Cutflow Cutflow => Results.Cutflow;");
        w.Line("public long EntriesProcessed => Results.EntriesProcessed;");
        w.Line();
        w.Line($"/// <summary>Views <paramref name=\"results\"/>, which must come from <see cref=\"{analysis}\"/>.</summary>");
        w.Line($"public static {name} From(ResultSet results) =>");
        w.Line($"    results.Analysis == {analysis}.Name");
        w.Line($"        ? new {name}(results)");
        w.Line($"        : throw new ArgumentException(\"result of analysis '\" + results.Analysis + \"' is not a '\" + {analysis}.Name + \"' result\", nameof(results));");
        w.Line();

        var used = new HashSet<string> { "Results" };
        w.Open("public sealed class HistogramSet");
        w.Open("internal HistogramSet(ResultSet results)");
        var props = new List<string>();
        foreach (var h in bookings.Histograms)
        {
            var (hName, type) = h switch
            {
                Parser.Model.Histogram1D h1 => (h1.Name, "Histogram1D"),
                Parser.Model.Histogram2D h2 => (h2.Name, "Histogram2D"),
                _ => ("", ""),
            };
            var prop = Unique(CSharp.Pascal(hName), used);
            w.Line($"{prop} = ({type})results.Histogram({CSharp.String(hName)});");
            props.Add($"public {type} {prop} {{ get; }}");
        }
        w.Close();
        foreach (var p in props) w.Line(p);
        w.Close();
        w.Line();

        used = new HashSet<string> { "Results" };
        props.Clear();
        w.Open("public sealed class AggregateSet");
        w.Open("internal AggregateSet(ResultSet results)");
        foreach (var a in bookings.Aggregates)
        {
            var prop = Unique(CSharp.Pascal(a.Name), used);
            w.Line($"{prop} = results.Aggregate({CSharp.String(a.Name)});");
            props.Add($"public Aggregate {prop} {{ get; }}");
        }
        w.Close();
        foreach (var p in props) w.Line(p);
        w.Close();
        w.Close();
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var unique = name;
        for (var i = 2; !used.Add(unique); i++) unique = name + i;
        return unique;
    }
}
