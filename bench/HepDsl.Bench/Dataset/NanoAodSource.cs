using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;

namespace HepDsl.Bench.Dataset;

/// <summary>One branch of the source events, in memory: its values flat, and per-entry starts for jagged ones.</summary>
internal sealed record SourceColumn(string Name, ColumnType Type, string? Counter, Array Values);

/// <summary>
/// The branches of the real CMS NanoAOD file that the dataset keeps, read with HepDsl's reader: every branch the ADL
/// queries and <c>use nanoaod</c> analyses commonly touch, plus a realistic mix of ids, flags and isolation
/// variables (Float_t, Int_t, UChar_t, Bool_t, UInt_t counters, a ULong64_t event number), in the file's own types.
/// </summary>
internal sealed class NanoAodSource
{
    public const string Tree = "Events";

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

    public NanoAodSource(string path)
    {
        Path = path;
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
        }
    }

    public string Path { get; }
    public int Entries { get; }
    public List<SourceColumn> Columns { get; } = [];
    /// <summary>Per counter branch: where each entry's objects start in the flat arrays (Entries + 1 values).</summary>
    public Dictionary<string, int[]> Starts { get; } = [];

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
