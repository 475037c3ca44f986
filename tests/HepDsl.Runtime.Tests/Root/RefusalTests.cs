using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>What cannot be read fails with a message naming the file, the branch and what is wrong.</summary>
public class RefusalTests
{
    [Fact]
    public void MissingBranchSuggestsCloseNames()
    {
        using var tree = TreeSource.Open(TestFiles.Path("nanoAOD_2015_CMS_Open_Data_ttbar.root"), "Events");
        var e = Assert.Throws<HepDataException>(() => tree.Column<float>("Jet_Pt"));
        Assert.Contains("nanoAOD_2015_CMS_Open_Data_ttbar.root", e.Message);
        Assert.Contains("'Jet_Pt'", e.Message);
        Assert.Contains("did you mean 'Jet_pt'", e.Message);
    }

    [Fact]
    public void WrongTypeSaysWhatTheBranchHolds()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-HZZ.root"), "events");
        var e = Assert.Throws<HepDataException>(() => tree.Column<double>("Muon_Px"));
        Assert.Contains("Muon_Px", e.Message);
        Assert.Contains("Float_t", e.Message);
        Assert.Contains("Single", e.Message);
        Assert.Throws<HepDataException>(() => tree.Column<uint>("NMuon"));
    }

    [Fact]
    public void StringBranchNeedsTheStringApi()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-Zmumu.root"), "events");
        var e = Assert.Throws<HepDataException>(() => tree.Column<byte>("Type"));
        Assert.Contains("ReadStrings", e.Message);
        Assert.Throws<HepDataException>(() => tree.ReadStrings("M", 0, 1, []));
    }

    [Fact]
    public void ObjectBranchesAreListedButRefused()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-mc10events.root"), "Events");
        Assert.Equal(10, tree.Entries);
        var info = tree.Branches.Single(b => b.Name == "Info");
        Assert.Null(info.Column);
        Assert.Contains("baconhep::TEventInfo", info.UnsupportedReason);
        var e = Assert.Throws<HepDataException>(() => tree.Column<float>("Info"));
        Assert.Contains("'Info'", e.Message);
        Assert.Contains("baconhep::TEventInfo", e.Message);
        Assert.Contains("uproot-mc10events.root", e.Message);
        var bits = tree.Branches.Single(b => b.Name == "triggerBits");
        Assert.Null(bits.Column);
        Assert.Throws<HepDataException>(() => tree.Column<uint>("triggerBits"));
    }

    [Fact]
    public void EntriesOutsideTheTreeAreRefused()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-simple.root"), "tree");
        var column = tree.Columns[0];
        var e = Assert.Throws<HepDataException>(() => tree.ReadAsDoubles(column.Name, 2, 5, [], []));
        Assert.Contains("outside", e.Message);
        Assert.Throws<HepDataException>(() => tree.ReadAsDoubles(column.Name, -1, 1, [], []));
    }
}
