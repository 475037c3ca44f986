using HepDsl.Runtime.Histograms;
using ScottPlot;

namespace HepDsl.Runtime.Output.Plots;

/// <summary>
/// PNG plots of histograms with ScottPlot: 1D as a step outline with sqrt(sum w^2) error bars at bin centres,
/// 2D as a colour map (one rectangle per bin, so variable binning is drawn to scale) with a colour bar.
/// Under- and overflow are not drawn; the title says how many entries fell outside the axis.
/// </summary>
public static class HistogramPlotter
{
    public const int Width = 800, Height = 600;

    public static void WritePng(Histogram histogram, string path)
    {
        using var plot = CreatePlot(histogram);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// The plot <see cref="WritePng"/> renders, before rendering, so its title, labels and limits can be inspected.
    /// The caller disposes it.
    /// </summary>
    public static Plot CreatePlot(Histogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var plot = new Plot();
        switch (histogram)
        {
            case Histogram1D h1: Draw1D(plot, h1); break;
            case Histogram2D h2: Draw2D(plot, h2); break;
            default:
                plot.Dispose();
                throw new NotSupportedException($"cannot plot histogram '{histogram.Name}' of type {histogram.GetType().Name}");
        }
        plot.Title(RootLatex.ToPlainText(string.IsNullOrEmpty(histogram.Title) ? histogram.Name : histogram.Title));
        return plot;
    }

    /// <summary>The y label of a 1D plot: the .hep <c>y "..."</c> when given, else what the bins count.</summary>
    private static string CountsLabel(Histogram1D h) =>
        h.YLabel.Length > 0 ? RootLatex.ToPlainText(h.YLabel) : h.IsWeighted ? "Weighted entries / bin" : "Entries / bin";

    private static void Draw1D(Plot plot, Histogram1D h)
    {
        if (h.X.IsLog)
        {
            DrawLogLog(plot, h);
            return;
        }
        var n = h.X.Bins;
        var edges = h.X.Edges;
        // A horizontal-step line through (edge_i, content_i) and a final point at the upper edge draws the outline.
        var xs = new double[n + 1];
        var ys = new double[n + 1];
        var centres = new double[n];
        var values = new double[n];
        var errors = new double[n];
        for (var i = 0; i < n; i++)
        {
            xs[i] = edges[i];
            ys[i] = h.SumW[i + 1];
            centres[i] = h.X.Center(i + 1);
            values[i] = h.SumW[i + 1];
            errors[i] = Math.Sqrt(h.SumW2[i + 1]);
        }
        xs[n] = edges[n];
        ys[n] = ys[n - 1];
        var outline = plot.Add.Scatter(xs, ys, Colors.Navy);
        outline.ConnectStyle = ConnectStyle.StepHorizontal;
        outline.MarkerSize = 0;
        outline.LineWidth = 2;
        var bars = plot.Add.ErrorBar(centres, values, errors);
        bars.Color = Colors.Black;
        plot.XLabel(RootLatex.ToPlainText(h.X.Label));
        plot.YLabel(CountsLabel(h));
        var top = values.Zip(errors, (v, e) => v + e).DefaultIfEmpty(0).Max();
        var bottom = Math.Min(0, values.Zip(errors, (v, e) => v - e).DefaultIfEmpty(0).Min());
        plot.Axes.SetLimits(edges[0], edges[n], bottom, top > bottom ? top * 1.1 : bottom + 1);
    }

    /// <summary>
    /// Log-spaced bins (<c>N log bins from A to B</c>) are drawn log-log, as spectra over decades are (ROOT's dimuon
    /// plot): the outline in log10 coordinates with decade ticks labelled in the data's units; empty bins drop to the
    /// bottom of the plot. No error bars: on a log scale they would be asymmetric and reach zero for single entries.
    /// </summary>
    private static void DrawLogLog(Plot plot, Histogram1D h)
    {
        var n = h.X.Bins;
        var edges = h.X.Edges;
        var positive = Enumerable.Range(1, n).Select(i => h.SumW[i]).Where(v => v > 0).DefaultIfEmpty(1).ToArray();
        double floor = Math.Floor(Math.Log10(positive.Min())) - 0.5, top = Math.Log10(positive.Max()) + 0.3;
        var xs = new double[n + 1];
        var ys = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            xs[i] = Math.Log10(edges[i]);
            ys[i] = h.SumW[i + 1] > 0 ? Math.Log10(h.SumW[i + 1]) : floor;
        }
        xs[n] = Math.Log10(edges[n]);
        ys[n] = ys[n - 1];
        var outline = plot.Add.Scatter(xs, ys, Colors.Navy);
        outline.ConnectStyle = ConnectStyle.StepHorizontal;
        outline.MarkerSize = 0;
        outline.LineWidth = 2;
        plot.Axes.Bottom.TickGenerator = DecadeTicks(xs[0], xs[n]);
        plot.Axes.Left.TickGenerator = DecadeTicks(floor, top);
        plot.XLabel(RootLatex.ToPlainText(h.X.Label));
        plot.YLabel(CountsLabel(h));
        plot.Axes.SetLimits(xs[0], xs[n], floor, top);
    }

    /// <summary>Ticks for a log10 axis from <paramref name="lo"/> to <paramref name="hi"/>: labelled decades, minor ticks at 2..9 times each.</summary>
    private static ScottPlot.TickGenerators.NumericManual DecadeTicks(double lo, double hi)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var decade = (int)Math.Floor(lo); decade <= (int)Math.Ceiling(hi); decade++)
        {
            if (decade >= lo && decade <= hi) ticks.AddMajor(decade, Math.Pow(10, decade).ToString("G", System.Globalization.CultureInfo.InvariantCulture));
            for (var k = 2; k <= 9; k++)
            {
                var at = decade + Math.Log10(k);
                if (at >= lo && at <= hi) ticks.AddMinor(at);
            }
        }
        return ticks;
    }

    private static void Draw2D(Plot plot, Histogram2D h)
    {
        var colormap = new ScottPlot.Colormaps.Viridis();
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var ix = 1; ix <= h.X.Bins; ix++)
            for (var iy = 1; iy <= h.Y.Bins; iy++)
            {
                var v = h.SumW[h.Cell(ix, iy)];
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        if (!(max > min)) max = min + 1;
        for (var ix = 1; ix <= h.X.Bins; ix++)
            for (var iy = 1; iy <= h.Y.Bins; iy++)
            {
                var v = h.SumW[h.Cell(ix, iy)];
                var cell = plot.Add.Rectangle(h.X.Edges[ix - 1], h.X.Edges[ix], h.Y.Edges[iy - 1], h.Y.Edges[iy]);
                cell.FillColor = colormap.GetColor((v - min) / (max - min));
                cell.LineWidth = 0;
            }
        plot.Add.ColorBar(new ColorScale(colormap, min, max));
        plot.XLabel(RootLatex.ToPlainText(h.X.Label));
        plot.YLabel(RootLatex.ToPlainText(h.Y.Label));
        plot.Axes.SetLimits(h.X.Low, h.X.High, h.Y.Low, h.Y.High);
    }

    /// <summary>What the colour bar shows: the colormap over the range of the in-axis bin contents.</summary>
    private sealed class ColorScale(IColormap colormap, double min, double max) : IHasColorAxis
    {
        public IColormap Colormap { get; } = colormap;
        public ScottPlot.Range GetRange() => new(min, max);
    }
}
