// Hand-written target for samples/adl/q1.hep: "MET of all events". See Q5Analysis.cs for why these exist.
#nullable enable

using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Analysis.Generated;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Tests.HandWritten;

public sealed class Q1Analysis : IAnalysis
{
    public const string Name = "q1";

    private static readonly AnalysisInfo s_info = new(Name, "q1.hep", "handwritten", "Events",
        [new BranchRequirement("MET_pt", ColumnType.Float32, ColumnShape.Scalar)]);

    public AnalysisInfo Info => s_info;

    public ResultSet CreateResult() => new(Name,
        [new Histogram1D("met", "MET of all events", Axis.Regular(100, 0, 200, "MET [GeV]"))],
        new Cutflow([]),
        []);

    public IEventProcessor CreateProcessor() => new Processor();

    private sealed class Processor : IEventProcessor
    {
        private static readonly string[] s_branches = ["MET_pt"];

        private IEventSource? _source;
        private IColumnReader<float> _MET_pt_reader = null!;
        private readonly ColumnBuffer<float> _MET_pt = new();
        private Histogram1D _h_met = null!;
        private Cutflow _cutflow = null!;

        public void Process(IEventSource source, EntryRange range, ResultSet into)
        {
            if (!ReferenceEquals(source, _source))
            {
                _MET_pt_reader = source.Column<float>("MET_pt");
                _source = source;
            }
            _h_met = (Histogram1D)into.Histograms[0];
            _cutflow = into.Cutflow;
            var clusters = source.Clusters;
            for (var first = range.First; first < range.End;)
            {
                var count = EntryChunks.Next(clusters, range, first);
                source.Prefetch(s_branches, first, count);
                _MET_pt_reader.Read(first, count, _MET_pt);
                for (var e = 0; e < count; e++) Event(e);
                first += count;
            }
            into.MarkProcessed(source.Location, range);
        }

        private void Event(int e)
        {
            const double weight = 1.0;
            _cutflow.Pass(0, weight);
            _h_met.Fill((double)_MET_pt.Values[e], weight);
        }
    }
}
