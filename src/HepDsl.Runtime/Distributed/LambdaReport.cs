using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// One invocation attempt, as the report counts it. DurationMs: the driver's wall time of the Invoke call; BilledMs:
/// the host's time in its handler (fetch analysis, process, store result); ProcessMs: the event loop alone.
/// </summary>
public sealed record AttemptRecord(int Partition, string Outcome, long DurationMs, long BilledMs, int MemoryMb, bool ColdStart, bool Duplicate, string? Error,
    long ProcessMs = 0, long Entries = 0, ColdStartBreakdown? Startup = null)
{
    /// <summary>What the invocation cost beyond the host's handler: Invoke API, queueing, Runtime API, payloads.</summary>
    public long OverheadMs => Math.Max(0, DurationMs - BilledMs);
}

/// <summary>Duration distribution of successful invocations (host-measured, ms).</summary>
public sealed record DurationStats(long Min, long Median, long P90, long Max)
{
    public static DurationStats Of(IReadOnlyList<long> values)
    {
        if (values.Count == 0) return new(0, 0, 0, 0);
        var sorted = values.Order().ToList();
        long At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)]; // nearest rank
        return new(sorted[0], At(0.5), At(0.9), sorted[^1]);
    }
}

/// <summary>Medians over the run's cold invocations of where their start went (ms); see <see cref="ColdStartBreakdown"/>.</summary>
public sealed record ColdStartSummary(int Count, long RuntimeStartMs, long InitMs, long AnalysisFetchMs, long AnalysisLoadMs, long FirstEventMs, long JitMs,
    long WarmUpMs = 0)
{
    public static ColdStartSummary? Of(IReadOnlyList<ColdStartBreakdown> cold)
    {
        if (cold.Count == 0) return null;
        long Median(Func<ColdStartBreakdown, long> f) => DurationStats.Of(cold.Select(f).ToList()).Median;
        return new(cold.Count, Median(c => c.RuntimeStartMs), Median(c => c.InitMs), Median(c => c.AnalysisFetchMs), Median(c => c.AnalysisLoadMs),
            Median(c => c.FirstEventMs), Median(c => c.JitMs), Median(c => c.WarmUpMs));
    }
}

/// <summary>What a distributed run did and roughly cost: printed after the run and written as lambda-report.json.</summary>
public sealed record LambdaReport
{
    public required string Function { get; init; }
    public required int Partitions { get; init; }
    public required int ReusedResults { get; init; }
    public required int Invocations { get; init; }
    public required int FailedAttempts { get; init; }
    public required int Throttles { get; init; }
    public required int Stragglers { get; init; }
    public required int StragglerWins { get; init; }
    public required int ColdStarts { get; init; }
    public required int CorruptResults { get; init; }
    public required DurationStats PartitionMs { get; init; }
    /// <summary>Per successful invocation: driver wall time minus the host's handler time (ms).</summary>
    public required DurationStats OverheadMs { get; init; }
    /// <summary>Where the cold invocations' start went (medians); null when no host reported a breakdown.</summary>
    public ColdStartSummary? ColdStart { get; init; }
    /// <summary>Everything the hosts fetched from storage: per invocation the file header, streamers and tree metadata, plus the baskets.</summary>
    public required long BytesRead { get; init; }
    /// <summary>The baskets of the analysis' branches among <see cref="BytesRead"/>: what a local run reports as read.</summary>
    public long BasketBytes { get; init; }
    public required double GbSeconds { get; init; }
    public required string Architecture { get; init; }
    public required double EstimatedCostUsd { get; init; }
    public string PriceDate { get; init; } = LambdaPricing.PriceDate;
    public required double ElapsedSeconds { get; init; }
    /// <summary>Driver time spent folding partial results into the merged one (in partition order, as they arrive).</summary>
    public double MergeSeconds { get; init; }
    /// <summary>The most verified results the driver held at once, waiting for an earlier partition to arrive.</summary>
    public int MaxResultsHeld { get; init; }
    /// <summary>Held results written to the driver's spill file because they exceeded its merge memory budget.</summary>
    public int SpilledResults { get; init; }
    /// <summary>What <c>hep lambda plan</c> predicted for this run's plan, when the run was given a profile.</summary>
    public LambdaPlan? Prediction { get; init; }
    /// <summary>Measured wall time over predicted (1 = exact); null without a prediction.</summary>
    public double? MeasuredOverPredicted => Prediction is { WallSeconds: > 0 } p ? ElapsedSeconds / p.WallSeconds : null;
    public required IReadOnlyList<AttemptRecord> Attempts { get; init; }

