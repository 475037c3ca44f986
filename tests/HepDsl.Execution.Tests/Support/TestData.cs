namespace HepDsl.Execution.Tests.Support;

internal static class TestData
{
    public static string NanoAod => RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root");
    public static string Zmumu => RepoPaths.Data("uproot-Zmumu.root");
    public static string Hzz => RepoPaths.Data("uproot-HZZ.root");
}
