using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Execution.Tests.Execution;

/// <summary>A compiled sample run over an http:// URL gives exactly what the same run on the local file gives.</summary>
public class HttpInputTests
{
    [Fact]
    public async Task Compiled_hzz_over_http_equals_the_local_file_run_bit_for_bit()
    {
        using var server = new LoopbackHttpServer();
        var url = server.Serve("data/uproot-HZZ.root", TestData.Hzz);
        // hzz is weighted, so the comparison covers floating sums too; the same partitions merge in the same order.
        var analysis = Samples.Compile("hzz").Create();
        var options = new LocalRunOptions { Partitions = 3, Workers = 2 };
        var local = await LocalExecutor.RunAsync(analysis, [TestData.Hzz], options);
        var remote = await LocalExecutor.RunAsync(analysis, [url], options);

        Assert.Equal(url, remote.Inputs.Single().Location);
        Assert.True(server.RangeRequests > 0, "the file was read with range requests");
        Assert.Equal(local.Entries, remote.Entries);
        Assert.Equal(local.Partitions.Select(p => p.Range), remote.Partitions.Select(p => p.Range));
        Assert.True(local.Result.Cutflow.Passed[^1] > 0, "the selection keeps some events");
        Assert.Contains(local.Result.Histograms, h => h.IsWeighted);
        Exact(local.Result, remote.Result);
        Assert.Equal([url], remote.Result.Processed.Select(p => p.Location).Distinct());
    }

    private static void Exact(ResultSet expected, ResultSet actual)
    {
        static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
        Assert.Equal(expected.Histograms.Select(h => (h.Name, h.Entries, h.IsWeighted)), actual.Histograms.Select(h => (h.Name, h.Entries, h.IsWeighted)));
        foreach (var (e, a) in expected.Histograms.Zip(actual.Histograms))
        {
            Assert.Equal(Bits(e.SumW), Bits(a.SumW));
            Assert.Equal(Bits(e.SumW2), Bits(a.SumW2));
            if (e is Histogram1D e1 && a is Histogram1D a1)
                Assert.Equal(Bits([e1.StatSumW, e1.StatSumW2, e1.StatSumWX, e1.StatSumWX2]), Bits([a1.StatSumW, a1.StatSumW2, a1.StatSumWX, a1.StatSumWX2]));
        }
        Assert.Equal(expected.Cutflow.Passed, actual.Cutflow.Passed);
        Assert.Equal(Bits(expected.Cutflow.SumW), Bits(actual.Cutflow.SumW));
        Assert.Equal(Bits(expected.Cutflow.SumW2), Bits(actual.Cutflow.SumW2));
        Assert.Equal(expected.Aggregates.Select(g => (g.Name, g.Entries)), actual.Aggregates.Select(g => (g.Name, g.Entries)));
        Assert.Equal(Bits(expected.Aggregates.SelectMany(g => new[] { g.SumW, g.SumW2, g.SumWX, g.SumWX2 })),
                     Bits(actual.Aggregates.SelectMany(g => new[] { g.SumW, g.SumW2, g.SumWX, g.SumWX2 })));
    }
}
