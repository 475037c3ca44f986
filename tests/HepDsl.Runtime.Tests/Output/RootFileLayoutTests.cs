using System.Buffers.Binary;
using System.Diagnostics;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Root;
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
    public void HeaderAndTrailingRecordsFollowRootsLayout()
    {
        var path = WriteSample(weighted: false);
        try
        {
            var ours = File.ReadAllBytes(path);
            var root = File.ReadAllBytes(RepoPaths.Data("uproot-issue-722.root"));
            foreach (var bytes in new[] { ours, root })
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
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task EmbeddedStreamerInfosAreWhatTheGeneratorScriptProduces()
    {
        // The constant is generated from ROOT-written files by scripts/make-streamer-infos.py; rerunning it must reproduce it.
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Scripts, "make-streamer-infos.py"));
        info.ArgumentList.Add(RepoPaths.DataFolder);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 is needed to regenerate the streamer infos");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, stderr);
        var committed = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "HepDsl.Runtime", "Output", "Root", "RootStreamerInfos.cs"));
        Assert.Equal(committed.ReplaceLineEndings(), (await stdout).ReplaceLineEndings());
    }
}
