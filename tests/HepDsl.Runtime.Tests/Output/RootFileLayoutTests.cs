using System.Buffers.Binary;
using System.Diagnostics;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Streamed;
using HepDsl.Runtime.Tests.Results;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Runtime.Tests.Output;

/// <summary>The written file's layout, read with HepDsl's own ROOT reader and compared with ROOT-written files.</summary>
public class RootFileLayoutTests
{
    private static string WriteSample(bool weighted, bool compress = true)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hepdsl-layout-{Guid.NewGuid():N}.root");
        RootHistogramWriter.Write(path, SampleResults.Fill(0, 1000, weighted).Histograms, compress);
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReaderSeesKeysDirectoryAndEveryStreamedClass(bool compress)
    {
        var path = WriteSample(weighted: true, compress);
        try
        {
            using var file = RootFile.Open(path);
            var expected = SampleResults.Book().Histograms;
            Assert.Equal(expected.Select(h => (h.Name, h.Title, h is Runtime.Histograms.Histogram2D ? "TH2D" : "TH1D", (short)1)),
                file.Keys.Select(k => (k.Name, k.Title, k.ClassName, k.Cycle)));
            var infos = file.ReadStreamerInfos();
            // The classes a TH1D/TH2D file must describe (docs/root-format.md, "Writing histograms").
            string[] needed = ["TH1D", "TH2D", "TH2", "TH1", "TNamed", "TObject", "TAttLine", "TAttFill", "TAttMarker", "TAxis", "TAttAxis",
                               "TList", "TCollection", "TSeqCollection", "THashList", "TObjString", "TString"];
            Assert.Equal(needed.Order(), infos.Keys.Order());
            Assert.Equal((3, 4, 8, 5, 10), (infos["TH1D"].ClassVersion, infos["TH2D"].ClassVersion, infos["TH1"].ClassVersion, infos["TH2"].ClassVersion, infos["TAxis"].ClassVersion));
            foreach (var key in file.Keys)
            {
                Assert.Equal(compress, key.IsCompressed);
                Assert.Equal(key.ObjectLength, file.ReadObject(key).Length);
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void KeysDirectoryAndStreamerInfosMatchTheRootWrittenHistogramsFile()
    {
        // uproot-histograms.root: three TH1F written by ROOT 6.08, uncompressed, so compare with an uncompressed write.
        var path = WriteSample(weighted: true, compress: false);
        try
        {
            using var ours = RootFile.Open(path);
            using var root = RootFile.Open(RepoPaths.Data("uproot-histograms.root"));
            Assert.Equal(["one", "two", "three"], root.Keys.Select(k => k.Name));
            Assert.Equal(SampleResults.Book().Histograms.Select(h => h.Title), ours.Keys.Select(k => k.Title));
            foreach (var file in new[] { ours, root })
            {
                Assert.Equal((100, 4), (file.Header.Begin, file.Header.Units));
                // One top directory holding every histogram: no subdirectories, cycle 1, parent = the top directory,
                // objects stored whole (uncompressed) in writing order.
                Assert.All(file.Keys, k =>
                {
                    Assert.Equal(("", (short)1, 100L, false, false), (k.Path, k.Cycle, k.SeekParentDirectory, k.IsDirectory, k.IsCompressed));
                    Assert.Equal(k.Nbytes - k.KeyLength, k.ObjectLength);
                    Assert.True(k.SeekKey > file.Header.Begin + file.Header.NbytesName && k.SeekKey < file.Header.SeekInfo, $"{k.Name} lies between the directory and the streamer infos");
                });
                Assert.Equal(file.Keys.Select(k => k.SeekKey).Order(), file.Keys.Select(k => k.SeekKey));
                for (var i = 1; i < file.Keys.Count; i++) Assert.Equal(file.Keys[i - 1].SeekKey + file.Keys[i - 1].Nbytes, file.Keys[i].SeekKey);
            }
            Assert.All(root.Keys, k => Assert.Equal("TH1F", k.ClassName));
            Assert.Equal(["TH1D", "TH1D", "TH2D", "TH1D"], ours.Keys.Select(k => k.ClassName));

            var mine = ours.ReadStreamerInfos();
            var theirs = root.ReadStreamerInfos();
            static string[] Elements(StreamerInfo i) => i.Elements.Select(e => $"{e.Kind} {e.Name} {e.Type} {e.TypeName}").ToArray();
            // Every class both files describe, TH1 aside, is the same version with the same members and checksum.
            string[] same = ["TAttAxis", "TAttFill", "TAttLine", "TAttMarker", "TAxis", "TCollection", "THashList", "TList", "TNamed", "TObject", "TSeqCollection", "TString"];
            Assert.Equal(same.Append("TH1").Append("TH1F").Order(), theirs.Keys.Order());
            foreach (var name in same)
            {
                Assert.Equal((theirs[name].ClassVersion, theirs[name].CheckSum), (mine[name].ClassVersion, mine[name].CheckSum));
                Assert.Equal(Elements(theirs[name]), Elements(mine[name]));
            }
            // ROOT 6.08 wrote TH1 version 7; version 8 (ROOT >= 6.18, what we write) only appends fStatOverflows.
            Assert.Equal((7, 8), (theirs["TH1"].ClassVersion, mine["TH1"].ClassVersion));
            Assert.Equal([.. Elements(theirs["TH1"]), "TStreamerBasicType fStatOverflows 3 TH1::EStatOverflows"], Elements(mine["TH1"]));
            // TH1F and TH1D are the same shape: TH1 and the bin array as bases.
            Assert.Equal(["TStreamerBase TH1 0 BASE", "TStreamerBase TArrayF 0 BASE"], Elements(theirs["TH1F"]));
            Assert.Equal(["TStreamerBase TH1 0 BASE", "TStreamerBase TArrayD 0 BASE"], Elements(mine["TH1D"]));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void HeaderAndTrailingRecordsFollowRootsLayout()
    {
        var path = WriteSample(weighted: false);
        try
        {
            var ours = File.ReadAllBytes(path);
            // Two ROOT-written files: uproot-histograms.root (ROOT 6.08, three TH1F) and uproot-issue-722.root (6.24, a TH1D).
            var histograms = File.ReadAllBytes(RepoPaths.Data("uproot-histograms.root"));
            var root = File.ReadAllBytes(RepoPaths.Data("uproot-issue-722.root"));
            foreach (var bytes in new[] { ours, histograms, root })
            {
                Assert.Equal("root"u8.ToArray(), bytes[..4]);
                int I32(int at) => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
                Assert.Equal(100, I32(8));                      // fBEGIN
                Assert.Equal(bytes.Length, I32(12));            // fEND is the file size
                Assert.Equal(bytes.Length, I32(16) + I32(20));  // the free-segments record is last
                Assert.Equal(1, I32(24));                       // one free segment
                var seekInfo = I32(37);
                Assert.Equal(I32(41), I32(seekInfo));           // fNbytesInfo matches the key's fNbytes
                Assert.Equal(64, BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(seekInfo + 14)));  // key length
                // Free segment: first free byte is fEND, the last ROOT's 2e9.
                Assert.Equal(bytes.Length, I32(bytes.Length - 8));
                Assert.Equal(2_000_000_000, I32(bytes.Length - 4));
                // The directory record points to the key list, whose key sits where it says.
                var fileKeyLength = BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(100 + 14));
                var nbytesName = I32(28);
                var directory = 100 + nbytesName;
                Assert.Equal(nbytesName, I32(directory + 2 + 4 + 4 + 4));
                Assert.Equal(100, I32(directory + 2 + 4 + 4 + 4 + 4));
                var seekKeys = I32(directory + 2 + 4 + 4 + 4 + 4 + 4 + 4);
                Assert.Equal(I32(directory + 2 + 4 + 4), I32(seekKeys));
                Assert.Equal(seekKeys, I32(seekKeys + 18));
                Assert.True(fileKeyLength > 18);
                // Records in ROOT's order: objects, then the streamer infos, the key list, the free segments last.
                Assert.True(seekInfo < seekKeys && seekKeys < I32(16), "streamer infos, then keys, then free segments");
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task EmbeddedStreamerInfosAreWhatTheGeneratorScriptProduces()
    {
        // The records are generated from ROOT-written files by scripts/make-streamer-infos.py; rerunning it must reproduce them.
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Scripts, "make-streamer-infos.py"));
        info.ArgumentList.Add(RepoPaths.DataFolder);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 is needed to regenerate the streamer infos");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, stderr);
        var committed = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "HepDsl.Runtime", "Root", "Streamed", "StreamerInfoRecords.cs"));
        Assert.Equal(committed.ReplaceLineEndings(), (await stdout).ReplaceLineEndings());
    }
}
