// The C# the generator is meant to emit for samples/adl/q5.hep, written by hand before the emitter existed, to
// prove the shape compiles against the runtime contracts and allocates nothing per event:
//   "MET of events with an opposite-charge muon pair of invariant mass in [60, 120] GeV".
#nullable enable

using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Analysis.Generated;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Physics;
using HepDsl.Runtime.Results;

namespace HepDsl.Tests.HandWritten;

public sealed class Q5Analysis : IAnalysis
{
    public const string Name = "q5";

    private static readonly AnalysisInfo s_info = new(Name, "q5.hep", "handwritten", "Events",
    [
        new BranchRequirement("MET_pt", ColumnType.Float32, ColumnShape.Scalar),
        new BranchRequirement("Muon_pt", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Muon_eta", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Muon_phi", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Muon_mass", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Muon_charge", ColumnType.Int32, ColumnShape.Jagged),
    ]);

    public AnalysisInfo Info => s_info;

    public ResultSet CreateResult() => new(Name,
        [new Histogram1D("met", "MET of events with an opposite-charge dimuon in the Z window", Axis.Regular(100, 0, 200, "MET [GeV]"))],
        new Cutflow(["opposite-charge dimuon, 60 < m < 120"]),
        []);

    public IEventProcessor CreateProcessor() => new Processor();

    private sealed class Processor : IEventProcessor
    {
        private static readonly string[] s_branches = ["MET_pt", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge"];

        private IEventSource? _source;
        private IColumnReader<float> _MET_pt_reader = null!;
        private IColumnReader<float> _Muon_pt_reader = null!;
        private IColumnReader<float> _Muon_eta_reader = null!;
        private IColumnReader<float> _Muon_phi_reader = null!;
        private IColumnReader<float> _Muon_mass_reader = null!;
        private IColumnReader<int> _Muon_charge_reader = null!;
        private readonly ColumnBuffer<float> _MET_pt = new();
        private readonly ColumnBuffer<float> _Muon_pt = new();
        private readonly ColumnBuffer<float> _Muon_eta = new();
        private readonly ColumnBuffer<float> _Muon_phi = new();
        private readonly ColumnBuffer<float> _Muon_mass = new();
        private readonly ColumnBuffer<int> _Muon_charge = new();

        private Histogram1D _h_met = null!;
        private Cutflow _cutflow = null!;

        public void Process(IEventSource source, EntryRange range, ResultSet into)
        {
            if (!ReferenceEquals(source, _source)) Bind(source);
            _h_met = (Histogram1D)into.Histograms[0];
            _cutflow = into.Cutflow;
            var clusters = source.Clusters;
            for (var first = range.First; first < range.End;)
            {
                var count = EntryChunks.Next(clusters, range, first);
                source.Prefetch(s_branches, first, count);
                _MET_pt_reader.Read(first, count, _MET_pt);
                _Muon_pt_reader.Read(first, count, _Muon_pt);
                _Muon_eta_reader.Read(first, count, _Muon_eta);
                _Muon_phi_reader.Read(first, count, _Muon_phi);
                _Muon_mass_reader.Read(first, count, _Muon_mass);
                _Muon_charge_reader.Read(first, count, _Muon_charge);
                for (var e = 0; e < count; e++) Event(e);
                first += count;
            }
            into.MarkProcessed(source.Location, range);
        }

        private void Bind(IEventSource source)
        {
            _MET_pt_reader = source.Column<float>("MET_pt");
            _Muon_pt_reader = source.Column<float>("Muon_pt");
            _Muon_eta_reader = source.Column<float>("Muon_eta");
            _Muon_phi_reader = source.Column<float>("Muon_phi");
            _Muon_mass_reader = source.Column<float>("Muon_mass");
            _Muon_charge_reader = source.Column<int>("Muon_charge");
            _source = source;
        }

        private void Event(int e)
        {
            const double weight = 1.0;
            _cutflow.Pass(0, weight);

            var o_Muon = _Muon_pt.Offsets[e];
            var n_Muon = _Muon_pt.Offsets[e + 1] - o_Muon;

            // cut 1: any muon pair (i < j) with opposite charge and 60 < m < 120
            var any1 = false;
            for (var i = 0; i < n_Muon && !any1; i++)
            {
                for (var j = i + 1; j < n_Muon; j++)
                {
                    if (!(_Muon_charge.Values[o_Muon + i] != _Muon_charge.Values[o_Muon + j])) continue;
                    var mass = (Muon(o_Muon + i) + Muon(o_Muon + j)).Mass;
                    if (!(mass > 60.0 && mass < 120.0)) continue;
                    any1 = true;
                    break;
                }
            }
            if (!any1) return;
            _cutflow.Pass(1, weight);

            _h_met.Fill((double)_MET_pt.Values[e], weight);
        }

        private LorentzVector Muon(int at) =>
            LorentzVector.FromPtEtaPhiM(_Muon_pt.Values[at], _Muon_eta.Values[at], _Muon_phi.Values[at], _Muon_mass.Values[at]);
    }
}

/// <summary>Typed view of a q5 result.</summary>
public sealed class Q5Result
{
    private Q5Result(ResultSet results)
    {
        Results = results;
        Histograms = new HistogramSet(results);
    }

    public ResultSet Results { get; }
    public HistogramSet Histograms { get; }
    public Cutflow Cutflow => Results.Cutflow;

    public static Q5Result From(ResultSet results) =>
        results.Analysis == Q5Analysis.Name
            ? new Q5Result(results)
            : throw new ArgumentException($"result of analysis '{results.Analysis}' is not a '{Q5Analysis.Name}' result", nameof(results));

    public sealed class HistogramSet(ResultSet results)
    {
        public Histogram1D Met { get; } = (Histogram1D)results.Histogram("met");
    }
}
