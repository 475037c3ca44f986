using HepDsl.Compiler;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Results;

namespace HepDsl.Execution.Tests.Execution;

/// <summary>A run whose histograms cannot fit in memory is refused before any event is read, saying how much it needs (issue 11).</summary>
public class MemoryPreflightTests
{
    private sealed class Counting(IAnalysis inner) : IAnalysis
    {
        public int Processors;
        public AnalysisInfo Info => inner.Info;
        public ResultSet CreateResult() => inner.CreateResult();
        public IEventProcessor CreateProcessor()
        {
            Interlocked.Increment(ref Processors);
            return inner.CreateProcessor();
        }
    }

    private static IAnalysis Compile()
    {
        var dir = Directory.CreateTempSubdirectory("hep-memory-").FullName;
        var path = Path.Combine(dir, "wide.hep");
        File.WriteAllText(path, "analysis wide\ntree events\nbranch float64 E1\n" +
                                "histogram fine: E1, 1000000 bins from 0 to 200\nhistogram coarse: E1, 10 bins from 0 to 200\n");
        return new AnalysisCompiler(new AnalysisCache(Path.Combine(dir, "cache"))).CompileFile(path).Create();
    }

    [Fact]
    public async Task Histograms_that_do_not_fit_are_refused_before_any_event_with_what_they_need()
    {
        var analysis = new Counting(Compile());
        // Cells: 1,000,002 + 12; 16 bytes each; 4 partitions + the merged result.
        const long need = (1_000_002L + 12) * 16 * 5;
        var e = await Assert.ThrowsAsync<PreflightException>(() => LocalExecutor.RunAsync(analysis, [TestData.Zmumu],
            new LocalRunOptions { Workers = 2, Partitions = 4, AvailableMemory = need - 1 }));
        Assert.Equal(0, analysis.Processors);
        Assert.Contains(FormattableString.Invariant($"its histograms need {need / (double)(1 << 20):0.0} MiB (15.3 MiB per result x 5 results"), e.Message);
        Assert.Contains(FormattableString.Invariant($"but {(need - 1) / (double)(1 << 20):0.0} MiB is available; no event was read"), e.Message);
        Assert.Contains("'fine' with 1,000,002 cells", e.Message);

        var run = await LocalExecutor.RunAsync(analysis, [TestData.Zmumu], new LocalRunOptions { Workers = 2, Partitions = 4, AvailableMemory = need });
        Assert.Equal(2304, run.Result.EntriesProcessed);
    }
}
