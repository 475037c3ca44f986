using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;

namespace HepDsl.Bench.Dataset;

/// <summary>One branch of the source events, in memory: its values flat, and per-entry starts for jagged ones.</summary>
internal sealed record SourceColumn(string Name, ColumnType Type, string? Counter, Array Values);

/// <summary>
/// The branches of the real CMS NanoAOD file that the dataset keeps, read with HepDsl's reader: every branch the ADL
/// queries and <c>use nanoaod</c> analyses commonly touch, plus a realistic mix of ids, flags and isolation
/// variables (Float_t, Int_t, UChar_t, Bool_t, UInt_t counters, a ULong64_t event number), in the file's own types.
/// <para>
/// Also the Z→μμ admixture: the muon pairs of the real dimuon events of <c>uproot-Zmumu.root</c> (tree
/// <c>events</c>), appended to the <c>Muon_*</c> arrays after the real muons (from <see cref="DimuonStart"/>, two per
/// dimuon event, in the file's order): pt, eta, phi and charge are the dimuon event's, the mass is the muon's
/// (<see cref="MuonMass"/>), every other <c>Muon_*</c> field is copied from a real prompt isolated muon of the NanoAOD
/// file (<see cref="IsDonor"/>), drawn once per appended muon from a fixed stream, so the appended values do not
/// depend on the dataset's seed.
/// </para>
/// </summary>
internal sealed class NanoAodSource
{
    public const string Tree = "Events";
    public const string DimuonTree = "events";
    /// <summary>The counter of the collection the dimuon pairs go into.</summary>
    public const string DimuonCounter = "nMuon";
    /// <summary>The muon mass in GeV (PDG), given to the admixed muons (the dimuon file has no per-muon mass).</summary>
    public const float MuonMass = 0.1056584f;
    /// <summary>Seeds the draw of the real muon whose non-kinematic fields each admixed muon copies.</summary>
    private const int DonorSeed = 23;

    /// <summary>Kept branches, in the real file's order (so counters come before their arrays).</summary>
    public static readonly string[] Branches =
    [
        "run", "luminosityBlock", "event", "genWeight",
        "nElectron", "Electron_pt", "Electron_eta", "Electron_phi", "Electron_mass", "Electron_charge", "Electron_cutBased",
        "Electron_pfRelIso03_all", "Electron_dxy", "Electron_dz", "Electron_convVeto", "Electron_lostHits",
        "nJet", "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Jet_btagCSVV2", "Jet_btagDeepB", "Jet_btagDeepFlavB", "Jet_qgl",
        "Jet_area", "Jet_jetId", "Jet_puId", "Jet_nConstituents",
        "MET_phi", "MET_pt", "MET_significance", "MET_sumEt",
        "nMuon", "Muon_dxy", "Muon_dz", "Muon_eta", "Muon_mass", "Muon_pfRelIso04_all", "Muon_phi", "Muon_pt", "Muon_charge",
        "Muon_nStations", "Muon_isGlobal", "Muon_looseId", "Muon_mediumId", "Muon_tightId", "Muon_pfIsoId",
        "nPhoton", "Photon_eta", "Photon_mass", "Photon_phi", "Photon_pt", "Photon_cutBased", "Photon_electronVeto",
        "fixedGridRhoFastjetAll",
        "nTau", "Tau_eta", "Tau_mass", "Tau_phi", "Tau_pt", "Tau_charge", "Tau_decayMode", "Tau_idAntiMu",
        "PV_z", "PV_npvs", "PV_npvsGood",
        "Jet_hadronFlavour", "Jet_partonFlavour",
        "Flag_goodVertices", "HLT_IsoMu22", "HLT_IsoMu27", "HLT_Ele27_WPLoose_Gsf",
    ];

    public NanoAodSource(string path, string dimuonPath)
    {
        Path = path;
        DimuonPath = dimuonPath;
        using var tree = TreeSource.Open(path, Tree);
        Entries = checked((int)tree.Entries);
        var byName = tree.Columns.ToDictionary(c => c.Name);
        foreach (var name in Branches)
        {
            var column = byName.GetValueOrDefault(name) ?? throw new InvalidOperationException($"{path}: no branch '{name}' to resample");
            if (column.Shape == ColumnShape.FixedArray) throw new InvalidOperationException($"{path}: '{name}' is a fixed array; the dataset keeps scalars and counted arrays");
            Columns.Add(new SourceColumn(name, column.Type, column.CounterBranch, Read(tree, column)));
        }
        foreach (var c in Columns.Where(c => c.Counter is not null))
            if (Columns.FindIndex(x => x.Name == c.Counter) is var at && (at < 0 || at > Columns.IndexOf(c)))
                throw new InvalidOperationException($"{path}: counter '{c.Counter}' of '{c.Name}' must be kept, and before it");
        // Entry starts of every counted collection, from its counter.
        foreach (var counter in Columns.Where(c => Columns.Any(x => x.Counter == c.Name)))
        {
            var starts = new int[Entries + 1];
            for (int i = 0; i < Entries; i++) starts[i + 1] = starts[i] + Convert.ToInt32(counter.Values.GetValue(i));
            Starts[counter.Name] = starts;
            if (counter.Type != ColumnType.UInt32)
                throw new InvalidOperationException($"{path}: counter '{counter.Name}' is {counter.Type}; the dataset writes UInt_t counters");
        }
        if (!Starts.TryGetValue(DimuonCounter, out var muonStarts))
            throw new InvalidOperationException($"{path}: no '{DimuonCounter}' collection for the dimuon admixture");
        DimuonStart = muonStarts[Entries];
        DimuonEvents = AppendDimuons(dimuonPath);
    }

