using HepDsl.Runtime.Histograms;
using ScottPlot;
using SkiaSharp;

namespace HepDsl.Runtime.Output.Plots;

/// <summary>
/// One region's plot for a fit: simulated samples stacked (filled bins, in the order given, first at the bottom),
/// data as points with sqrt(sum w²) error bars, and below it a ratio panel data / simulation (with the data's relative
/// errors). Without data the ratio panel is left empty but kept, so every region plot has the same layout.
/// </summary>
public static class StackedPlot
{
    public const int Width = 800, MainHeight = 480, RatioHeight = 200;

    private static readonly Color[] s_palette =
    [
        Colors.IndianRed, Colors.SteelBlue, Colors.Gold, Colors.MediumSeaGreen, Colors.MediumPurple,
        Colors.Coral, Colors.CadetBlue, Colors.Khaki, Colors.Plum, Colors.Tan,
    ];

    public static void WritePng(string title, IReadOnlyList<(string Sample, Histogram1D Histogram)> simulation, Histogram1D? data, string path)
    {
        if (simulation.Count == 0 && data is null) throw new ArgumentException("nothing to plot", nameof(simulation));
        var axis = (simulation.Count > 0 ? simulation[0].Histogram : data!).X;
        var n = axis.Bins;
        var edges = axis.Edges;
        var total = new double[n];

        using var main = new Plot();
        for (var s = 0; s < simulation.Count; s++)
        {
            var color = s_palette[s % s_palette.Length];
            var h = simulation[s].Histogram;
            for (var i = 0; i < n; i++)
            {
                var v = h.SumW[i + 1];
                if (v != 0)
                {
                    var r = main.Add.Rectangle(edges[i], edges[i + 1], total[i], total[i] + v);
                    r.FillColor = color;
                    r.LineWidth = 0;
                }
                total[i] += v;
            }
            main.Legend.ManualItems.Add(new LegendItem { LabelText = simulation[s].Sample, FillColor = color });
        }
        var top = total.DefaultIfEmpty(0).Max();
        var centres = Enumerable.Range(1, n).Select(axis.Center).ToArray();
        if (data is not null)
        {
            var values = Enumerable.Range(1, n).Select(i => data.SumW[i]).ToArray();
            var errors = Enumerable.Range(1, n).Select(i => Math.Sqrt(data.SumW2[i])).ToArray();
            var points = main.Add.ScatterPoints(centres, values, Colors.Black);
            points.MarkerSize = 6;
            var bars = main.Add.ErrorBar(centres, values, errors);
            bars.Color = Colors.Black;
            main.Legend.ManualItems.Add(new LegendItem { LabelText = "data", MarkerColor = Colors.Black, MarkerShape = MarkerShape.FilledCircle });
            top = Math.Max(top, values.Zip(errors, (v, e) => v + e).DefaultIfEmpty(0).Max());
        }
        main.ShowLegend();
        main.Title(title);
        main.YLabel("Events / bin");
        main.Axes.SetLimits(edges[0], edges[n], 0, top > 0 ? top * 1.25 : 1);

        using var ratio = new Plot();
        if (data is not null)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            var es = new List<double>();
            for (var i = 0; i < n; i++)
            {
                if (!(total[i] > 0)) continue;
                xs.Add(centres[i]);
                ys.Add(data.SumW[i + 1] / total[i]);
                es.Add(Math.Sqrt(data.SumW2[i + 1]) / total[i]);
            }
            if (xs.Count > 0)
            {
                ratio.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), Colors.Black).MarkerSize = 5;
                ratio.Add.ErrorBar(xs.ToArray(), ys.ToArray(), es.ToArray()).Color = Colors.Black;
            }
        }
        ratio.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Dashed);
        ratio.XLabel(RootLatex.ToPlainText(axis.Label));
        ratio.YLabel("data / sim.");
        ratio.Axes.SetLimits(edges[0], edges[n], 0, 2);

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var upper = SKBitmap.Decode(main.GetImageBytes(Width, MainHeight, ImageFormat.Png));
        using var lower = SKBitmap.Decode(ratio.GetImageBytes(Width, RatioHeight, ImageFormat.Png));
        using var surface = SKSurface.Create(new SKImageInfo(Width, MainHeight + RatioHeight));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawBitmap(upper, 0, 0);
        surface.Canvas.DrawBitmap(lower, 0, MainHeight);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
