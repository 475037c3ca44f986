using System.Globalization;
using System.Text;
using HepDsl.Runtime.Execution;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// What a partition costs on Lambda, measured: the event loop's rate on one full vCPU (a local sample of the data, or
/// an earlier run's report), the basket bytes per event, and the fixed costs of an invocation.
/// </summary>
public sealed record LambdaProfile
{
    /// <summary>Events per second of the analysis on one vCPU (Lambda gives a full vCPU at 1,769 MB).</summary>
    public required double EventsPerSecond { get; init; }
    /// <summary>Compressed basket bytes the analysis reads per event (fetched from S3).</summary>
    public double BasketBytesPerEvent { get; init; }
    /// <summary>A new execution environment's start before its first event: runtime start, JIT, analysis fetch and load.</summary>
    public double ColdStartSeconds { get; init; } = 0.8;
    /// <summary>Per invocation, outside the event loop: Invoke API round trip, file header and tree metadata fetch, result upload.</summary>
    public double InvocationOverheadSeconds { get; init; } = 0.15;
    /// <summary>Per-function S3 read throughput (AWS: roughly 50–100 MB/s for one function reading ranges).</summary>
    public double S3MegabytesPerSecond { get; init; } = 80;
    /// <summary>Invocations per second the driver can sustain (dispatch, signing, verification, merge).</summary>
    public double DriverInvocationsPerSecond { get; init; } = 1000;
    /// <summary>Where the figures come from, for the report.</summary>
    public string Source { get; init; } = "defaults";

    /// <summary>
    /// The figures an earlier run measured (its lambda-report.json): event loop rate, host time outside it, the
    /// driver's per-invocation overhead and the extra time of cold invocations. Rates are at the run's memory size.
    /// </summary>
    public static LambdaProfile FromReport(LambdaReport report, string source)
    {
        var ok = report.Attempts.Where(a => a.Outcome == "ok" && a.Entries > 0).ToList();
        if (ok.Count == 0) throw new InvalidDataException($"{source}: the report has no successful invocation with events to learn from");
        double processSeconds = ok.Sum(a => a.ProcessMs) / 1000.0;
        long entries = ok.Sum(a => a.Entries);
        var warm = ok.Where(a => !a.ColdStart).ToList();
        var cold = ok.Where(a => a.ColdStart).ToList();
        double Median(IEnumerable<double> values) { var v = values.Order().ToList(); return v.Count == 0 ? 0 : v[v.Count / 2]; }
        double warmOutside = Median((warm.Count > 0 ? warm : ok).Select(a => (a.DurationMs - a.ProcessMs) / 1000.0));
        double coldExtra = cold.Count == 0 ? 0 : Math.Max(0, Median(cold.Select(a => (a.DurationMs - a.ProcessMs) / 1000.0)) - warmOutside);
        double cpu = Math.Min(1, (ok[0].MemoryMb > 0 ? ok[0].MemoryMb : 1769) / LambdaPlanner.FullVcpuMemoryMb);
        return new LambdaProfile
        {
            EventsPerSecond = entries / Math.Max(processSeconds, 1e-3) / cpu,
            BasketBytesPerEvent = report.BasketBytes / (double)Math.Max(1, entries),
            ColdStartSeconds = coldExtra,
            InvocationOverheadSeconds = warmOutside,
            S3MegabytesPerSecond = double.PositiveInfinity, // already inside the measured event loop
            Source = source,
        };
    }
}

/// <summary>Where the run would go: AWS's limits for the function.</summary>
public sealed record LambdaLimits
{
    /// <summary>Concurrent executions available to the function (AWS default account limit: 1,000; raised on request).</summary>
    public int ConcurrencyLimit { get; init; } = 1000;
    /// <summary>New execution environments per <see cref="ScalingPeriodSeconds"/> (AWS since Dec 2023: 1,000 per 10 s per function).</summary>
    public int ScalingStep { get; init; } = 1000;
    public double ScalingPeriodSeconds { get; init; } = 10;
    /// <summary>Longest invocation (AWS: 15 minutes).</summary>
    public double TimeoutSeconds { get; init; } = 900;
}

/// <summary>A predicted run: partitions, wall time, cost, and the ideal it is measured against.</summary>
public sealed record LambdaPlan
{
    public required long Events { get; init; }
    public required int Partitions { get; init; }
    public required int Concurrency { get; init; }
    public required int MemoryMb { get; init; }
    public required string Architecture { get; init; }
    /// <summary>Predicted wall time of the run (dispatch, cold starts, scaling ramp, the slowest tail).</summary>
    public required double WallSeconds { get; init; }
    /// <summary>Sum of the partitions' invocation times / concurrency + the slowest partition: a perfect scheduler's wall time.</summary>
    public required double IdealSeconds { get; init; }
    public double ParallelEfficiency => WallSeconds > 0 ? IdealSeconds / WallSeconds : 0;
    public required double MedianPartitionSeconds { get; init; }
    public required double MaxPartitionSeconds { get; init; }
    public required double GbSeconds { get; init; }
    public required double CostUsd { get; init; }
    public required int ColdStarts { get; init; }
    public string PriceDate { get; init; } = LambdaPricing.PriceDate;
    public required string ProfileSource { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string ToText()
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Lambda plan: {Events:N0} events in {Partitions:N0} partition(s), {Concurrency:N0} in flight, {MemoryMb} MB {Architecture}");
        s.AppendLine(CultureInfo.InvariantCulture, $"  predicted wall time {WallSeconds:F1} s (ideal {IdealSeconds:F1} s, parallel efficiency {ParallelEfficiency:F2}); per partition median {MedianPartitionSeconds:F2} s, max {MaxPartitionSeconds:F2} s; {ColdStarts:N0} cold start(s)");
        s.Append(CultureInfo.InvariantCulture, $"  predicted cost ${CostUsd:F4} ({GbSeconds:F1} GB-s + {Partitions:N0} requests, prices of {PriceDate}); figures from {ProfileSource}");
        foreach (var w in Warnings) s.Append(Environment.NewLine + "  warning: " + w);
        return s.ToString();
    }
}

