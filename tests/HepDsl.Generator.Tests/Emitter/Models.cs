using HepDsl.Parser.Model;
using static HepDsl.Parser.Model.EquatableArray;
using M = HepDsl.Parser.Model;

namespace HepDsl.Generator.Tests.Emitter;

/// <summary>
/// Checked models of ADL Q1, Q5 and Q6 built by hand, as the .hep checker would produce them, so the emitter is
/// tested on exact inputs independently of the parser.
/// </summary>
internal static class Models
{
    private static readonly SourceSpan At = new("test.hep", 1, 1, 1, 2);

    // ---- small builders
    private static HepType Obj(string c) => HepType.ObjectOf(c);
    private static FieldModel Stored(string name, string branch, ElementType t, HepType? type = null) =>
        new(name, type ?? (t is ElementType.Float32 or ElementType.Float64 ? HepType.Float : HepType.Int), branch, t, null, null);
    private static Expr Var(string name, string c) => new VariableRef(Obj(c), At, name);
    private static Expr F(Expr target, string c, string field, HepType? type = null) => new FieldAccess(type ?? HepType.Float, At, target, c, field);
    private static Expr P4(Expr target) => new ObjectFourVector(HepType.FourVector, At, target);
    private static Expr Add(Expr a, Expr b) => new Binary(a.Type, At, BinaryOp.Add, a, b);
    private static Expr Num(double v) => new FloatLiteral(HepType.Float, At, v);
    private static Expr Call(Builtin f, HepType t, params Expr[] args) => new M.Call(t, At, f, Create(args));
    private static BoundVariable Bound(string name, string c) => new(name, new CollectionRef(HepType.CollectionOf(c), At, c), Obj(c));
    private static AxisModel Regular(int bins, double lo, double hi, string label) => new(new RegularBinning(bins, lo, hi), label);

    private static SourceCollection Objects(string name, string counter, FourVectorSpec? p4, params FieldModel[] fields) => new(name, At, counter, Create(fields), p4);
    private static FourVectorSpec PtEtaPhiM => new(FourVectorKind.PtEtaPhiM, Create("pt", "eta", "phi", "mass"));
    private static BranchModel Jagged(string name, ElementType t, string c, string field) => new(name, t, BranchShape.Jagged, 0, c, field);
    private static BranchModel Counter(string name, string c) => new(name, ElementType.UInt32, BranchShape.Scalar, 1, c, null);

    private static readonly SingletonCollection Met = new("MET", At, Create(Stored("pt", "MET_pt", ElementType.Float32)), null);
    private static Expr MetPt => F(new SingletonRef(Obj("MET"), At, "MET"), "MET", "pt");

    /// <summary>Q1: MET of every event.</summary>
    public static AnalysisModel Q1 => new("q1", "MET of all events", "q1.hep", "Events",
        Create(new BranchModel("MET_pt", ElementType.Float32, BranchShape.Scalar, 1, "MET", "pt")),
        Create<CollectionModel>(Met),
        Create<Statement>(new M.Histogram1D(At, "met", "MET of all events", Regular(100, 0, 200, "MET [GeV]"), "", null, MetPt)));

    /// <summary>Q5: MET of events with an opposite-charge muon pair of mass in (60, 120).</summary>
    public static AnalysisModel Q5
    {
        get
        {
            var muon = Objects("Muon", "nMuon", PtEtaPhiM,
                Stored("pt", "Muon_pt", ElementType.Float32), Stored("eta", "Muon_eta", ElementType.Float32),
                Stored("phi", "Muon_phi", ElementType.Float32), Stored("mass", "Muon_mass", ElementType.Float32),
                Stored("charge", "Muon_charge", ElementType.Int32));
            Expr a = Var("a", "Muon"), b = Var("b", "Muon");
            var opposite = new Comparison(HepType.Bool, At, Create(F(a, "Muon", "charge", HepType.Int), F(b, "Muon", "charge", HepType.Int)), Create(CompareOp.NotEqual));
            var window = new Comparison(HepType.Bool, At, Create(Num(60), Call(Builtin.Mass, HepType.Float, Add(P4(a), P4(b))), Num(120)), Create(CompareOp.Less, CompareOp.Less));
            var pair = new Quantifier(HepType.Bool, At, QuantifierKind.Any,
                new Binder(Create(Bound("a", "Muon"), Bound("b", "Muon")), Distinct: true),
                new Binary(HepType.Bool, At, BinaryOp.And, opposite, window));
            return new AnalysisModel("q5", "", "q5.hep", "Events",
                Create(new BranchModel("MET_pt", ElementType.Float32, BranchShape.Scalar, 1, "MET", "pt"),
                    Jagged("Muon_charge", ElementType.Int32, "Muon", "charge"), Jagged("Muon_eta", ElementType.Float32, "Muon", "eta"),
                    Jagged("Muon_mass", ElementType.Float32, "Muon", "mass"), Jagged("Muon_phi", ElementType.Float32, "Muon", "phi"),
                    Jagged("Muon_pt", ElementType.Float32, "Muon", "pt"), Counter("nMuon", "Muon")),
                Create<CollectionModel>(Met, muon),
                Create<Statement>(
                    new Cut(At, "opposite-charge dimuon, 60 < m < 120", 0, pair),
                    new M.Histogram1D(At, "met", "MET", Regular(100, 0, 200, "MET [GeV]"), "", null, MetPt)));
        }
    }

