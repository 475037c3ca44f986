namespace HepDsl.Execution.Tests.Support;

internal static class TestData
{
    public static string NanoAod => RepoPaths.SharedRootFile("nanoAOD_2015_CMS_Open_Data_ttbar.root");
    public static string Zmumu => RepoPaths.SharedRootFile("uproot-Zmumu.root");
    public static string Hzz => RepoPaths.SharedRootFile("uproot-HZZ.root");
}
