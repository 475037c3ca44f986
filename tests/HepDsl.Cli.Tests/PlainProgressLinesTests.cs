using HepDsl.Cli.Progress;
using HepDsl.Runtime.Execution;

namespace HepDsl.Cli.Tests;

/// <summary>What <c>hep run</c> prints on stderr when it is not a terminal: a plain line now and then, and the last one.</summary>
public class PlainProgressLinesTests
{
    private static RunProgress At(double seconds, long done, int partitionsDone) =>
        new(done, 4_000_000, partitionsDone, 8, done * 25, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Lines_come_once_per_interval_then_the_final_one_once()
    {
        var output = new StringWriter();
        var lines = new ProgressDisplay.PlainLines("q1", output, TimeSpan.FromSeconds(5));
        lines.Report(At(0.5, 100_000, 0));          // first report: printed
        lines.Report(At(3, 600_000, 1));            // within 5 s of the last line: dropped
        lines.Report(At(5.5, 1_100_000, 2));        // 5 s later: printed
        lines.Report(At(8, 2_000_000, 4));          // dropped
        lines.Report(At(10, 4_000_000, 8));         // finished: printed even within the interval
        lines.Report(At(10.5, 4_000_000, 8));       // after the end: never again
        Assert.Equal(
        [
            "q1: 100,000/4,000,000 events, 0/8 partitions, 2.5 MB, 200,000 events/s, ETA 19.5s",
            "q1: 1,100,000/4,000,000 events, 2/8 partitions, 27.5 MB, 200,000 events/s, ETA 14.5s",
            "q1: 4,000,000/4,000,000 events, 8/8 partitions, 100.0 MB, 400,000 events/s, ETA 0s",
        ], output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
    }
}
