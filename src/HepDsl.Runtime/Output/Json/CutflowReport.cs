using System.Globalization;
using System.Text;
using System.Text.Json;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Output.Json;

/// <summary>
/// The cut-flow as a terminal table and as JSON. Efficiencies are relative to the previous row and cumulative
/// (relative to "all events"); <see cref="Row.EfficiencyPrevious"/>/<see cref="Row.EfficiencyFirst"/> are ratios of
/// weighted sums, the Raw ones ratios of event counts (the same for unweighted runs). The weighted error of a row
/// is sqrt(sum of squared weights). With weights, the table shows both kinds, each next to the numbers it divides.
/// </summary>
public static class CutflowReport
{
    public sealed record Row(string Name, long Passed, double Weighted, double WeightedError, double? EfficiencyPrevious, double? EfficiencyFirst,
        double? RawEfficiencyPrevious, double? RawEfficiencyFirst);

    /// <summary>True when some event had a weight other than 1, so weighted and raw numbers differ.</summary>
    public static bool IsWeighted(Cutflow cutflow)
    {
        for (var i = 0; i < cutflow.Passed.Length; i++)
            if (cutflow.SumW[i] != cutflow.Passed[i] || cutflow.SumW2[i] != cutflow.Passed[i]) return true;
        return false;
    }

    public static IReadOnlyList<Row> Rows(Cutflow cutflow)
    {
        var rows = new Row[cutflow.Names.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            double? previous = i == 0 ? null : Ratio(cutflow.SumW[i], cutflow.SumW[i - 1]);
            double? first = i == 0 ? null : Ratio(cutflow.SumW[i], cutflow.SumW[0]);
            double? rawPrevious = i == 0 ? null : Ratio(cutflow.Passed[i], cutflow.Passed[i - 1]);
            double? rawFirst = i == 0 ? null : Ratio(cutflow.Passed[i], cutflow.Passed[0]);
            rows[i] = new Row(cutflow.Names[i], cutflow.Passed[i], cutflow.SumW[i], Math.Sqrt(cutflow.SumW2[i]), previous, first, rawPrevious, rawFirst);
        }
        return rows;
    }

    private static double? Ratio(double a, double b) => b == 0 ? null : a / b;

    public static string ToTable(Cutflow cutflow)
    {
        var rows = Rows(cutflow);
        // Raw efficiencies stand after the event counts; with weights, the weighted ones follow the weighted sums
        // (unweighted, every sum of weights is its count, so the two kinds are equal and shown once).
        var weighted = IsWeighted(cutflow);
        string[] header = ["cut", "events", "eff. vs prev.", "cumulative", "weighted", .. weighted ? ["weighted eff. vs prev.", "weighted cumulative"] : Array.Empty<string>()];
        var cells = rows.Select(r =>
        {
            string[] row =
            [
                r.Name, r.Passed.ToString(CultureInfo.InvariantCulture), Percent(r.RawEfficiencyPrevious), Percent(r.RawEfficiencyFirst),
                $"{Number(r.Weighted)} ± {Number(r.WeightedError)}",
                .. weighted ? [Percent(r.EfficiencyPrevious), Percent(r.EfficiencyFirst)] : Array.Empty<string>(),
            ];
            return row;
        }).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, cells.Select(row => row[c].Length).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        void Line(string[] row) =>
            text.AppendLine(string.Join("  ", row.Select((s, c) => c == 0 ? s.PadRight(widths[c]) : s.PadLeft(widths[c]))).TrimEnd());
        Line(header);
        text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        foreach (var row in cells) Line(row);
        return text.ToString();
    }

    private static string Percent(double? v) => v is { } x ? (100 * x).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "";
    /// <summary>
    /// A weighted sum as people read counts: whole numbers (every unweighted sum) in full, "1000000" rather than G6's
    /// "1E+06"; others with 6 significant digits, and no exponent below 10^15.
    /// </summary>
    public static string Number(double v)
    {
        if (!double.IsFinite(v)) return v.ToString(CultureInfo.InvariantCulture);
        if (Math.Abs(v) < 1e15 && v == Math.Floor(v)) return v.ToString("0", CultureInfo.InvariantCulture);
        if (Math.Abs(v) >= 1e5 && Math.Abs(v) < 1e15) return v.ToString("0.#", CultureInfo.InvariantCulture);
        return v.ToString("G6", CultureInfo.InvariantCulture);
    }

    public static byte[] ToJson(Cutflow cutflow)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("weighted", IsWeighted(cutflow));
            w.WriteStartArray("rows");
            foreach (var r in Rows(cutflow))
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteNumber("passed", r.Passed);
                JsonNumbers.Write(w, "weighted", r.Weighted);
                JsonNumbers.Write(w, "weighted_error", r.WeightedError);
                JsonNumbers.Write(w, "efficiency_previous", r.EfficiencyPrevious);
                JsonNumbers.Write(w, "efficiency_first", r.EfficiencyFirst);
                JsonNumbers.Write(w, "raw_efficiency_previous", r.RawEfficiencyPrevious);
                JsonNumbers.Write(w, "raw_efficiency_first", r.RawEfficiencyFirst);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
