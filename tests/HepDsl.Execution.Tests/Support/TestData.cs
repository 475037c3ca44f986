namespace HepDsl.Execution.Tests.Support;

internal static class TestData
{
    public static string NanoAod => RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root");
    public static string Zmumu => RepoPaths.Data("uproot-Zmumu.root");
    public static string Hzz => RepoPaths.Data("uproot-HZZ.root");
    /// <summary>RNTuple: the first 10 events of an AGC ttbar NanoAOD imported by RNTupleImporter (not the TTree NanoAOD's events).</summary>
    public static string NanoAodRNTuple => RepoPaths.Data("cmsopendata2015_ttbar_19980_NANOAOD_RNTupleImporter_rntuple_v1-0-0-1.root");
    /// <summary>RNTuple: 1000 events of CMS 2012 DoubleMuParked (nMuon, Muon_pt/eta/phi/mass/charge), ROOT's dimuon tutorial data.</summary>
    public static string DimuonRNTuple => RepoPaths.Data("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root");
}
