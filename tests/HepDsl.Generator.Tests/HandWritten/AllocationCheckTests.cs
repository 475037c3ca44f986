using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Results;

namespace HepDsl.Generator.Tests.HandWritten;

/// <summary>The zero-allocation check itself: it sees one small object per thousand events, and ignores warm-up.</summary>
public class AllocationCheckTests
{
    /// <summary>Allocates one object every <paramref name="every"/> events, or (every = 0) only a buffer on its first call.</summary>
    private sealed class Allocating(long every) : IAnalysis
    {
        public AnalysisInfo Info { get; } = new("allocating", "allocating.hep", "", "Events", []);
        public ResultSet CreateResult() => new("allocating", [], new Cutflow([]), []);
        public IEventProcessor CreateProcessor() => new Processor(every);

        private sealed class Processor(long every) : IEventProcessor
        {
            private double[] _buffer = [];
            // A field, so the JIT cannot put the objects on the stack.
            public object? Kept;

            public void Process(IEventSource source, EntryRange range, ResultSet into)
            {
                if (_buffer.Length == 0) _buffer = new double[4096];
                for (var e = range.First; e < range.End; e++)
                    if (every > 0 && e % every == every - 1) Kept = new object();
            }
        }
    }

    [Fact]
    public void One_object_per_thousand_events_is_not_zero()
    {
        using var source = new InMemoryEventSource(60_000);
        // 54 objects over 54,000 extra events: under 1 byte per event, which an integer per-event figure called 0.
        var bytes = AllocationChecks.ExtraBytesOnceWarm(new Allocating(1000), source);
        Assert.InRange(bytes, 54 * 16, 54 * 64);
    }

    [Fact]
    public void Buffers_sized_while_warming_up_are_not_counted()
    {
        using var source = new InMemoryEventSource(60_000);
        Assert.Equal(0, AllocationChecks.ExtraBytesOnceWarm(new Allocating(0), source));
    }
}
