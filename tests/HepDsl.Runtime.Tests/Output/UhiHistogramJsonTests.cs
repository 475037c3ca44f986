using System.Text.Json;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Output.Json;
using HepDsl.Runtime.Tests.Results;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Runtime.Tests.Output;

public class UhiHistogramJsonTests
{
    private readonly UhiSchemaCheck _schema = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OutputFollowsTheUhiSchema(bool weighted)
    {
        var result = SampleResults.Fill(0, 2000, weighted);
        using var doc = JsonDocument.Parse(UhiHistogramJson.Serialize(result.Histograms));
        _schema.Check(doc.RootElement);
        foreach (var h in result.Histograms)
            Assert.Equal(weighted ? "weighted" : "double", doc.RootElement.GetProperty(h.Name).GetProperty("storage").GetProperty("type").GetString());
    }

    [Fact]
    public void TheCheckAcceptsTheSchemaExamplesItCoversAndCatchesDrift()
    {
        // The shipped example with regular axes passes; broken copies of our output fail.
        var folder = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "docs", "uhi"));
        using (var example = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "example-reg.json"))))
        {
            // example-reg "one" uses int storage with an axis writer_info: both schema-valid, both exercised here.
            _schema.Check(example.RootElement);
        }
        var good = JsonDocument.Parse(UhiHistogramJson.Serialize(SampleResults.Fill(0, 10, false).Histograms)).RootElement.GetRawText();
        foreach (var broken in new[]
        {
            good.Replace("\"underflow\"", "\"under_flow\""),
            good.Replace("\"regular\"", "\"regularly\""),
            good.Replace("\"uhi_schema\": 1", "\"uhi_schema\": 2"),
            good.Replace("\"type\": \"double\"", "\"type\": \"weighted\""),
            good.Replace("\"circular\": false", "\"circular\": 0"),
        })
        {
            Assert.NotEqual(good, broken);
            using var doc = JsonDocument.Parse(broken);
            Assert.ThrowsAny<Exception>(() => _schema.Check(doc.RootElement));
        }
    }

    [Fact]
    public void ValuesAndVariancesAreTheCellsInNumpyOrder()
    {
        var result = SampleResults.Fill(0, 1500, weighted: true);
        using var doc = JsonDocument.Parse(UhiHistogramJson.Serialize(result.Histograms));
        var mass = (Histogram1D)result.Histogram("mass");
        var m = doc.RootElement.GetProperty("mass");
        Assert.Equal(mass.SumW, m.GetProperty("storage").GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(mass.SumW2, m.GetProperty("storage").GetProperty("variances").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("Dimuon mass", m.GetProperty("metadata").GetProperty("title").GetString());
        Assert.Equal("Events / 1.5 GeV", m.GetProperty("metadata").GetProperty("label").GetString());
        Assert.Equal("m_{#mu#mu} [GeV]", m.GetProperty("axes")[0].GetProperty("metadata").GetProperty("label").GetString());
        Assert.Equal(60, m.GetProperty("axes")[0].GetProperty("lower").GetDouble());

        var pt = doc.RootElement.GetProperty("pt").GetProperty("axes")[0];
        Assert.Equal("variable", pt.GetProperty("type").GetString());
        Assert.Equal(result.Histogram("pt") is Histogram1D p ? p.X.Edges : [], pt.GetProperty("edges").EnumerateArray().Select(e => e.GetDouble()));

        var h2 = (Histogram2D)result.Histogram("eta_phi");
        var values = doc.RootElement.GetProperty("eta_phi").GetProperty("storage").GetProperty("values");
        for (var ix = 0; ix < h2.X.Bins + 2; ix++)
            for (var iy = 0; iy < h2.Y.Bins + 2; iy++)
                Assert.Equal(h2.SumW[h2.Cell(ix, iy)], values[ix][iy].GetDouble());
        Assert.True(h2.SumW.Sum() == 1500 || h2.IsWeighted);
    }

    [Fact]
    public void LogSpacedAxesAreVariableAxesMarkedLogInTheirWriterInfo()
    {
        // 'N log bins from a to b': the schema has no transformed regular axis, so the edges are written, and the axis'
        // writer_info says how they were made.
        var log = new Histogram1D("mass", "Dimuon mass", Axis.Logarithmic(30, 0.25, 300, "m [GeV]"));
        var lin = new Histogram1D("pt", "pT", Axis.Regular(10, 0, 100, "pT [GeV]"));
        foreach (var x in new[] { 0.1, 0.3, 3.1, 91, 299, 400 }) log.Fill(x);
        using var doc = JsonDocument.Parse(UhiHistogramJson.Serialize([log, lin]));
        _schema.Check(doc.RootElement);
        var axis = doc.RootElement.GetProperty("mass").GetProperty("axes")[0];
        Assert.Equal("variable", axis.GetProperty("type").GetString());
        var edges = axis.GetProperty("edges").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(31, edges.Length);
        Assert.Equal(log.X.Edges, edges);
        // Evenly spaced in log(x): every ratio of neighbouring edges is (300/0.25)^(1/30).
        Assert.All(edges.Zip(edges.Skip(1)), p => Assert.Equal(Math.Pow(300 / 0.25, 1.0 / 30), p.Second / p.First, 1e-12));
        var info = axis.GetProperty("writer_info").GetProperty("hepdsl");
        Assert.Equal("log", info.GetProperty("spacing").GetString());
        Assert.Equal((30, 0.25, 300.0), (info.GetProperty("bins").GetInt32(), info.GetProperty("lower").GetDouble(), info.GetProperty("upper").GetDouble()));
        Assert.False(doc.RootElement.GetProperty("pt").GetProperty("axes")[0].TryGetProperty("writer_info", out _));
        Assert.Equal(log.SumW, doc.RootElement.GetProperty("mass").GetProperty("storage").GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void NonFiniteContentsAreRefusedByName()
    {
        var h = new Histogram1D("inf", "", Axis.Regular(2, 0, 1));
        h.Fill(0.5, double.PositiveInfinity);
        var e = Assert.Throws<InvalidOperationException>(() => UhiHistogramJson.Serialize([h]));
        Assert.Contains("'inf'", e.Message);
    }
}
