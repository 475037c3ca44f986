using System.Text.Json;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Tests.Results;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Runtime.Tests.Output;

public class RootHistogramWriterTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void JsrootReadsBackEveryBinErrorAndStatistic(bool weighted, bool compress)
    {
        var result = SampleResults.Fill(0, 5000, weighted);
        var path = Path.Combine(Path.GetTempPath(), $"hepdsl-root-{Guid.NewGuid():N}.root");
        try
        {
            RootHistogramWriter.Write(path, result.Histograms, compress);
            var read = JsrootHistograms.Read(path);
            // JSROOT lists the streamer-info record among the keys itself; the histogram keys come in writing order.
            var keys = read.GetProperty("keys").EnumerateArray().Where(k => k.GetProperty("className").GetString() != "TList");
            Assert.Equal(result.Histograms.Select(h => h.Name), keys.Select(k => k.GetProperty("name").GetString()));
            Assert.All(keys, k => Assert.Equal(1, k.GetProperty("cycle").GetInt32()));
            foreach (var h in result.Histograms) AssertSame(h, read.GetProperty("histograms").GetProperty(h.Name));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LargeHistogramsSpanSeveralCompressionBlocks()
    {
        // 1500 x 1500 cells of doubles: 18 MB per array, so the object needs two 16 MiB zlib blocks.
        var h = new Histogram2D("big", "big", Axis.Regular(1498, 0, 1), Axis.Regular(1498, 0, 1));
        var rng = new Random(3);
        for (var i = 0; i < 200_000; i++) h.Fill(rng.NextDouble(), rng.NextDouble());
        var path = Path.Combine(Path.GetTempPath(), $"hepdsl-root-{Guid.NewGuid():N}.root");
        try
        {
            RootHistogramWriter.Write(path, [h]);
            Assert.True(new FileInfo(path).Length < h.SumW.Length * 8, "compression should shrink a sparse histogram");
            AssertSame(h, JsrootHistograms.Read(path).GetProperty("histograms").GetProperty("big"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LongTitlesEmptyHistogramsAndExtremeValuesSurvive()
    {
        var longTitle = new string('t', 300) + " #mu [GeV]";
        var empty = new Histogram1D("empty", "", Axis.Regular(1, -1e300, 1e300, ""));
        var odd = new Histogram2D("odd", longTitle, Axis.Variable([-1e-300, 0, 1e-300], new string('x', 260)), Axis.Regular(3, 0, 3, "y"));
        odd.Fill(0, 0, double.Epsilon);
        odd.Fill(-5e-301, 2.5, 1e300);
        odd.Fill(1, 1, -3.25);
        var path = Path.Combine(Path.GetTempPath(), $"hepdsl-root-{Guid.NewGuid():N}.root");
        try
        {
            RootHistogramWriter.Write(path, [empty, odd], compress: false);
            var read = JsrootHistograms.Read(path).GetProperty("histograms");
            AssertSame(empty, read.GetProperty("empty"));
            AssertSame(odd, read.GetProperty("odd"));
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("h;2")]
    [InlineData("")]
    public void NamesThatAreNotKeyNamesAreRefused(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => RootHistogramWriter.Write(Path.Combine(Path.GetTempPath(), "never.root"), [new Histogram1D(name, "", Axis.Regular(2, 0, 1))]));
        Assert.Contains($"'{name}'", e.Message);
    }

    [Fact]
    public void DuplicateNamesAreRefused()
    {
        var a = new Histogram1D("h", "", Axis.Regular(2, 0, 1));
        var b = new Histogram1D("h", "", Axis.Regular(2, 0, 1));
        var e = Assert.Throws<ArgumentException>(() => RootHistogramWriter.Write(Path.Combine(Path.GetTempPath(), "never.root"), [a, b]));
        Assert.Contains("'h'", e.Message);
    }

    [Fact]
    public void ControlRootWrittenHistogramsReadThroughTheSameScript()
    {
        // ROOT-written files prove the script itself reads histograms correctly.
        var th1d = JsrootHistograms.Read(RepoPaths.Data("uproot-issue-722.root")).GetProperty("histograms").GetProperty("hist");
        Assert.Equal("TH1D", th1d.GetProperty("className").GetString());
        var x = th1d.GetProperty("axes")[0];
        Assert.Equal(27, x.GetProperty("nbins").GetInt32());
        var edges = JsrootHistograms.Numbers(x.GetProperty("edges"));
        Assert.Equal(28, edges.Length);
        Assert.Equal(325.0, edges[0]);
        Assert.Equal(15400.0, edges[^1]);
        Assert.Equal(29, JsrootHistograms.Numbers(th1d.GetProperty("contents")).Length);
        Assert.StartsWith("m^{t#bar{t}} [GeV]", th1d.GetProperty("title").GetString());

        var th2d = JsrootHistograms.Read(RepoPaths.Data("uproot-issue-888.root")).GetProperty("histograms").GetProperty("hrecoVsgen_ll_cHel_400mttbar");
        Assert.Equal("TH2D", th2d.GetProperty("className").GetString());
        var axes = th2d.GetProperty("axes");
        var cells = (axes[0].GetProperty("nbins").GetInt32() + 2) * (axes[1].GetProperty("nbins").GetInt32() + 2);
        Assert.Equal(cells, th2d.GetProperty("ncells").GetInt32());
        var contents = JsrootHistograms.Numbers(th2d.GetProperty("contents"));
        Assert.Equal(cells, contents.Length);
        Assert.True(contents.Sum() > 0);
        Assert.True(JsrootHistograms.Number(th2d.GetProperty("entries")) > 0);

        // uproot-histograms.root: three TH1F filled with unit weights, so contents sum to the entries.
        var th1f = JsrootHistograms.Read(RepoPaths.Data("uproot-histograms.root")).GetProperty("histograms");
        foreach (var (name, entries, low, high) in new[] { ("one", 10000, -3, 3), ("two", 10000, -10, 10), ("three", 5, -3, 3) })
        {
            var h = th1f.GetProperty(name);
            Assert.Equal("TH1F", h.GetProperty("className").GetString());
            Assert.Equal(entries, JsrootHistograms.Number(h.GetProperty("entries")));
            Assert.Equal(entries, JsrootHistograms.Numbers(h.GetProperty("contents")).Sum());
            var axis = h.GetProperty("axes")[0];
            Assert.Equal((10, (double)low, (double)high), (axis.GetProperty("nbins").GetInt32(), JsrootHistograms.Number(axis.GetProperty("xmin")), JsrootHistograms.Number(axis.GetProperty("xmax"))));
        }
    }

    private static void AssertSame(Histogram h, JsonElement read)
    {
        Assert.Equal(h is Histogram1D ? "TH1D" : "TH2D", read.GetProperty("className").GetString());
        Assert.Equal(h.Title, read.GetProperty("title").GetString());
        Assert.Equal(h.Entries, JsrootHistograms.Number(read.GetProperty("entries")));
        Assert.Equal(h.SumW, JsrootHistograms.Numbers(read.GetProperty("contents")));
        Assert.Equal(h.SumW2, JsrootHistograms.Numbers(read.GetProperty("sumw2")));
        Assert.Equal(h.SumW.Length, read.GetProperty("ncells").GetInt32());
        // A TH1's y axis title is its counts label; a TH2's is the y axis label (checked with the axes below).
        Assert.Equal(h is Histogram1D h1 ? h1.YLabel : ((Histogram2D)h).Y.Label, read.GetProperty("yTitle").GetString());
        var axes = h is Histogram2D h2 ? new[] { h2.X, h2.Y } : [((Histogram1D)h).X];
        var readAxes = read.GetProperty("axes").EnumerateArray().ToArray();
        Assert.Equal(axes.Length, readAxes.Length);
        for (var i = 0; i < axes.Length; i++)
        {
            Assert.Equal(axes[i].Label, readAxes[i].GetProperty("title").GetString());
            Assert.Equal(axes[i].Bins, readAxes[i].GetProperty("nbins").GetInt32());
            Assert.Equal(axes[i].Low, JsrootHistograms.Number(readAxes[i].GetProperty("xmin")));
            Assert.Equal(axes[i].High, JsrootHistograms.Number(readAxes[i].GetProperty("xmax")));
            Assert.Equal(axes[i].IsRegular ? [] : axes[i].Edges.ToArray(), JsrootHistograms.Numbers(readAxes[i].GetProperty("edges")));
        }
        double[] stats = h switch
        {
            Histogram1D a => [a.StatSumW, a.StatSumW2, a.StatSumWX, a.StatSumWX2],
            Histogram2D a => [a.StatSumW, a.StatSumW2, a.StatSumWX, a.StatSumWX2, a.StatSumWY, a.StatSumWY2, a.StatSumWXY],
            _ => throw new InvalidOperationException(),
        };
        string[] names = h is Histogram2D ? ["tsumw", "tsumw2", "tsumwx", "tsumwx2", "tsumwy", "tsumwy2", "tsumwxy"] : ["tsumw", "tsumw2", "tsumwx", "tsumwx2"];
        Assert.Equal(stats, names.Select(n => JsrootHistograms.Number(read.GetProperty(n))));
    }
}
