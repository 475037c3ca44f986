#nullable enable

using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Analysis.Generated;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Results;

namespace HepDsl.Execution.Tests.HandWritten;

/// <summary>
/// Dimuon mass of Z→μμ events with both muons above a pT threshold (uproot-Zmumu.root, doubles): a second hand-written
/// loop, over a file of a few thousand entries, with a 2D histogram and an aggregate so merging covers every kind.
/// </summary>
public sealed class ZmumuAnalysis : IAnalysis
{
    public const string Name = "zmumu-handwritten";

    private static readonly AnalysisInfo s_info = new(Name, "zmumu-handwritten.cs", "handwritten", "events",
    [
        new BranchRequirement("M", ColumnType.Float64, ColumnShape.Scalar),
        new BranchRequirement("pt1", ColumnType.Float64, ColumnShape.Scalar),
        new BranchRequirement("pt2", ColumnType.Float64, ColumnShape.Scalar),
        new BranchRequirement("Q1", ColumnType.Int32, ColumnShape.Scalar),
        new BranchRequirement("Q2", ColumnType.Int32, ColumnShape.Scalar),
    ]);

    public AnalysisInfo Info => s_info;

    public ResultSet CreateResult() => new(Name,
        [
            new Histogram1D("mass", "dimuon mass", Axis.Regular(60, 60, 120, "m [GeV]")),
            new Histogram2D("pt1_pt2", "leading vs subleading pT", Axis.Regular(20, 0, 100), Axis.Regular(20, 0, 100)),
        ],
        new Cutflow(["opposite charge", "both pT > 20"]),
        [new Aggregate("mean_mass", AggregateKind.Mean), new Aggregate("selected", AggregateKind.Count)]);

    public IEventProcessor CreateProcessor() => new Processor();

    private sealed class Processor : IEventProcessor
    {
        private static readonly string[] s_branches = ["M", "pt1", "pt2", "Q1", "Q2"];
        private IEventSource? _source;
        private IColumnReader<double> _m = null!, _pt1 = null!, _pt2 = null!;
        private IColumnReader<int> _q1 = null!, _q2 = null!;
        private readonly ColumnBuffer<double> _bm = new(), _bpt1 = new(), _bpt2 = new();
        private readonly ColumnBuffer<int> _bq1 = new(), _bq2 = new();

        public void Process(IEventSource source, EntryRange range, ResultSet into)
        {
            if (!ReferenceEquals(source, _source))
            {
                _m = source.Column<double>("M");
                _pt1 = source.Column<double>("pt1");
                _pt2 = source.Column<double>("pt2");
                _q1 = source.Column<int>("Q1");
                _q2 = source.Column<int>("Q2");
                _source = source;
            }
            var mass = (Histogram1D)into.Histograms[0];
            var pts = (Histogram2D)into.Histograms[1];
            var meanMass = into.Aggregates[0];
            var selected = into.Aggregates[1];
            for (var first = range.First; first < range.End;)
            {
                var count = EntryChunks.Next(source.Clusters, range, first);
                source.Prefetch(s_branches, first, count);
                _m.Read(first, count, _bm);
                _pt1.Read(first, count, _bpt1);
                _pt2.Read(first, count, _bpt2);
                _q1.Read(first, count, _bq1);
                _q2.Read(first, count, _bq2);
                for (var e = 0; e < count; e++)
                {
                    into.Cutflow.Pass(0);
                    if (_bq1.Values[e] == _bq2.Values[e]) continue;
                    into.Cutflow.Pass(1);
                    var p1 = _bpt1.Values[e];
                    var p2 = _bpt2.Values[e];
                    if (!(p1 > 20 && p2 > 20)) continue;
                    into.Cutflow.Pass(2);
                    mass.Fill(_bm.Values[e]);
                    pts.Fill(Math.Max(p1, p2), Math.Min(p1, p2));
                    meanMass.Add(_bm.Values[e]);
                    selected.Add(1);
                }
                first += count;
            }
            into.MarkProcessed(source.Location, range);
        }
    }
}
