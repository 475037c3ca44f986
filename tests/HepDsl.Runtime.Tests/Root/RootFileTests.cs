using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

public class RootFileTests
{
    [Fact]
    public void ReadsHeaderKeysAndTreeNames()
    {
        using var file = RootFile.Open(TestFiles.Path("uproot-Zmumu.root"));
        Assert.Equal(60804, file.Version);
        Assert.False(file.Header.IsLarge);
        Assert.Equal(100, file.Header.Begin);
        var key = Assert.Single(file.Keys);
        Assert.Equal(("events", "TTree", (short)1), (key.Name, key.ClassName, key.Cycle));
        Assert.Equal(["events"], file.TreeNames);
    }

    [Fact]
    public void WalksNestedDirectories()
    {
        using var file = RootFile.Open(TestFiles.Path("uproot-nesteddirs.root"));
        Assert.Equal(["one/tree", "one/two/tree", "three/tree"], file.TreeNames.Order());
        Assert.Contains(file.Keys, k => k.FullName == "one/two" && k.IsDirectory);
        using var tree = file.OpenTree("one/two/tree");
        Assert.Equal(100, tree.Entries);
        using var top = file.OpenTree("/one/tree");
        Assert.Equal(4, top.Entries);
    }

    [Fact]
    public void HighestCycleIsCurrent()
    {
        using var file = RootFile.Open(TestFiles.Path("uproot-issue31.root"));
        Assert.Equal([(short)2, (short)1], file.Keys.Where(k => k.Name == "T").Select(k => k.Cycle));
        Assert.Equal(["T"], file.TreeNames);
        Assert.Equal(2, file.FindKey("T").Cycle);
        Assert.Equal(1, file.FindKey("T;1").Cycle);
        using var current = file.OpenTree("T");
        using var older = file.OpenTree("T;1");
        Assert.Equal(5, current.Entries);
        Assert.True(older.Entries <= current.Entries);
    }

    [Fact]
    public void OpeningAnRNTupleAsTTreeSaysWhatItIs()
    {
        using var file = RootFile.Open(TestFiles.Path("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root"));
        Assert.Empty(file.TreeNames);
        var e = Assert.Throws<HepDataException>(() => file.OpenTree("Events"));
        Assert.Contains("is an RNTuple (ROOT::RNTuple), not a TTree", e.Message);
        Assert.Contains("Run2012BC_DoubleMuParked", e.Message);
    }

    [Fact]
    public void MissingTreeNamesTheFileAndItsContent()
    {
        using var file = RootFile.Open(TestFiles.Path("uproot-Zmumu.root"));
        var e = Assert.Throws<HepDataException>(() => file.OpenTree("Events"));
        Assert.Contains("uproot-Zmumu.root", e.Message);
        Assert.Contains("events", e.Message);
    }

    [Fact]
    public void HistogramIsNotATree()
    {
        using var file = RootFile.Open(TestFiles.Path("uproot-histograms.root"));
        var e = Assert.Throws<HepDataException>(() => file.OpenTree("one"));
        Assert.Contains("TH1F", e.Message);
    }

    [Fact]
    public void NotARootFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"reader-not-root-{Guid.NewGuid():N}.root");
        File.WriteAllBytes(path, new byte[200]);
        try
        {
            var e = Assert.Throws<HepDataException>(() => RootFile.Open(path));
            Assert.Contains("not a ROOT file", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ATextFileStartingWithRootIsNotARootFileAndNoneOfItsBytesAreQuoted()
    {
        // /etc/passwd starts with "root": the magic alone let its next bytes be decoded as the header's fields and
        // quoted back in "header says the file is N bytes long".
        var text = System.Text.Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        string path = Path.Combine(Path.GetTempPath(), $"reader-passwd-{Guid.NewGuid():N}.root");
        File.WriteAllBytes(path, text);
        try
        {
            var e = Assert.Throws<HepDataException>(() => RootFile.Open(path));
            Assert.Equal($"{path}: not a ROOT file (no ROOT file header at offset 0)", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task LocalFileSourceReadsRangesAndRefusesPastTheEnd()
    {
        using var source = new LocalFileSource(TestFiles.Path("uproot-simple.root"));
        var bytes = new byte[4];
        await source.ReadAsync(0, bytes);
        Assert.Equal("root"u8.ToArray(), bytes);
        var many = await source.ReadManyAsync([(0, 4), (1, 3)]);
        Assert.Equal("oot"u8.ToArray(), many[1].ToArray());
        Assert.Equal(11, source.BytesRead);
        await Assert.ThrowsAsync<HepDataException>(async () => await source.ReadAsync(source.Length - 2, new byte[4]));
    }
}
