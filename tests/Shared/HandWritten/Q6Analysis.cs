// Hand-written target for samples/adl/q6.hep: "for events with at least three jets, the pT of the trijet system
// whose mass is closest to 172.5 GeV, and the largest b-tag discriminant among its jets". See Q5Analysis.cs.
#nullable enable

using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Analysis.Generated;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Physics;
using HepDsl.Runtime.Results;

namespace HepDsl.Tests.HandWritten;

public sealed class Q6Analysis : IAnalysis
{
    public const string Name = "q6";

    private static readonly AnalysisInfo s_info = new(Name, "q6.hep", "handwritten", "Events",
    [
        new BranchRequirement("Jet_pt", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Jet_eta", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Jet_phi", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Jet_mass", ColumnType.Float32, ColumnShape.Jagged),
        new BranchRequirement("Jet_btagCSVV2", ColumnType.Float32, ColumnShape.Jagged),
    ]);

    public AnalysisInfo Info => s_info;

    public ResultSet CreateResult() => new(Name,
        [
            new Histogram1D("trijet_pt", "pT of the trijet closest to the top mass", Axis.Regular(100, 0, 300, "pT [GeV]")),
            new Histogram1D("trijet_maxbtag", "max b-tag of that trijet", Axis.Regular(100, 0, 1, "b-tag")),
        ],
        new Cutflow(["at least 3 jets"]),
        [new Aggregate("mean_trijet_mass", AggregateKind.Mean)]);

    public IEventProcessor CreateProcessor() => new Processor();

    private sealed class Processor : IEventProcessor
    {
        private static readonly string[] s_branches = ["Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Jet_btagCSVV2"];

        private IEventSource? _source;
        private IColumnReader<float> _Jet_pt_reader = null!;
        private IColumnReader<float> _Jet_eta_reader = null!;
        private IColumnReader<float> _Jet_phi_reader = null!;
        private IColumnReader<float> _Jet_mass_reader = null!;
        private IColumnReader<float> _Jet_btagCSVV2_reader = null!;
        private readonly ColumnBuffer<float> _Jet_pt = new();
        private readonly ColumnBuffer<float> _Jet_eta = new();
        private readonly ColumnBuffer<float> _Jet_phi = new();
        private readonly ColumnBuffer<float> _Jet_mass = new();
        private readonly ColumnBuffer<float> _Jet_btagCSVV2 = new();

        private Histogram1D _h_trijet_pt = null!;
        private Histogram1D _h_trijet_maxbtag = null!;
        private Aggregate _a_mean_trijet_mass = null!;
        private Cutflow _cutflow = null!;

        public void Process(IEventSource source, EntryRange range, ResultSet into)
        {
            if (!ReferenceEquals(source, _source))
            {
                _Jet_pt_reader = source.Column<float>("Jet_pt");
                _Jet_eta_reader = source.Column<float>("Jet_eta");
                _Jet_phi_reader = source.Column<float>("Jet_phi");
                _Jet_mass_reader = source.Column<float>("Jet_mass");
                _Jet_btagCSVV2_reader = source.Column<float>("Jet_btagCSVV2");
                _source = source;
            }
            _h_trijet_pt = (Histogram1D)into.Histograms[0];
            _h_trijet_maxbtag = (Histogram1D)into.Histograms[1];
            _a_mean_trijet_mass = into.Aggregates[0];
            _cutflow = into.Cutflow;
            var clusters = source.Clusters;
            for (var first = range.First; first < range.End;)
            {
                var count = EntryChunks.Next(clusters, range, first);
                source.Prefetch(s_branches, first, count);
                _Jet_pt_reader.Read(first, count, _Jet_pt);
                _Jet_eta_reader.Read(first, count, _Jet_eta);
                _Jet_phi_reader.Read(first, count, _Jet_phi);
                _Jet_mass_reader.Read(first, count, _Jet_mass);
                _Jet_btagCSVV2_reader.Read(first, count, _Jet_btagCSVV2);
                for (var e = 0; e < count; e++) Event(e);
                first += count;
            }
            into.MarkProcessed(source.Location, range);
        }

        private void Event(int e)
        {
            const double weight = 1.0;
            _cutflow.Pass(0, weight);

            var o_Jet = _Jet_pt.Offsets[e];
            var n_Jet = _Jet_pt.Offsets[e + 1] - o_Jet;

            if (!(n_Jet >= 3)) return;
            _cutflow.Pass(1, weight);

            // closest to 172.5: argmin of |m(j1+j2+j3) - 172.5| over i < j < k, kept as three indices
            int best_i = -1, best_j = -1, best_k = -1;
            var best_d = double.PositiveInfinity;
            for (var i = 0; i < n_Jet; i++)
                for (var j = i + 1; j < n_Jet; j++)
                    for (var k = j + 1; k < n_Jet; k++)
                    {
                        var d = Math.Abs((Jet(o_Jet + i) + Jet(o_Jet + j) + Jet(o_Jet + k)).Mass - 172.5);
                        if (d < best_d)
                        {
                            best_d = d;
                            best_i = i;
                            best_j = j;
                            best_k = k;
                        }
                    }
            if (best_i < 0) return;

            var trijet = Jet(o_Jet + best_i) + Jet(o_Jet + best_j) + Jet(o_Jet + best_k);
            _h_trijet_pt.Fill(trijet.Pt, weight);
            var maxbtag = Math.Max((double)_Jet_btagCSVV2.Values[o_Jet + best_i],
                Math.Max((double)_Jet_btagCSVV2.Values[o_Jet + best_j], (double)_Jet_btagCSVV2.Values[o_Jet + best_k]));
            _h_trijet_maxbtag.Fill(maxbtag, weight);
            _a_mean_trijet_mass.Add(trijet.Mass, weight);
        }

        private LorentzVector Jet(int at) =>
            LorentzVector.FromPtEtaPhiM(_Jet_pt.Values[at], _Jet_eta.Values[at], _Jet_phi.Values[at], _Jet_mass.Values[at]);
    }
}