/// <summary>
/// Predicts a distributed run before it starts: the driver's partitions, each one's invocation time from the profile
/// (overhead + events / rate scaled by the memory's CPU share + basket bytes / S3 throughput), then the run itself
/// replayed as the driver schedules it: partitions handed out in index order to <c>concurrency</c> slots, at most
/// <see cref="LambdaProfile.DriverInvocationsPerSecond"/> dispatched per second, environments added as AWS's scaling
/// rate allows, each new environment paying a cold start. Cost: GB-seconds (cold starts billed, as for custom
/// runtimes) and requests, at <see cref="LambdaPricing"/>.
/// </summary>
public static class LambdaPlanner
{
    /// <summary>Lambda allocates CPU in proportion to memory: one full vCPU at 1,769 MB.</summary>
    public const double FullVcpuMemoryMb = 1769;

    /// <summary>The partition count the driver uses by default (<see cref="DistributedOptions.Partitions"/> null).</summary>
    public static int DefaultPartitions(int concurrency, int clusters) => Math.Max(Math.Min(2 * concurrency, 1000), clusters);

    public static LambdaPlan Plan(IReadOnlyList<Partition> partitions, LambdaProfile profile, int concurrency, int memoryMb, string architecture,
        LambdaLimits? limits = null)
    {
        limits ??= new LambdaLimits();
        if (partitions.Count == 0) throw new ArgumentException("nothing to plan: the inputs have no entries");
        if (concurrency < 1 || memoryMb < 128) throw new ArgumentOutOfRangeException(nameof(concurrency), "concurrency must be at least 1 and memory at least 128 MB");
        double cpu = Math.Min(1, memoryMb / FullVcpuMemoryMb); // the event loop is single-threaded: more than one vCPU does not speed it
        var times = partitions.Select(p => profile.InvocationOverheadSeconds + p.EntryCount / (profile.EventsPerSecond * cpu)
                                           + p.EntryCount * profile.BasketBytesPerEvent / (profile.S3MegabytesPerSecond * 1e6)).ToArray();
        var warnings = new List<string>();
        int slots = Math.Min(concurrency, limits.ConcurrencyLimit);
        if (concurrency > limits.ConcurrencyLimit)
            warnings.Add($"concurrency {concurrency:N0} is above the function's limit {limits.ConcurrencyLimit:N0}: the rest would be throttled (429); planned with {slots:N0}");
        if (times.Max() > limits.TimeoutSeconds)
            warnings.Add($"the largest partition needs {times.Max():F0} s, more than the {limits.TimeoutSeconds:F0} s timeout: use more partitions");

        // Replay: a slot becomes usable when the scaling rate allows its environment; the first use of a slot is cold.
        var free = new PriorityQueue<(int Slot, bool Warm), double>();
        for (int s = 0; s < Math.Min(slots, partitions.Count); s++)
            free.Enqueue((s, false), s / limits.ScalingStep * limits.ScalingPeriodSeconds);
        double end = 0, gbSeconds = 0;
        int cold = 0;
        for (int i = 0; i < times.Length; i++)
        {
            free.TryDequeue(out var slot, out double at);
            double start = Math.Max(at, i / profile.DriverInvocationsPerSecond);
            double duration = times[i] + (slot.Warm ? 0 : profile.ColdStartSeconds);
            if (!slot.Warm) cold++;
            gbSeconds += LambdaPricing.GbSeconds((long)Math.Ceiling(duration * 1000), memoryMb);
            end = Math.Max(end, start + duration);
            free.Enqueue((slot.Slot, true), start + duration);
        }
        var sorted = times.Order().ToArray();
        return new LambdaPlan
        {
            Events = partitions.Sum(p => p.EntryCount),
            Partitions = partitions.Count,
            Concurrency = slots,
            MemoryMb = memoryMb,
            Architecture = architecture,
            WallSeconds = end,
            IdealSeconds = times.Sum() / slots + sorted[^1],
            MedianPartitionSeconds = sorted[sorted.Length / 2],
            MaxPartitionSeconds = sorted[^1],
            GbSeconds = gbSeconds,
            CostUsd = LambdaPricing.Cost(gbSeconds, partitions.Count, architecture),
            ColdStarts = cold,
            ProfileSource = profile.Source,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// A dataset described rather than surveyed (for planning before the data is at hand): <paramref name="files"/>
    /// inputs sharing <paramref name="events"/> evenly, cut as the driver cuts them into <paramref name="partitions"/>.
    /// </summary>
    public static IReadOnlyList<Partition> Describe(long events, int files, int partitions)
    {
        if (events < 1 || files < 1 || partitions < 1) throw new ArgumentOutOfRangeException(nameof(events), "events, files and partitions must be at least 1");
        var shapes = Enumerable.Range(0, files).Select(f =>
        {
            long n = events / files + (f < events % files ? 1 : 0);
            return new InputShape($"described://{f}", "Events", n, []);
        }).ToList();
        return Partitioner.Plan(shapes, PartitionTarget.Partitions(partitions));
    }
}
