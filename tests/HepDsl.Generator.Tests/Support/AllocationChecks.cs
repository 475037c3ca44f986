using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;

namespace HepDsl.Generator.Tests.Support;

internal static class AllocationChecks
{
    /// <summary>
    /// Bytes a warm processor allocates for the events of a large range beyond those of a small one: runs the whole
    /// source once to size every buffer, then measures the first tenth and the whole source on this thread and
    /// returns the difference in total bytes. Per-call costs (the processed-range record, the cluster list) cancel
    /// out; anything per event or per object does not, however small: not divided per event, so that 1 byte in
    /// all the extra events is not rounded to 0. The pair is measured up to three times and the least difference
    /// kept: the runtime itself sometimes allocates once on the running thread (seen: 6.6 kB in one CI run of the
    /// hand-written Q1, tiering or on-stack replacement of a hot loop), which does not recur, while a per-event
    /// allocation shows in every attempt.
    /// </summary>
    public static long ExtraBytesOnceWarm(IAnalysis analysis, IEventSource source)
    {
        var processor = analysis.CreateProcessor();
        var result = analysis.CreateResult();
        processor.Process(source, new EntryRange(0, source.Entries), result);

        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3 && least != 0; attempt++)
        {
            var small = Measure(processor, source, result, new EntryRange(0, source.Entries / 10));
            var large = Measure(processor, source, result, new EntryRange(0, source.Entries));
            least = Math.Min(least, large - small);
        }
        return least;
    }

    private static long Measure(IEventProcessor processor, IEventSource source, HepDsl.Runtime.Results.ResultSet result, EntryRange range)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        processor.Process(source, range, result);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
