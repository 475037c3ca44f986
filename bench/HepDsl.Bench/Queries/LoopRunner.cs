using System.Diagnostics;
using HepDsl.Bench.Common;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Bench.Queries;

/// <summary>One timed single-worker pass of an analysis over an input set.</summary>
/// <param name="Wall">Seconds of the event loop (files opened before, closed after).</param>
/// <param name="Cpu">Process CPU seconds in the same interval (a reader may decode baskets of one read in parallel).</param>
/// <param name="LoopBytes">Bytes allocated by the looping thread during the event loop (reader binding included).</param>
/// <param name="TotalBytes">Bytes allocated by every thread from opening the files to closing them.</param>
internal sealed record LoopSample(long Events, double Wall, double Cpu, long LoopBytes, long TotalBytes, ResultSet Result);

/// <summary>
/// Drives an <see cref="IEventProcessor"/> the way an executor's worker does (one processor, one source per file,
/// whole files as ranges) but on the calling thread, so its allocations and time can be attributed exactly.
/// </summary>
internal static class LoopRunner
{
    public static LoopSample Run(IAnalysis analysis, InputSet inputs, IEventProcessor? processor = null)
    {
        long total0 = GC.GetTotalAllocatedBytes(precise: true);
        var sources = inputs.Slices.Select(s => (Source: (IEventSource)EventSources.Open(s.Path, BenchInputs.Tree), s.Entries)).ToList();
        try
        {
            processor ??= analysis.CreateProcessor();
            var result = analysis.CreateResult();
            var cpu0 = Environment.CpuUsage.TotalTime;
            long thread0 = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            foreach (var (source, entries) in sources) processor.Process(source, new EntryRange(0, entries), result);
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long loopBytes = GC.GetAllocatedBytesForCurrentThread() - thread0;
            double cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
            foreach (var (source, _) in sources) source.Dispose();
            sources.Clear();
            return new LoopSample(inputs.Events, wall, cpu, loopBytes, GC.GetTotalAllocatedBytes(precise: true) - total0, result);
        }
        finally
        {
            foreach (var (source, _) in sources) source.Dispose();
        }
    }

    /// <summary>
    /// Bytes the loop allocates per event once warm: the same processor processes the first file twice on one
    /// source, and only the second pass counts (readers bound, buffers grown), which is what 'zero in the loop' means.
    /// </summary>
    public static double SteadyBytesPerEvent(IAnalysis analysis, InputSlice slice)
    {
        using var source = EventSources.Open(slice.Path, BenchInputs.Tree);
        var processor = analysis.CreateProcessor();
        var range = new EntryRange(0, slice.Entries);
        processor.Process(source, range, analysis.CreateResult());
        var result = analysis.CreateResult();
        long before = GC.GetAllocatedBytesForCurrentThread();
        processor.Process(source, range, result);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        // MarkProcessed adds one record to the result per call: a per-call, not per-event, allocation.
        return (double)bytes / slice.Entries;
    }
}
