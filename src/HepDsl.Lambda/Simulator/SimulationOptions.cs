namespace HepDsl.Lambda.Simulator;

/// <summary>
/// How the simulated Invoke endpoint behaves at scale: AWS's concurrency and scaling limits, cold starts drawn from a
/// log-normal distribution, run time proportional to a partition's events, and rare failures, timeouts and slow
/// sandboxes. Times are wall-clock on this machine: choose <see cref="MsPerEvent"/> so the run fits the time you have.
/// </summary>
public sealed record SimulationOptions
{
    public string FunctionName { get; init; } = "hepdsl-sim";
    /// <summary>Concurrent executions the function may have (account or reserved concurrency); beyond it, 429.</summary>
    public int ConcurrencyLimit { get; init; } = 1000;
    /// <summary>
    /// New execution environments the function may add per <see cref="ScalingPeriod"/> (AWS since Dec 2023: 1,000 per
    /// 10 s per function); an invocation that would need one more is throttled (429).
    /// </summary>
    public int ScalingStep { get; init; } = 1000;
    public TimeSpan ScalingPeriod { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Cold start (init: runtime start, JIT, analysis fetch and load) median and log-normal sigma.</summary>
    public double ColdStartMedianMs { get; init; } = 600;
    public double ColdStartSigma { get; init; } = 0.5;
    /// <summary>Handler time per event of the partition.</summary>
    public double MsPerEvent { get; init; } = 1;
    /// <summary>Log-normal sigma of a partition's run time around events × <see cref="MsPerEvent"/> (fixed per partition).</summary>
    public double RunSigma { get; init; } = 0.15;
    /// <summary>Invoke API round trip added to every answer (AWS: tens of ms from a client in the region).</summary>
    public double ApiLatencyMs { get; init; } = 20;
    /// <summary>Fraction of invocations that fail part-way with a retryable error (HepDsl.PartitionFailed).</summary>
    public double FailureRate { get; init; } = 0.005;
    /// <summary>Fraction of invocations that hang until <see cref="Timeout"/> (Sandbox.Timedout; the sandbox is discarded).</summary>
    public double TimeoutRate { get; init; } = 0.002;
    /// <summary>Fraction of invocations on a slow sandbox: they run <see cref="SlowFactor"/> times longer (the driver's straggler duplicates target these).</summary>
    public double SlowRate { get; init; } = 0.005;
    public double SlowFactor { get; init; } = 5;
    /// <summary>The function's timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public int MemoryMb { get; init; } = 1769;
    public int Seed { get; init; } = 2026;
}
