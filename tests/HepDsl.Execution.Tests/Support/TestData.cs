namespace HepDsl.Execution.Tests.Support;

internal static class TestData
{
    public static string NanoAod => RepoPaths.SharedRootFile("nanoAOD_2015_CMS_Open_Data_ttbar.root");
    public static string Zmumu => RepoPaths.SharedRootFile("uproot-Zmumu.root");
    public static string Hzz => RepoPaths.SharedRootFile("uproot-HZZ.root");
    /// <summary>RNTuple: 1000 events of CMS 2012 DoubleMuParked (nMuon, Muon_pt/eta/phi/mass/charge), ROOT's dimuon tutorial data.</summary>
    /// <summary>RNTuple: the first 10 events of an AGC ttbar NanoAOD imported by RNTupleImporter (not the TTree NanoAOD's events).</summary>
    public static string NanoAodRNTuple => RepoPaths.SharedRootFile("cmsopendata2015_ttbar_19980_NANOAOD_RNTupleImporter_rntuple_v1-0-0-1.root");
    public static string DimuonRNTuple => RepoPaths.SharedRootFile("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root");
}
