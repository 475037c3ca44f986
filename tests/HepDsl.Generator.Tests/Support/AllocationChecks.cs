using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;

namespace HepDsl.Generator.Tests.Support;

internal static class AllocationChecks
{
    /// <summary>
    /// Bytes allocated per event by a warm processor: runs the whole source once to size every buffer, then
    /// measures a small and a large range and returns the difference per extra event. Per-call costs (the
    /// processed-range record, the cluster list) cancel out; anything per event or per object does not.
    /// </summary>
    public static long BytesPerEventOnceWarm(IAnalysis analysis, IEventSource source)
    {
        var processor = analysis.CreateProcessor();
        var result = analysis.CreateResult();
        processor.Process(source, new EntryRange(0, source.Entries), result);

        var small = Measure(processor, source, result, new EntryRange(0, source.Entries / 10));
        var large = Measure(processor, source, result, new EntryRange(0, source.Entries));
        var extraEvents = source.Entries - source.Entries / 10;
        return Math.Max(0, large - small) / extraEvents;
    }

    private static long Measure(IEventProcessor processor, IEventSource source, HepDsl.Runtime.Results.ResultSet result, EntryRange range)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        processor.Process(source, range, result);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
