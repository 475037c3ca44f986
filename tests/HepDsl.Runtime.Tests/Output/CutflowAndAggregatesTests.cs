using System.Text.Json;
using HepDsl.Runtime.Output.Json;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Tests.Output;

public class CutflowAndAggregatesTests
{
    private static Cutflow Sample(double weight)
    {
        var c = new Cutflow(["two muons", "opposite charge", "never"]);
        for (var i = 0; i < 200; i++)
        {
            c.Pass(0, weight);
            if (i % 4 == 0) continue;
            c.Pass(1, weight);
            if (i % 3 == 0) c.Pass(2, weight);
        }
        return c;
    }

    [Fact]
    public void RowsGiveEfficienciesAndErrors()
    {
        var rows = CutflowReport.Rows(Sample(2));
        Assert.Equal(["all events", "two muons", "opposite charge", "never"], rows.Select(r => r.Name));
        Assert.Equal([200L, 150, 50, 0], rows.Select(r => r.Passed));
        Assert.Equal(400, rows[0].Weighted);
        Assert.Equal(Math.Sqrt(200 * 4.0), rows[0].WeightedError, 12);
        Assert.Null(rows[0].EfficiencyPrevious);
        Assert.Equal(0.75, rows[1].EfficiencyPrevious);
        Assert.Equal(50.0 / 150, rows[2].EfficiencyPrevious!.Value, 15);
        Assert.Equal(0.25, rows[2].EfficiencyFirst);
        Assert.Equal(0, rows[3].EfficiencyPrevious);
    }

    [Fact]
    public void TableIsAligned()
    {
        var lines = CutflowReport.ToTable(Sample(1)).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("cut", lines[0]);
        Assert.Matches("^-+$", lines[1]);
        Assert.Contains("75.00 %", lines[3]);
        Assert.Contains("150 ± 12.2474", lines[3]);
        // Right-aligned columns: every data line ends at the same column as the header.
        Assert.All(lines.Skip(2), l => Assert.Equal(lines[0].Length, l.Length));
        Assert.Equal(lines[0].IndexOf("events") + "events".Length, lines[2].IndexOf("200") + 3);
    }

    [Fact]
    public void WeightedTableLabelsWeightedEfficienciesAndShowsRawOnesNextToTheCounts()
    {
        // Events passing the cut weigh 3, the others 1: 100 of 200 events pass, but 300 of 400 in weight.
        var c = new Cutflow(["heavy"]);
        for (var i = 0; i < 200; i++)
        {
            var w = i % 2 == 0 ? 3.0 : 1.0;
            c.Pass(0, w);
            if (i % 2 == 0) c.Pass(1, w);
        }
        Assert.True(CutflowReport.IsWeighted(c));
        var lines = CutflowReport.ToTable(c).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(4, lines.Length);
        var header = lines[0].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["cut", "events", "eff. vs prev.", "cumulative", "weighted", "weighted eff. vs prev.", "weighted cumulative"], header);
        var heavy = lines[3].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["heavy", "100", "50.00 %", "50.00 %", "300 ± 30", "75.00 %", "75.00 %"], heavy);
        // Right-aligned: "all events" has no efficiencies, so its line ends with the weighted column.
        Assert.Equal(lines[0].Length, lines[3].Length);
        Assert.Equal(lines[0].IndexOf("  weighted  ") + "  weighted".Length, lines[2].Length);

        var rows = CutflowReport.Rows(c);
        Assert.Equal((0.5, 0.75), (rows[1].RawEfficiencyFirst!.Value, rows[1].EfficiencyFirst!.Value));
        using var doc = JsonDocument.Parse(CutflowReport.ToJson(c));
        Assert.True(doc.RootElement.GetProperty("weighted").GetBoolean());
        var row = doc.RootElement.GetProperty("rows")[1];
        Assert.Equal(0.5, row.GetProperty("raw_efficiency_previous").GetDouble());
        Assert.Equal(0.75, row.GetProperty("efficiency_previous").GetDouble());
    }

    [Fact]
    public void CountsPrintAsIntegersHoweverLarge()
    {
        // A million unit-weight events: G6 printed the weighted sum as "1E+06".
        var c = new Cutflow(["half"]);
        for (var i = 0; i < 1_000_000; i++)
        {
            c.Pass(0, 1);
            if (i % 2 == 0) c.Pass(1, 1);
        }
        var table = CutflowReport.ToTable(c);
        Assert.DoesNotContain("E+", table);
        Assert.Contains("1000000 ± 1000", table);
        Assert.Contains("500000", table);
        Assert.Equal("1234567.9", CutflowReport.Number(1234567.89));
        Assert.Equal("12.3457", CutflowReport.Number(12.345678));
        Assert.Equal("12345678901234", CutflowReport.Number(12345678901234));
    }

    [Fact]
    public void UnitWeightsKeepTheShortTable()
    {
        Assert.False(CutflowReport.IsWeighted(Sample(1)));
        Assert.True(CutflowReport.IsWeighted(Sample(2)));
        Assert.DoesNotContain("weighted eff.", CutflowReport.ToTable(Sample(1)));
        using var doc = JsonDocument.Parse(CutflowReport.ToJson(Sample(1)));
        Assert.False(doc.RootElement.GetProperty("weighted").GetBoolean());
    }

    [Fact]
    public void JsonCarriesEveryRowAndNullForUndefinedEfficiencies()
    {
        using var doc = JsonDocument.Parse(CutflowReport.ToJson(Sample(0.5)));
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(4, rows.Length);
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("efficiency_previous").ValueKind);
        Assert.Equal(75, rows[1].GetProperty("weighted").GetDouble());
        Assert.Equal(Math.Sqrt(150 * 0.25), rows[1].GetProperty("weighted_error").GetDouble(), 12);
        Assert.Equal(0.75, rows[1].GetProperty("efficiency_first").GetDouble());

        var empty = new Cutflow(["x"]);
        using var e = JsonDocument.Parse(CutflowReport.ToJson(empty));
        Assert.Equal(JsonValueKind.Null, e.RootElement.GetProperty("rows")[1].GetProperty("efficiency_first").ValueKind);
    }

    [Fact]
    public void AggregatesJsonHasValuesAndErrors()
    {
        var count = new Aggregate("n", AggregateKind.Count);
        var mean = new Aggregate("pt", AggregateKind.Mean);
        var sum = new Aggregate("ht", AggregateKind.Sum);
        var empty = new Aggregate("none", AggregateKind.Mean);
        foreach (var x in new[] { 1.0, 2, 3, 4 })
        {
            count.Add(1);
            mean.Add(x, 2);
            sum.Add(x);
        }
        using var doc = JsonDocument.Parse(AggregatesJson.Serialize([count, mean, sum, empty]));
        var r = doc.RootElement;
        Assert.Equal("count", r.GetProperty("n").GetProperty("kind").GetString());
        Assert.Equal("n", r.GetProperty("n").GetProperty("title").GetString());
        Assert.Equal(4, r.GetProperty("n").GetProperty("value").GetDouble());
        Assert.Equal(2, r.GetProperty("n").GetProperty("error").GetDouble());
        Assert.Equal(2.5, r.GetProperty("pt").GetProperty("value").GetDouble());
        // Population variance 1.25 over 4 effective entries.
        Assert.Equal(Math.Sqrt(1.25 / 4), r.GetProperty("pt").GetProperty("error").GetDouble(), 12);
        Assert.Equal(10, r.GetProperty("ht").GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("ht").GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("none").GetProperty("value").ValueKind);
        Assert.Equal(4, r.GetProperty("n").GetProperty("entries").GetInt64());
    }
}
