using System.Globalization;

namespace HepDsl.Bench.Common;

/// <summary>Builds a Markdown table row by row and prints it aligned (readable as text and as rendered Markdown).</summary>
internal sealed class Markdown(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Row(params object[] cells) => _rows.Add(cells.Select(Format).ToArray());

    public void Print(TextWriter? to = null)
    {
        to ??= Console.Out;
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        to.WriteLine("| " + string.Join(" | ", headers.Select((h, i) => h.PadRight(widths[i]))) + " |");
        to.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 1) + ":")) + "|");
        foreach (var r in _rows) to.WriteLine("| " + string.Join(" | ", r.Select((c, i) => c.PadLeft(widths[i]))) + " |");
        to.WriteLine();
    }

    /// <summary>Numbers with 3 significant digits (at least), invariant culture.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "n/a";
        double a = Math.Abs(value);
        string format = a >= 100 ? "0" : a >= 10 ? "0.0" : a >= 1 ? "0.00" : a == 0 ? "0" : a >= 0.01 ? "0.000" : "0.00e0";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    private static string Format(object cell) => cell switch
    {
        double d => Number(d),
        float f => Number(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
