using HepDsl.Execution.Tests.HandWritten;
using HepDsl.Tests.HandWritten;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Results;

namespace HepDsl.Execution.Tests.Execution;

/// <summary>A run accounts for every event exactly once, or fails saying where.</summary>
public class CompletenessTests
{
    /// <summary>Wraps a real analysis; its processor misbehaves on the partition holding <paramref name="entry"/>.</summary>
    private sealed class Faulty(IAnalysis inner, long entry, string fault) : IAnalysis
    {
        public AnalysisInfo Info => inner.Info;
        public ResultSet CreateResult() => inner.CreateResult();
        public IEventProcessor CreateProcessor() => new Processor(inner.CreateProcessor(), entry, fault);

        private sealed class Processor(IEventProcessor inner, long entry, string fault) : IEventProcessor
        {
            public void Process(IEventSource source, EntryRange range, ResultSet into)
            {
                bool hit = range.First <= entry && entry < range.End;
                if (hit && fault == "throw") throw new InvalidOperationException($"boom at entry {entry}");
                if (hit && fault == "skip-last")
                {
                    inner.Process(source, range with { Count = range.Count - 1 }, into);
                    return;
                }
                inner.Process(source, range, into);
                if (hit && fault == "mark-twice") into.MarkProcessed(source.Location, range);
            }
        }
    }

    [Fact]
    public async Task A_throwing_partition_fails_the_run_naming_file_partition_and_range()
    {
        var analysis = new Faulty(new ZmumuAnalysis(), 1000, "throw");
        var e = await Assert.ThrowsAsync<PartitionFailedException>(() =>
            LocalExecutor.RunAsync(analysis, [TestData.Zmumu], new LocalRunOptions { Partitions = 4, Workers = 2 }));
        Assert.Equal(1, e.Partition.Index); // 2304 entries in 4: [576, 1152) holds entry 1000
        Assert.Contains("uproot-Zmumu.root", e.Message);
        Assert.Contains("partition 1", e.Message);
        Assert.Contains("[576, 1152)", e.Message);
        Assert.Contains("boom at entry 1000", e.Message);
    }

    [Theory]
    [InlineData("skip-last", "but marked")]
    [InlineData("mark-twice", "but marked")]
    public async Task A_processor_that_marks_the_wrong_range_is_caught(string fault, string expected)
    {
        var analysis = new Faulty(new ZmumuAnalysis(), 10, fault);
        var e = await Assert.ThrowsAsync<PartitionFailedException>(() =>
            LocalExecutor.RunAsync(analysis, [TestData.Zmumu], new LocalRunOptions { Partitions = 3, Workers = 1 }));
        Assert.Contains(expected, e.Message);
        Assert.Contains("[0, 768)", e.Message);
    }

    [Fact]
    public void Gaps_overlaps_and_strangers_are_all_reported()
    {
        var inputs = new[] { new InputShape("a.root", "t", 100, [new EntryRange(0, 100)]), new InputShape("b.root", "t", 50, [new EntryRange(0, 50)]) };
        var processed = new[]
        {
            new ProcessedRange("a.root", new EntryRange(0, 40)),
            new ProcessedRange("a.root", new EntryRange(30, 40)),  // [30, 40) twice
            new ProcessedRange("a.root", new EntryRange(80, 10)),  // [70, 80) and [90, 100) missing
            new ProcessedRange("c.root", new EntryRange(0, 5)),    // not an input
        };
        var problems = Completeness.Problems(processed, inputs);
        Assert.Contains(problems, p => p.Contains("a.root") && p.Contains("[30, 40)") && p.Contains("more than once"));
        Assert.Contains(problems, p => p.Contains("a.root") && p.Contains("[70, 80)") && p.Contains("never processed"));
        Assert.Contains(problems, p => p.Contains("a.root") && p.Contains("[90, 100)") && p.Contains("never processed"));
        Assert.Contains(problems, p => p.Contains("b.root") && p.Contains("[0, 50)") && p.Contains("never processed"));
        Assert.Contains(problems, p => p.Contains("c.root"));
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public async Task Verify_throws_on_a_merged_result_missing_or_repeating_a_range()
    {
        var run = await LocalExecutor.RunAsync(new ZmumuAnalysis(), [TestData.Zmumu], new LocalRunOptions { Partitions = 3, Workers = 1 });
        Completeness.Verify(run.Result, run.Inputs); // the real run is complete

        var missing = new ZmumuAnalysis().CreateResult();
        missing.MarkProcessed(run.Inputs[0].Location, new EntryRange(0, 2000));
        var e1 = Assert.Throws<IncompleteRunException>(() => Completeness.Verify(missing, run.Inputs));
        Assert.Contains("[2000, 2304) were never processed", e1.Message);

        var twice = new ZmumuAnalysis().CreateResult();
        twice.Merge(run.Result);
        twice.MarkProcessed(run.Inputs[0].Location, run.Partitions[1].Range);
        var e2 = Assert.Throws<IncompleteRunException>(() => Completeness.Verify(twice, run.Inputs));
        Assert.Contains($"{run.Partitions[1].Range} were processed more than once", e2.Message);
    }

    [Fact]
    public void PartitionRunner_opens_its_own_source_as_the_Lambda_host_does()
    {
        var analysis = new ZmumuAnalysis();
        var part = new Partition(3, TestData.Zmumu, "events", 100, 900);
        var result = PartitionRunner.Run(analysis, analysis.CreateProcessor(), part);
        Assert.Equal([new ProcessedRange(TestData.Zmumu, new EntryRange(100, 900))], result.Processed);
        Assert.Equal(900, result.Cutflow.Passed[0]);

        var outside = part with { FirstEntry = 2000 };
        var e = Assert.Throws<PartitionFailedException>(() => PartitionRunner.Run(analysis, analysis.CreateProcessor(), outside));
        Assert.Contains("outside", e.Message);
        var missingFile = part with { Location = "/nonexistent/file.root" };
        var e2 = Assert.Throws<PartitionFailedException>(() => PartitionRunner.Run(analysis, analysis.CreateProcessor(), missingFile));
        Assert.Contains("/nonexistent/file.root", e2.Message);
    }
}
