using System.Diagnostics;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// Measures an analysis' event rate and basket bytes per event on a sample of the data (the first entries of the
/// first input, read where it lies: local, HTTP or S3), on one thread as one Lambda invocation runs it. The sample is
/// run twice and the second pass timed, so the rate is the JIT-warm one (cold starts are planned separately).
/// </summary>
public static class SampleProfiler
{
    public static LambdaProfile Measure(IAnalysis analysis, string location, string tree, long maxEvents, ByteSourceOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        using var source = EventSources.Open(location, tree, options);
        long n = Math.Min(maxEvents, source.Entries);
        if (n < 1) throw new HepDataException($"{location}: tree '{tree}' has no entries to measure a rate on");
        var partition = new Partition(0, location, tree, 0, n);
        var processor = analysis.CreateProcessor();
        long before = source.BytesRead;
        PartitionRunner.Run(analysis, processor, source, partition, null, cancellationToken);
        long basketBytes = source.BytesRead - before;
        var clock = Stopwatch.StartNew();
        int passes = 0;
        // Small samples repeat until 0.2 s have been timed, so the rate is not one timer tick.
        do
        {
            PartitionRunner.Run(analysis, processor, source, partition, null, cancellationToken);
            passes++;
        } while (clock.Elapsed < TimeSpan.FromSeconds(0.2) && passes < 1000);
        return new LambdaProfile
        {
            EventsPerSecond = n * passes / clock.Elapsed.TotalSeconds,
            BasketBytesPerEvent = basketBytes / (double)n,
            Source = $"a sample of {n:N0} event(s) of {location} on this machine, one thread",
        };
    }
}
