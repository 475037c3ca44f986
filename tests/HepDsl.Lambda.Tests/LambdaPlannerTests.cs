using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// The planner's arithmetic against hand computations, and its predictions against measured emulator runs: from an
/// earlier run's report (stored figures) the wall time is predicted within a factor 4; from a sample of the data and
/// the default cold-start and overhead figures, within a factor 6 (both stated in docs/execution.md; the emulator's
/// hosts share this machine's cores with everything else, so a loaded machine stretches the measured side).
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class LambdaPlannerTests(ServerlessFixture fixture)
{
    private static readonly LambdaProfile Flat = new()
    {
        EventsPerSecond = 1000, BasketBytesPerEvent = 0, ColdStartSeconds = 0.5, InvocationOverheadSeconds = 0.1,
        DriverInvocationsPerSecond = double.PositiveInfinity,
    };

    [Fact]
    public void Equal_partitions_in_waves_cost_their_billed_time_and_requests()
    {
        // 10 partitions of 1,000 events (1 s + 0.1 s each) on 5 slots: two waves, the first paying a 0.5 s cold start.
        var partitions = LambdaPlanner.Describe(10_000, 1, 10);
        var plan = LambdaPlanner.Plan(partitions, Flat, 5, 1769, LambdaPricing.X86);
        Assert.Equal(10, plan.Partitions);
        Assert.Equal(2 * 1.1 + 0.5, plan.WallSeconds, 9);
        Assert.Equal(10 * 1.1 / 5 + 1.1, plan.IdealSeconds, 9);
        Assert.Equal(5, plan.ColdStarts);
        double gbs = (5 * 1.6 + 5 * 1.1) * 1769 / 1024.0;
        Assert.Equal(gbs, plan.GbSeconds, 6);
        Assert.Equal(gbs * 0.0000166667 + 10 * 0.20 / 1_000_000, plan.CostUsd, 12);

        // Half the memory: half a vCPU, the event loop twice as long.
        var half = LambdaPlanner.Plan(partitions, Flat, 5, 884, LambdaPricing.X86);
        Assert.Equal(2 * (0.1 + 1000 / (1000 * 884 / 1769.0)) + 0.5, half.WallSeconds, 9);
    }

    [Fact]
    public void Scaling_rate_limit_and_driver_dispatch_rate_delay_the_start()
    {
        // 3,000 slots: AWS adds 1,000 environments per 10 s, so the third thousand starts 20 s in (partitions of 30 s: no
        // environment of the first thousand is free before then to take their work warm).
        var partitions = LambdaPlanner.Describe(90_000_000, 10, 3000);
        var plan = LambdaPlanner.Plan(partitions, Flat, 3000, 1769, LambdaPricing.Arm64, new LambdaLimits { ConcurrencyLimit = 3000 });
        Assert.Equal(20 + 0.5 + 30.1, plan.WallSeconds, 6);
        Assert.Equal(3000, plan.ColdStarts);
        // Short partitions: the first thousand environments finish their work and take the rest warm before the ramp.
        var shortOnes = LambdaPlanner.Plan(LambdaPlanner.Describe(3_000_000, 10, 3000), Flat, 3000, 1769, LambdaPricing.Arm64, new LambdaLimits { ConcurrencyLimit = 3000 });
        Assert.Equal(0.5 + 3 * 1.1, shortOnes.WallSeconds, 6);
        Assert.Equal(1000, shortOnes.ColdStarts);
        Assert.Empty(plan.Warnings);
        // Above the limit: planned with the limit, and said so.
        var limited = LambdaPlanner.Plan(partitions, Flat, 3000, 1769, LambdaPricing.Arm64);
        Assert.Equal(1000, limited.Concurrency);
        Assert.Equal(3 * 30.1 + 0.5, limited.WallSeconds, 6);
        Assert.Contains(limited.Warnings, w => w.Contains("above the function's limit", StringComparison.Ordinal));
        // A driver that dispatches 100 invocations/s: the 1,000th starts 9.99 s in.
        var slowDriver = LambdaPlanner.Plan(LambdaPlanner.Describe(1_000_000, 1, 1000), Flat with { DriverInvocationsPerSecond = 100 }, 1000, 1769, LambdaPricing.X86);
        Assert.Equal(999 / 100.0 + 0.5 + 1.1, slowDriver.WallSeconds, 6);
    }

    [Fact]
    public void Described_datasets_are_cut_as_the_driver_cuts_them()
    {
        var partitions = LambdaPlanner.Describe(1001, 3, 7);
        Assert.Equal(7, partitions.Count);
        Assert.Equal(1001, partitions.Sum(p => p.EntryCount));
        Assert.Equal(3, partitions.Select(p => p.Location).Distinct().Count());
        Assert.Equal(200, LambdaPlanner.DefaultPartitions(100, 10));
        Assert.Equal(1000, LambdaPlanner.DefaultPartitions(1000, 10));
        Assert.Equal(1000, LambdaPlanner.DefaultPartitions(3000, 10));
        Assert.Equal(5000, LambdaPlanner.DefaultPartitions(64, 5000));
    }

    [Fact]
    public async Task Predictions_are_within_the_stated_factor_of_measured_emulator_runs()
    {
        var q6 = AnalysisAssemblies.Q6;
        // A first run measures the figures (its lambda-report.json); the second, with another plan on fresh hosts, is predicted from them.
        LambdaReport calibration;
        await using (var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60)))
            calibration = (await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, fixture.Options(emulator, 24) with { Concurrency = 2 })).Report;
        var stored = LambdaProfile.FromReport(calibration, "the calibration run");
        var sampled = SampleProfiler.Measure(q6.Analysis, fixture.Inputs[0], ServerlessFixture.Tree, 20_000, new Runtime.IO.ByteSourceOptions { S3 = fixture.S3.Options });
        Assert.InRange(sampled.EventsPerSecond, 1_000, 1e9);

        await using (var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60)))
        {
            var options = fixture.Options(emulator, 12) with { Concurrency = 2, Profile = stored };
            var measured = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options);
            var prediction = measured.Report.Prediction!;
            Assert.Equal(12, prediction.Partitions);
            Assert.Equal(measured.Run.Partitions.Sum(p => p.EntryCount), prediction.Events);
            double ratio = measured.Report.MeasuredOverPredicted!.Value;
            Assert.True(ratio is > 1 / 4.0 and < 4, $"measured {measured.Report.ElapsedSeconds:F2} s, predicted {prediction.WallSeconds:F2} s from the stored figures");
            var fromSample = LambdaPlanner.Plan(measured.Run.Partitions, sampled, 2, 1769, LambdaPricing.X86);
            double sampleRatio = measured.Report.ElapsedSeconds / fromSample.WallSeconds;
            Assert.True(sampleRatio is > 1 / 6.0 and < 6, $"measured {measured.Report.ElapsedSeconds:F2} s, predicted {fromSample.WallSeconds:F2} s from a sample");
            Assert.Contains("measured/predicted wall time", measured.Report.ToText());
        }
    }
}