    public string Path { get; }
    public int Entries { get; }
    /// <summary>The Z→μμ file whose muon pairs are admixed.</summary>
    public string DimuonPath { get; }
    /// <summary>How many dimuon events there are to draw from.</summary>
    public int DimuonEvents { get; }
    /// <summary>Where the admixed muons start in the flat <c>Muon_*</c> arrays: dimuon event j's muons are at
    /// DimuonStart + 2j and DimuonStart + 2j + 1 (after every real muon, so <see cref="Starts"/> are unchanged).</summary>
    public int DimuonStart { get; }
    public List<SourceColumn> Columns { get; } = [];
    /// <summary>Per counter branch: where each entry's objects start in the flat arrays (Entries + 1 values).</summary>
    public Dictionary<string, int[]> Starts { get; } = [];

    /// <summary>
    /// A real muon a Z muon may copy its non-kinematic fields from: a prompt, isolated global muon (global, relative
    /// isolation below 0.15, |dxy| &lt; 0.02 cm, |dz| &lt; 0.1 cm), as Z muons are. (The 2015 file's id flags are all
    /// false, so they cannot select.)
    /// </summary>
    private bool IsDonor(int muon) =>
        Muon<bool>("Muon_isGlobal")[muon] && Muon<float>("Muon_pfRelIso04_all")[muon] < 0.15f
        && Math.Abs(Muon<float>("Muon_dxy")[muon]) < 0.02f && Math.Abs(Muon<float>("Muon_dz")[muon]) < 0.1f;

    private T[] Muon<T>(string name) => (T[])Columns.First(c => c.Name == name).Values;

    /// <summary>Appends the dimuon events' muons to every Muon_* column; returns the number of dimuon events.</summary>
    private int AppendDimuons(string dimuonPath)
    {
        using var tree = TreeSource.Open(dimuonPath, DimuonTree);
        int events = checked((int)tree.Entries);
        double[] D(string name) => Read<double>(tree, name);
        var pt = (D("pt1"), D("pt2"));
        var eta = (D("eta1"), D("eta2"));
        var phi = (D("phi1"), D("phi2"));
        var charge = (Read<int>(tree, "Q1"), Read<int>(tree, "Q2"));
        var donors = Enumerable.Range(0, DimuonStart).Where(IsDonor).ToArray();
        if (donors.Length == 0) throw new InvalidOperationException($"{Path}: no prompt isolated muon to copy the admixed muons' other fields from");
        var donorRng = new Random(DonorSeed);
        var donorOf = new int[2 * events];
        for (int j = 0; j < donorOf.Length; j++) donorOf[j] = donors[donorRng.Next(donors.Length)];
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = Columns[c];
            if (column.Counter != DimuonCounter) continue;
            var values = Array.CreateInstance(column.Values.GetType().GetElementType()!, DimuonStart + 2 * events);
            Array.Copy(column.Values, values, DimuonStart);
            for (int j = 0; j < 2 * events; j++)
            {
                int e = j / 2;
                bool first = j % 2 == 0;
                object value = column.Name switch
                {
                    "Muon_pt" => (float)(first ? pt.Item1[e] : pt.Item2[e]),
                    "Muon_eta" => (float)(first ? eta.Item1[e] : eta.Item2[e]),
                    "Muon_phi" => (float)(first ? phi.Item1[e] : phi.Item2[e]),
                    "Muon_charge" => first ? charge.Item1[e] : charge.Item2[e],
                    "Muon_mass" => MuonMass,
                    _ => column.Values.GetValue(donorOf[j])!,
                };
                values.SetValue(value, DimuonStart + j);
            }
            Columns[c] = column with { Values = values };
        }
        return events;
    }

    private static Array Read(TreeSource tree, ColumnInfo column) => column.Type switch
    {
        ColumnType.Bool => Read<bool>(tree, column.Name),
        ColumnType.Int8 => Read<sbyte>(tree, column.Name),
        ColumnType.UInt8 => Read<byte>(tree, column.Name),
        ColumnType.Int16 => Read<short>(tree, column.Name),
        ColumnType.UInt16 => Read<ushort>(tree, column.Name),
        ColumnType.Int32 => Read<int>(tree, column.Name),
        ColumnType.UInt32 => Read<uint>(tree, column.Name),
        ColumnType.Int64 => Read<long>(tree, column.Name),
        ColumnType.UInt64 => Read<ulong>(tree, column.Name),
        ColumnType.Float32 => Read<float>(tree, column.Name),
        ColumnType.Float64 => Read<double>(tree, column.Name),
        _ => throw new InvalidOperationException($"'{column.Name}': {column.Type} branches are not resampled"),
    };

    private static T[] Read<T>(TreeSource tree, string name) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        tree.Column<T>(name).Read(0, (int)tree.Entries, buffer);
        return buffer.Span.ToArray();
    }
}
