using System.Buffers.Binary;
using System.Text.Json;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Output;
using HepDsl.Runtime.Output.Plots;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Tests.Results;

namespace HepDsl.Runtime.Tests.Output;

public class PlotAndOutputsTests
{
    [Fact]
    public void PlotsAreValidPngsOfTheRightSize()
    {
        var folder = Directory.CreateTempSubdirectory("hepdsl-plots-").FullName;
        try
        {
            var result = SampleResults.Fill(0, 4000, weighted: true);
            foreach (var h in result.Histograms)
            {
                var path = Path.Combine(folder, h.Name + ".png");
                HistogramPlotter.WritePng(h, path);
                AssertPng(path, HistogramPlotter.Width, HistogramPlotter.Height);
            }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void WriteAllWritesEveryOutput()
    {
        var folder = Directory.CreateTempSubdirectory("hepdsl-out-").FullName;
        try
        {
            var result = SampleResults.Fill(0, 3000, weighted: false);
            var files = ResultOutputs.WriteAll(result, folder);
            string[] expected =
            [
                "histograms.json", "histograms.root", "cutflow.json", "aggregates.json",
                .. result.Histograms.Select(h => Path.Combine("plots", h.Name + ".png")),
            ];
            Assert.Equal(expected.Select(e => Path.Combine(folder, e)), files);
            Assert.All(files, f => Assert.True(new FileInfo(f).Length > 0, f));

            using var json = JsonDocument.Parse(File.ReadAllBytes(files[0]));
            Assert.Equal(result.Histograms.Select(h => h.Name), json.RootElement.EnumerateObject().Select(p => p.Name));
            var read = JsrootHistograms.Read(files[1]).GetProperty("histograms");
            Assert.Equal(result.Histograms[0].SumW, JsrootHistograms.Numbers(read.GetProperty("mass").GetProperty("contents")));
            using var cutflow = JsonDocument.Parse(File.ReadAllBytes(files[2]));
            Assert.Equal(result.Cutflow.Passed, cutflow.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("passed").GetInt64()));
            using var aggregates = JsonDocument.Parse(File.ReadAllBytes(files[3]));
            Assert.Equal(3000, aggregates.RootElement.GetProperty("n_muons").GetProperty("value").GetDouble());
            foreach (var png in files.Skip(4)) AssertPng(png, 800, 600);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void PlotsCarryTheTitleAndAxisLabelsAsUnicode()
    {
        var result = SampleResults.Fill(0, 200, weighted: true);
        // The .hep y label wins over the default, whatever the weighting.
        AssertLabels(result.Histogram("mass"), "Dimuon mass", "m_μμ [GeV]", "Events / 1.5 GeV");
        AssertLabels(result.Histogram("pt"), "Leading pₜ", "pₜ [GeV]", "Weighted entries / bin");
        AssertLabels(result.Histogram("eta_phi"), "η vs φ", "η", "φ");
        AssertLabels(SampleResults.Fill(0, 200, weighted: false).Histogram("pt"), "Leading pₜ", "pₜ [GeV]", "Entries / bin");
        // No title: the name stands in, so a plot is never untitled.
        AssertLabels(new Histogram1D("e", "", Axis.Regular(1, 0, 1, "E^2"), "N_{jets}"), "e", "E²", "Nⱼₑₜₛ");
    }

    [Fact]
    public void LogBinnedHistogramsArePlottedLogLog()
    {
        var h = new Histogram1D("mass", "Dimuon mass", Axis.Logarithmic(30, 0.25, 300, "m"));
        h.Fill(3.1, 1);
        for (int i = 0; i < 50; i++) h.Fill(91, 1);
        using var plot = HistogramPlotter.CreatePlot(h);
        var limits = plot.Axes.GetLimits();
        // Drawn in log10 coordinates: x spans log10(0.25)..log10(300), y reaches past log10(50) and starts below 10^0.
        Assert.Equal(Math.Log10(0.25), limits.Left, 1e-12);
        Assert.Equal(Math.Log10(300), limits.Right, 1e-12);
        Assert.True(limits.Top > Math.Log10(50) && limits.Top < 2, $"top {limits.Top}");
        Assert.True(limits.Bottom < 0, $"bottom {limits.Bottom}");
        using (plot.GetImage(HistogramPlotter.Width, HistogramPlotter.Height)) { } // ticks are generated when drawn
        var ticks = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => (t.Position, t.Label)).ToList();
        Assert.Equal([(0.0, "1"), (1.0, "10"), (2.0, "100")], ticks);
    }

    private static void AssertLabels(Histogram h, string title, string x, string y)
    {
        using var plot = HistogramPlotter.CreatePlot(h);
        Assert.Equal((title, x, y), (plot.Axes.Title.Label.Text, plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text));
    }

    [Fact]
    public void PlotFileNamesAreSafe()
    {
        Assert.Equal("mass.png", ResultOutputs.PlotFileName("mass"));
        Assert.Equal("a_b.png", ResultOutputs.PlotFileName("a/b"));
        Assert.Equal("_...png", ResultOutputs.PlotFileName(".."));
    }

    [Fact]
    public void EmptyHistogramsStillPlot()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hepdsl-empty-{Guid.NewGuid():N}.png");
        try
        {
            HistogramPlotter.WritePng(new Histogram1D("e", "", Axis.Regular(1, 0, 1, "x")), path);
            AssertPng(path, 800, 600);
            HistogramPlotter.WritePng(new Histogram2D("e2", "t", Axis.Regular(2, 0, 1), Axis.Regular(2, 0, 1)), path);
            AssertPng(path, 800, 600);
        }
        finally { File.Delete(path); }
    }

    /// <summary>PNG signature, then the IHDR chunk with width and height (big-endian).</summary>
    private static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} is too short for a PNG");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal("IEND"u8.ToArray(), bytes[^8..^4]);
    }
}
