// Hand-written C# for samples/adl/q5.hep (after tests/Shared/HandWritten/Q5Analysis.cs), reading
// the same columns (nMuon included) and filling the same histogram and cut-flow as the generated class.
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Analysis.Generated;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Physics;
using HepDsl.Runtime.Results;

namespace HepDsl.Bench.HandWritten;

internal sealed class HandQ5 : IAnalysis
{
    private static readonly AnalysisInfo s_info = new("q5", "q5.hep", "handwritten", "Events",
    [
        new BranchRequirement("MET_pt", ColumnType.Float32, ColumnShape.Scalar),
        new BranchRequirement("Muon_charge", ColumnType.Int32, ColumnShape.Jagged),
        new BranchRequirement("Muon_eta", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Muon_mass", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Muon_phi", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Muon_pt", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("nMuon", ColumnType.UInt32, ColumnShape.Scalar),
    ]);

    public AnalysisInfo Info => s_info;

    public ResultSet CreateResult() => new("q5",
        [new Histogram1D("met", "Missing transverse energy", Axis.Regular(100, 0, 200, "E_{T}^{miss} [GeV]"))],
        new Cutflow(["OS dimuon, 60 < m < 120"]), []);

    public IEventProcessor CreateProcessor() => new Processor();

    private sealed class Processor : IEventProcessor
    {
        private static readonly string[] s_branches = ["MET_pt", "Muon_charge", "Muon_eta", "Muon_mass", "Muon_phi", "Muon_pt", "nMuon"];
        private IEventSource? _source;
        private IColumnReader<float> _metReader = null!, _ptReader = null!, _etaReader = null!, _phiReader = null!, _massReader = null!;
        private IColumnReader<int> _chargeReader = null!;
        private IColumnReader<uint> _nReader = null!;
        private readonly ColumnBuffer<float> _met = new(), _pt = new(), _eta = new(), _phi = new(), _mass = new();
        private readonly ColumnBuffer<int> _charge = new();
        private readonly ColumnBuffer<uint> _n = new();

        public void Process(IEventSource source, EntryRange range, ResultSet into)
        {
            if (!ReferenceEquals(source, _source))
            {
                _metReader = source.Column<float>("MET_pt");
                _chargeReader = source.Column<int>("Muon_charge");
                _etaReader = source.Column<float>("Muon_eta");
                _massReader = source.Column<float>("Muon_mass");
                _phiReader = source.Column<float>("Muon_phi");
                _ptReader = source.Column<float>("Muon_pt");
                _nReader = source.Column<uint>("nMuon");
                _source = source;
            }
            var h = (Histogram1D)into.Histograms[0];
            var cutflow = into.Cutflow;
            for (var first = range.First; first < range.End;)
            {
                var count = EntryChunks.Next(source.Clusters, range, first);
                source.Prefetch(s_branches, first, count);
                _metReader.Read(first, count, _met);
                _chargeReader.Read(first, count, _charge);
                _etaReader.Read(first, count, _eta);
                _massReader.Read(first, count, _mass);
                _phiReader.Read(first, count, _phi);
                _ptReader.Read(first, count, _pt);
                _nReader.Read(first, count, _n);
                for (var e = 0; e < count; e++)
                {
                    cutflow.Pass(0, 1.0);
                    if (!HasZCandidate(_pt.Offsets[e], (int)_n.Values[e])) continue;
                    cutflow.Pass(1, 1.0);
                    h.Fill(_met.Values[e], 1.0);
                }
                first += count;
            }
            into.MarkProcessed(source.Location, range);
        }

        private bool HasZCandidate(int o, int n)
        {
            var charge = _charge.Values;
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                {
                    if (charge[o + i] == charge[o + j]) continue;
                    var m = (Muon(o + i) + Muon(o + j)).Mass;
                    if (m > 60 && m < 120) return true;
                }
            return false;
        }

        private LorentzVector Muon(int at) =>
            LorentzVector.FromPtEtaPhiM(_pt.Values[at], _eta.Values[at], _phi.Values[at], _mass.Values[at]);
    }
}