    /// <summary>Q6: pT of the trijet closest to 172.5 GeV and the largest b-tag among its jets, for events with three jets or more.</summary>
    public static AnalysisModel Q6
    {
        get
        {
            var jet = Objects("Jet", "nJet", PtEtaPhiM,
                Stored("pt", "Jet_pt", ElementType.Float32), Stored("eta", "Jet_eta", ElementType.Float32),
                Stored("phi", "Jet_phi", ElementType.Float32), Stored("mass", "Jet_mass", ElementType.Float32),
                Stored("btag", "Jet_btagCSVV2", ElementType.Float32));
            var count = new Reduction(HepType.Int, At, ReductionKind.Count, new Binder(Create(Bound("j", "Jet")), false), null);
            var threeJets = new Comparison(HepType.Bool, At, Create<Expr>(count, new IntLiteral(HepType.Int, At, 3)), Create(CompareOp.GreaterOrEqual));
            Expr a = Var("a", "Jet"), b = Var("b", "Jet"), c = Var("c", "Jet");
            var slots = Create(new CombinationSlot("a", "Jet"), new CombinationSlot("b", "Jet"), new CombinationSlot("c", "Jet"));
            var comboType = new HepType(TypeKind.Combination, null, true, slots);
            var best = new Best(comboType, At, BestKind.ClosestTo,
                new Binder(Create(Bound("a", "Jet"), Bound("b", "Jet"), Bound("c", "Jet")), Distinct: true),
                Call(Builtin.Mass, HepType.Float, Add(Add(P4(a), P4(b)), P4(c))), Num(172.5));
            Expr top = new DefinitionRef(comboType, At, "top");
            Expr Slot(string s) => new SlotAccess(Obj("Jet") with { Optional = false }, At, top, s);
            var trijet = Add(Add(P4(Slot("a")), P4(Slot("b"))), P4(Slot("c")));
            var maxBtag = Call(Builtin.Max, HepType.Float, F(Slot("a"), "Jet", "btag"), F(Slot("b"), "Jet", "btag"), F(Slot("c"), "Jet", "btag"));
            return new AnalysisModel("q6", "", "q6.hep", "Events",
                Create(Jagged("Jet_btagCSVV2", ElementType.Float32, "Jet", "btag"), Jagged("Jet_eta", ElementType.Float32, "Jet", "eta"),
                    Jagged("Jet_mass", ElementType.Float32, "Jet", "mass"), Jagged("Jet_phi", ElementType.Float32, "Jet", "phi"),
                    Jagged("Jet_pt", ElementType.Float32, "Jet", "pt"), Counter("nJet", "Jet")),
                Create<CollectionModel>(jet),
                Create<Statement>(
                    new Cut(At, "at least 3 jets", 0, threeJets),
                    new Definition(At, "top", best),
                    new M.Histogram1D(At, "trijet_pt", "pT of the trijet closest to the top mass", Regular(100, 0, 300, "pT [GeV]"), "", null, Call(Builtin.Pt, HepType.Float, trijet)),
                    new M.Histogram1D(At, "trijet_maxbtag", "max b-tag of that trijet", Regular(100, 0, 1, "b-tag"), "", null, maxBtag),
                    new AggregateStatement(At, "mean_trijet_mass", M.AggregateKind.Mean, null, Call(Builtin.Mass, HepType.Float, trijet))));
        }
    }
}
