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
    /// all the extra events is not rounded to 0.
    /// </summary>
    public static long ExtraBytesOnceWarm(IAnalysis analysis, IEventSource source)
    {
        var processor = analysis.CreateProcessor();
        var result = analysis.CreateResult();
        processor.Process(source, new EntryRange(0, source.Entries), result);

        var small = Measure(processor, source, result, new EntryRange(0, source.Entries / 10));
        var large = Measure(processor, source, result, new EntryRange(0, source.Entries));
        return large - small;
    }

    private static long Measure(IEventProcessor processor, IEventSource source, HepDsl.Runtime.Results.ResultSet result, EntryRange range)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        processor.Process(source, range, result);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
