using HepDsl.Execution.Tests.HandWritten;
using HepDsl.Tests.HandWritten;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;

namespace HepDsl.Execution.Tests.Execution;

/// <summary>The answer must not depend on how the data is cut or how many threads run it.</summary>
public class PartitionInvarianceTests
{
    public static TheoryData<string> Analyses => ["q1", "q5", "zmumu"];

    private static (IAnalysis, string) Make(string name) => name switch
    {
        "q1" => (new Q1Analysis(), TestData.NanoAod),
        "q5" => (new Q5Analysis(), TestData.NanoAod),
        _ => (new ZmumuAnalysis(), TestData.Zmumu),
    };

    [Theory]
    [MemberData(nameof(Analyses))]
    public async Task Same_result_for_1_2_7_64_partitions_and_1_or_2_workers(string name)
    {
        var (analysis, file) = Make(name);
        var baseline = await LocalExecutor.RunAsync(analysis, [file], new LocalRunOptions { Partitions = 1, Workers = 1 });
        Assert.Single(baseline.Partitions);
        Assert.Equal(baseline.Inputs.Single().Entries, baseline.Entries);
        // q5's Z-window dimuon selects no event of these 200 ttbar events; the others must select some, so the comparison means something.
        if (name != "q5") Assert.True(baseline.Result.Cutflow.Passed[^1] > 0, "the selection keeps some events");

        foreach (var partitions in new[] { 2, 7, 64 })
            foreach (var workers in new[] { 1, 2 })
            {
                var run = await LocalExecutor.RunAsync(analysis, [file], new LocalRunOptions { Partitions = partitions, Workers = workers });
                Assert.Equal(partitions, run.Partitions.Count);
                Assert.Equal(baseline.Entries, run.Entries);
                ResultAssert.Same(baseline.Result, run.Result, $"{name} with {partitions} partitions on {workers} workers");
            }
    }

    [Fact]
    public async Task Same_file_twice_counts_twice_and_progress_reaches_the_total()
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("hep-exec-").FullName, "copy.root");
        File.Copy(TestData.Zmumu, copy);
        var reports = new List<RunProgress>();
        var progress = new SynchronousProgress<RunProgress>(reports.Add);
        var single = await LocalExecutor.RunAsync(new ZmumuAnalysis(), [TestData.Zmumu], new LocalRunOptions { Workers = 2 });
        var both = await LocalExecutor.RunAsync(new ZmumuAnalysis(), [TestData.Zmumu, copy], new LocalRunOptions { Workers = 2, Partitions = 5 }, progress);
        Assert.Equal(2 * single.Entries, both.Entries);
        Assert.Equal(2 * single.Result.Cutflow.Passed[^1], both.Result.Cutflow.Passed[^1]);
        Assert.True(both.BytesRead > 0);
        var last = reports[^1];
        Assert.Equal(both.Entries, last.EntriesDone);
        Assert.Equal(last.EntriesTotal, last.EntriesDone);
        Assert.Equal(5, last.PartitionsDone);
    }

    [Fact]
    public async Task Globs_expand_to_every_matching_file()
    {
        var dir = Directory.CreateTempSubdirectory("hep-exec-").FullName;
        File.Copy(TestData.Zmumu, Path.Combine(dir, "a.root"));
        File.Copy(TestData.Zmumu, Path.Combine(dir, "b.root"));
        var run = await LocalExecutor.RunAsync(new ZmumuAnalysis(), [Path.Combine(dir, "*.root")], new LocalRunOptions { Workers = 1 });
        Assert.Equal(2, run.Inputs.Count);
        var missing = await Assert.ThrowsAnyAsync<Exception>(() =>
            LocalExecutor.RunAsync(new ZmumuAnalysis(), [Path.Combine(dir, "*.nope")], new LocalRunOptions()));
        Assert.Contains("*.nope", missing.Message);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, at once.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _lock = new();
        public void Report(T value) { lock (_lock) report(value); }
    }
}
