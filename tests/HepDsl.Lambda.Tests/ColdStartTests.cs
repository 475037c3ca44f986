using System.Collections.Concurrent;
using HepDsl.Lambda.Host;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// A cold invocation broken down by the host (runtime start, init, analysis fetch and load, handler to first events,
/// JIT), carried in its response, logged by the emulator and summarised in the report; warm invocations carry none.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class ColdStartTests(ServerlessFixture fixture)
{
    [Fact]
    public async Task Cold_invocations_report_where_their_start_went_and_warm_ones_do_not()
    {
        var log = new ConcurrentQueue<string>();
        var q6 = AnalysisAssemblies.Q6;
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), log: log.Enqueue);
        var outcome = await DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, fixture.Options(emulator, 8) with { Concurrency = 2 });
        var ok = outcome.Report.Attempts.Where(a => a.Outcome == "ok").ToList();
        var cold = ok.Where(a => a.ColdStart).ToList();
        Assert.InRange(cold.Count, 1, 2);
        Assert.All(ok.Where(a => !a.ColdStart), a => Assert.Null(a.Startup));
        Assert.All(cold, a =>
        {
            var s = a.Startup!;
            Assert.True(s.RuntimeStartMs > 0 && s.FirstEventMs > 0 && s.JitMs > 0 && s.AnalysisLoadMs >= 0, s.ToString());
            // The handler's first events come after the analysis was fetched and loaded, all inside the invocation.
            Assert.True(s.FirstEventMs + 1 >= s.AnalysisFetchMs + s.AnalysisLoadMs && s.FirstEventMs <= a.BilledMs + 1, s.ToString());
            Assert.Contains("tiered=", s.Compilation);
            // The init warm-up ran before the first request for an event: part of init, not of the invocation.
            Assert.True(s.WarmUpMs > 0 && s.WarmUpMs <= s.InitMs, s.ToString());
        });
        var summary = outcome.Report.ColdStart!;
        Assert.Equal(cold.Count, summary.Count);
        Assert.Equal(DurationStats.Of(cold.Select(a => a.Startup!.JitMs).ToList()).Median, summary.JitMs);
        Assert.Equal(DurationStats.Of(cold.Select(a => a.Startup!.WarmUpMs).ToList()).Median, summary.WarmUpMs);
        Assert.Contains($"(of it S3 warm-up {summary.WarmUpMs})", outcome.Report.ToText());
        Assert.Contains("cold start ms (median of", outcome.Report.ToText());
        Assert.Equal(cold.Count, log.Count(l => l.Contains("cold start: runtime start", StringComparison.Ordinal)));
        // Each cold host warmed up: both rehearsed requests answered in-process, or (on a loaded machine, whose speed no
        // test asserts) stopped at the budget; never stopped by an error.
        var warmUps = log.Where(l => l.Contains("HepDsl host: init warm-up", StringComparison.Ordinal)).ToList();
        Assert.Equal(cold.Count, warmUps.Count);
        Assert.All(warmUps, l => Assert.True(l.Contains("S3 rehearsal (2 in-process answers)", StringComparison.Ordinal)
            || l.Contains($"stopped at its {InitWarmUp.Budget.TotalSeconds:0} s budget", StringComparison.Ordinal), l));
    }
}
