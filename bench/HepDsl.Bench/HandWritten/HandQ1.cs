// Hand-written C# for samples/adl/q1.hep (after tests/Shared/HandWritten/Q1Analysis.cs), reading
// the same columns and filling the same histogram as the generated class, so the two can be timed and compared.
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Analysis.Generated;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Bench.HandWritten;

internal sealed class HandQ1 : IAnalysis
{
    private static readonly AnalysisInfo s_info = new("q1", "q1.hep", "handwritten", "Events",
        [new BranchRequirement("MET_pt", ColumnType.Float32, ColumnShape.Scalar)]);

    public AnalysisInfo Info => s_info;

    public ResultSet CreateResult() => new("q1",
        [new Histogram1D("met", "Missing transverse energy", Axis.Regular(100, 0, 200, "E_{T}^{miss} [GeV]"))], new Cutflow([]), []);

    public IEventProcessor CreateProcessor() => new Processor();

    private sealed class Processor : IEventProcessor
    {
        private static readonly string[] s_branches = ["MET_pt"];
        private IEventSource? _source;
        private IColumnReader<float> _metReader = null!;
        private readonly ColumnBuffer<float> _met = new();

        public void Process(IEventSource source, EntryRange range, ResultSet into)
        {
            if (!ReferenceEquals(source, _source))
            {
                _metReader = source.Column<float>("MET_pt");
                _source = source;
            }
            var h = (Histogram1D)into.Histograms[0];
            var cutflow = into.Cutflow;
            for (var first = range.First; first < range.End;)
            {
                var count = EntryChunks.Next(source.Clusters, range, first);
                source.Prefetch(s_branches, first, count);
                _metReader.Read(first, count, _met);
                var met = _met.Values;
                for (var e = 0; e < count; e++)
                {
                    cutflow.Pass(0, 1.0);
                    h.Fill(met[e], 1.0);
                }
                first += count;
            }
            into.MarkProcessed(source.Location, range);
        }
    }
}