    public static LambdaReport From(string function, int partitions, int reused, IReadOnlyList<AttemptRecord> attempts, int corrupt,
        string architecture, TimeSpan elapsed, long bytesRead, long basketBytes = 0)
    {
        var invoked = attempts.Where(a => a.Outcome != "throttled").ToList();
        double gbs = invoked.Sum(a => LambdaPricing.GbSeconds(a.BilledMs, a.MemoryMb));
        return new LambdaReport
        {
            Function = function,
            Partitions = partitions,
            ReusedResults = reused,
            Invocations = attempts.Count,
            FailedAttempts = attempts.Count(a => a.Outcome == "failed"),
            Throttles = attempts.Count(a => a.Outcome == "throttled"),
            Stragglers = attempts.Count(a => a.Duplicate),
            StragglerWins = attempts.Count(a => a.Duplicate && a.Outcome == "ok"),
            ColdStarts = attempts.Count(a => a.ColdStart),
            CorruptResults = corrupt,
            PartitionMs = DurationStats.Of(attempts.Where(a => a.Outcome == "ok").Select(a => a.BilledMs).ToList()),
            OverheadMs = DurationStats.Of(attempts.Where(a => a.Outcome == "ok").Select(a => a.OverheadMs).ToList()),
            ColdStart = ColdStartSummary.Of(attempts.Where(a => a.Outcome == "ok" && a.Startup is not null).Select(a => a.Startup!).ToList()),
            BytesRead = bytesRead,
            BasketBytes = basketBytes,
            GbSeconds = gbs,
            Architecture = architecture,
            EstimatedCostUsd = LambdaPricing.Cost(gbs, invoked.Count, architecture),
            ElapsedSeconds = elapsed.TotalSeconds,
            Attempts = attempts,
        };
    }

    public string ToText()
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Lambda '{Function}': {Partitions} partition(s), {ReusedResults} reused from earlier runs, {Invocations} invocation(s)");
        s.AppendLine(CultureInfo.InvariantCulture, $"  failed attempts {FailedAttempts}, throttled (429) {Throttles}, straggler duplicates {Stragglers} (won {StragglerWins}), cold starts {ColdStarts}, corrupt results {CorruptResults}");
        s.AppendLine(CultureInfo.InvariantCulture, $"  per-partition duration ms: min {PartitionMs.Min}, median {PartitionMs.Median}, p90 {PartitionMs.P90}, max {PartitionMs.Max}");
        s.AppendLine(CultureInfo.InvariantCulture, $"  per-invocation overhead ms (invoke wall time minus host time, waits for a free worker included): min {OverheadMs.Min}, median {OverheadMs.Median}, p90 {OverheadMs.P90}, max {OverheadMs.Max}");
        if (ColdStart is { } c)
            s.AppendLine(CultureInfo.InvariantCulture, $"  cold start ms (median of {c.Count}): runtime start {c.RuntimeStartMs}, host init {c.InitMs} (of it S3 warm-up {c.WarmUpMs}), analysis fetch {c.AnalysisFetchMs} + load {c.AnalysisLoadMs}, handler to first events {c.FirstEventMs}; JIT {c.JitMs} of it");
        s.AppendLine(CultureInfo.InvariantCulture, $"  {Bytes(BytesRead)} fetched from storage by the hosts, {Bytes(BasketBytes)} of it baskets (the rest: file headers and tree metadata, read again by every invocation)");
        s.Append(CultureInfo.InvariantCulture, $"  {GbSeconds:F3} GB-s, estimated cost ${EstimatedCostUsd:F6} ({Architecture}, prices of {PriceDate}), {ElapsedSeconds:F1} s");
        if (MergeSeconds > 0 || MaxResultsHeld > 0)
            s.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  merge {MergeSeconds:F3} s, at most {MaxResultsHeld} result(s) held waiting for an earlier partition ({SpilledResults} spilled to disk)");
        if (Prediction is { } p)
            s.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  predicted {p.WallSeconds:F1} s and ${p.CostUsd:F6}, measured {ElapsedSeconds:F1} s and ${EstimatedCostUsd:F6} (measured/predicted wall time {MeasuredOverPredicted:F2}; figures from {p.ProfileSource})");
        return s.ToString();
    }

    /// <summary>Decimal units, as the run summary prints them (small amounts do not round to 0.0 MB).</summary>
    public static string Bytes(long bytes) =>
        bytes >= 1_000_000_000 ? (bytes / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " GB"
        : bytes >= 1_000_000 ? (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1_000 ? (bytes / 1e3).ToString("F1", CultureInfo.InvariantCulture) + " kB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " B";

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(PayloadJson.Options) { WriteIndented = true });
}
