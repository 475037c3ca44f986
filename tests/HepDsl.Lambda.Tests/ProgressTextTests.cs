using HepDsl.Cli.Progress;
using HepDsl.Runtime.Execution;

namespace HepDsl.Lambda.Tests;

/// <summary>The progress line of a Lambda run shows the running cost estimate; a local run's does not.</summary>
public sealed class ProgressTextTests
{
    [Fact]
    public void A_lambda_snapshot_shows_the_estimated_cost_so_far()
    {
        var snapshot = new RunProgress(300, 600, 10, 20, 61_440, TimeSpan.FromSeconds(3), CostUsd: 0.0000731);
        Assert.Equal("300/600 events, 10/20 partitions, 61.4 kB, 100 events/s, ETA 3.0s, est. cost $0.000073 so far", RunProgressText.Format(snapshot));
        Assert.EndsWith("est. cost $12.35 so far", RunProgressText.Format(snapshot with { CostUsd = 12.3456 }));
        Assert.EndsWith("est. cost $0.0420 so far", RunProgressText.Format(snapshot with { CostUsd = 0.042 }));
    }

    [Fact]
    public void A_local_snapshot_has_no_cost()
    {
        var snapshot = new RunProgress(300, 600, 10, 20, 61_440, TimeSpan.FromSeconds(3));
        Assert.Equal("300/600 events, 10/20 partitions, 61.4 kB, 100 events/s, ETA 3.0s", RunProgressText.Format(snapshot));
    }
}
