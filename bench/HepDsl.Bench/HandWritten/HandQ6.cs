// Hand-written C# for samples/adl/q6.hep, as a careful programmer writes it: the same algorithm (every jet triple),
// columns (nJet included) and histograms as the generated class, with each jet's four-vector built once per event
// and the pair sum a + b hoisted out of the innermost loop.
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Analysis.Generated;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Physics;
using HepDsl.Runtime.Results;

namespace HepDsl.Bench.HandWritten;

internal sealed class HandQ6 : IAnalysis
{
    private static readonly AnalysisInfo s_info = new("q6", "q6.hep", "handwritten", "Events",
    [
        new BranchRequirement("Jet_btagCSVV2", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Jet_eta", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Jet_mass", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Jet_phi", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Jet_pt", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("nJet", ColumnType.UInt32, ColumnShape.Scalar),
    ]);

    public AnalysisInfo Info => s_info;

    public ResultSet CreateResult() => new("q6",
        [
            new Histogram1D("trijet_pt", "Trijet pT", Axis.Regular(100, 15, 40, "p_{T}^{jjj} [GeV]")),
            new Histogram1D("trijet_btag", "Largest b-tag in the trijet", Axis.Regular(100, 0, 1, "max CSVv2")),
        ],
        new Cutflow(["three jets"]), []);

    public IEventProcessor CreateProcessor() => new Processor();

    private sealed class Processor : IEventProcessor
    {
        private static readonly string[] s_branches = ["Jet_btagCSVV2", "Jet_eta", "Jet_mass", "Jet_phi", "Jet_pt", "nJet"];
        private IEventSource? _source;
        private IColumnReader<float> _btagReader = null!, _etaReader = null!, _massReader = null!, _phiReader = null!, _ptReader = null!;
        private IColumnReader<uint> _nReader = null!;
        private readonly ColumnBuffer<float> _btag = new(), _eta = new(), _mass = new(), _phi = new(), _pt = new();
        private readonly ColumnBuffer<uint> _n = new();
        private LorentzVector[] _jets = new LorentzVector[16];

        public void Process(IEventSource source, EntryRange range, ResultSet into)
        {
            if (!ReferenceEquals(source, _source))
            {
                _btagReader = source.Column<float>("Jet_btagCSVV2");
                _etaReader = source.Column<float>("Jet_eta");
                _massReader = source.Column<float>("Jet_mass");
                _phiReader = source.Column<float>("Jet_phi");
                _ptReader = source.Column<float>("Jet_pt");
                _nReader = source.Column<uint>("nJet");
                _source = source;
            }
            var hPt = (Histogram1D)into.Histograms[0];
            var hBtag = (Histogram1D)into.Histograms[1];
            var cutflow = into.Cutflow;
            for (var first = range.First; first < range.End;)
            {
                var count = EntryChunks.Next(source.Clusters, range, first);
                source.Prefetch(s_branches, first, count);
                _btagReader.Read(first, count, _btag);
                _etaReader.Read(first, count, _eta);
                _massReader.Read(first, count, _mass);
                _phiReader.Read(first, count, _phi);
                _ptReader.Read(first, count, _pt);
                _nReader.Read(first, count, _n);
                for (var e = 0; e < count; e++)
                {
                    cutflow.Pass(0, 1.0);
                    int n = (int)_n.Values[e], o = _pt.Offsets[e];
                    if (n < 3) continue;
                    cutflow.Pass(1, 1.0);
                    if (_jets.Length < n) _jets = new LorentzVector[Math.Max(n, 2 * _jets.Length)];
                    for (var m = 0; m < n; m++)
                        _jets[m] = LorentzVector.FromPtEtaPhiM(_pt.Values[o + m], _eta.Values[o + m], _phi.Values[o + m], _mass.Values[o + m]);
                    var (i, j, k) = ClosestToTop(n);
                    hPt.Fill((_jets[i] + _jets[j] + _jets[k]).Pt, 1.0);
                    var b = _btag.Values;
                    hBtag.Fill(Math.Max((double)b[o + i], Math.Max(b[o + j], b[o + k])), 1.0);
                }
                first += count;
            }
            into.MarkProcessed(source.Location, range);
        }

        /// <summary>The triple i &lt; j &lt; k whose mass is closest to 172.5 GeV (the first one on ties).</summary>
        private (int, int, int) ClosestToTop(int n)
        {
            int bi = -1, bj = -1, bk = -1;
            var best = double.PositiveInfinity;
            var jets = _jets;
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                {
                    var ij = jets[i] + jets[j];
                    for (var k = j + 1; k < n; k++)
                    {
                        var d = Math.Abs((ij + jets[k]).Mass - 172.5);
                        if (bi < 0 || d < best) (best, bi, bj, bk) = (d, i, j, k);
                    }
                }
            return (bi, bj, bk);
        }
    }
}
