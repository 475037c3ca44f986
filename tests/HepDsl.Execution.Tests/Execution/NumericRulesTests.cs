using HepDsl.Compiler;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Output.Json;
using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Execution.Tests.Execution;

/// <summary>
/// Compiled analyses run by the local executor on ROOT files written by the runtime's TreeWriter (64 clusters of 10
/// entries, so up to 64 partitions): a weighted <c>mean</c> of values with a common offset of 1e9 or 1e12 keeps its
/// error over 1, 7 and 64 partitions (against a corrected two-pass computation), and a NaN weight or NaN
/// <c>mean</c> value stops the run at the entry that produced it, naming the file, the entry and the .hep line.
/// </summary>
public class NumericRulesTests : IDisposable
{
    private const int Clusters = 64, PerCluster = 10, Entries = Clusters * PerCluster, NaNEntry = 437;
    private readonly string _dir = Directory.CreateTempSubdirectory("hep-numeric-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static double Value(int i) => 1 + 2.7 * Math.Sin(0.37 * i) * Math.Cos(0.011 * i * i);
    private static double Weight(int i) => 0.5 + i % 3;

    private string Write(string name, double offset)
    {
        var path = Path.Combine(_dir, name + ".root");
        using var writer = new TreeWriter(path, "t",
            [TreeBranch.Scalar("x", ColumnType.Float64), TreeBranch.Scalar("w", ColumnType.Float64), TreeBranch.Scalar("bad", ColumnType.Float64)]);
        for (var c = 0; c < Clusters; c++)
        {
            var entries = Enumerable.Range(c * PerCluster, PerCluster).ToArray();
            writer.WriteCluster(new TreeChunk(PerCluster)
                .Set("x", entries.Select(i => offset + Value(i)).ToArray())
                .Set("w", entries.Select(Weight).ToArray())
                .Set("bad", entries.Select(i => i == NaNEntry ? double.NaN : 1.0).ToArray()));
        }
        return path;
    }

    private CompiledAnalysis Compile(string name, string body)
    {
        var hep = Path.Combine(_dir, name + ".hep");
        File.WriteAllText(hep, $"analysis {name}\ntree t\nbranch float64 x, w, bad\n" + body);
        return new AnalysisCompiler(new AnalysisCache(Path.Combine(_dir, "cache"))).CompileFile(hep);
    }

    [Fact]
    public async Task A_mean_with_a_large_offset_keeps_its_error_over_any_partitions()
    {
        var analysis = Compile("stable", "weight w\nmean m: x\n");
        foreach (var offset in new[] { 1e9, 1e12 })
        {
            var file = Write("offset" + offset, offset);
            var x = Enumerable.Range(0, Entries).Select(i => offset + Value(i)).ToArray();
            var w = Enumerable.Range(0, Entries).Select(Weight).ToArray();
            double sw = w.Sum(), sw2 = w.Sum(v => v * v);
            var mean = x.Zip(w, (a, b) => a * b).Sum() / sw;
            mean += x.Zip(w, (a, b) => b * (a - mean)).Sum() / sw;  // corrected two-pass
            var error = Math.Sqrt(x.Zip(w, (a, b) => b * (a - mean) * (a - mean)).Sum() / sw / (sw * sw / sw2));
            foreach (var partitions in new[] { 1, 7, 64 })
            {
                var outcome = await LocalExecutor.RunAsync(analysis.Create(), [file], new LocalRunOptions { Workers = 2, Partitions = partitions });
                Assert.Equal(partitions, outcome.Partitions.Count);
                var m = outcome.Result.Aggregate("m");
                Assert.Equal(mean, m.Value, Math.Abs(mean) * 1e-15);
                var got = AggregatesJson.Error(m)!.Value;
                Assert.True(Math.Abs(got - error) <= 1e-9 * error, $"offset {offset}, {partitions} partitions: error {got}, two-pass {error}");
            }
        }
    }

    [Theory]
    [InlineData("weight bad\nhistogram h: x, 10 bins from 0 to 2\n", "the weight is NaN", 4)]
    [InlineData("histogram h: x, 10 bins from 0 to 2\nmean m: bad * x\n", "the value of mean 'm' is NaN", 5)]
    [InlineData("sum s: x / (bad - bad + 0)\n", "the value of sum 's' is", 4)]
    // A weight variation's factor is part of that pass's weight: NaN or infinite stops the run like the weight itself
    // (NaN factors were taken for absent ones and the event silently left out of the variation's histograms).
    [InlineData("variation v: weight up bad, down 1\nhistogram h: x, 10 bins from 0 to 2\n", "the factor of variation 'v_up' is NaN", 4)]
    [InlineData("variation v: weight up 1, down 2 * bad\nhistogram h: x, 10 bins from 0 to 2\n", "the factor of variation 'v_down' is NaN", 4)]
    [InlineData("variation v: weight sqrt(bad) * bad\nhistogram h: x, 10 bins from 0 to 2\n", "the factor of variation 'v' is NaN", 4)]
    [InlineData("variation v: weight up 1 / (x - x), down 1\nhistogram h: x, 10 bins from 0 to 2\n", "the factor of variation 'v_up' is +infinity", 4)]
    public async Task A_non_finite_weight_or_mean_value_stops_the_run_at_its_entry(string body, string what, int line)
    {
        var file = Write("nan", 0);
        var analysis = Compile("nan" + line + what.Length, body);
        var e = await Assert.ThrowsAsync<PartitionFailedException>(() =>
            LocalExecutor.RunAsync(analysis.Create(), [file], new LocalRunOptions { Workers = 1, Partitions = 1 }));
        var expectedEntry = what.Contains("sum") || what.Contains("infinity") ? 0 : NaNEntry;
        Assert.Contains($"{file}: entry {expectedEntry}: {what}", e.Message);
        Assert.EndsWith($"(at nan{line}{what.Length}.hep:{line})", e.Message);
    }
}
