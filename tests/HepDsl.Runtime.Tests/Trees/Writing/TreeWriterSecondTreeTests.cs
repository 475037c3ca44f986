using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees.Writing;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Trees.Writing;

/// <summary>
/// A file with a NanoAOD-like <c>Events</c> tree and a <c>Runs</c> tree beside it (<see cref="TreeWriter.WriteTree"/>):
/// both trees read back by HepDsl and by JSROOT, value for value.
/// </summary>
public sealed class TreeWriterSecondTreeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hep-tree-writer-runs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly double[] Sumw = [1234.5, 0.25, 98765.125];
    private static readonly uint[] RunNumbers = [1, 2, 7];

    private string Write()
    {
        var path = Path.Combine(_folder, "events-and-runs.root");
        using var writer = new TreeWriter(path, "Events", [TreeBranch.Scalar("nJet", ColumnType.UInt32), TreeBranch.Jagged("Jet_pt", ColumnType.Float32, "nJet")]);
        for (var cluster = 0; cluster < 2; cluster++)
            writer.WriteCluster(new TreeChunk(3)
                .Set("nJet", new uint[] { 0, 2, 1 })
                .SetJagged("Jet_pt", new float[][] { [], [10f + cluster, 20f], [30f] }));
        writer.WriteTree("Runs", [TreeBranch.Scalar("run", ColumnType.UInt32), TreeBranch.Scalar("genEventSumw", ColumnType.Float64)],
            new TreeChunk(3).Set("run", RunNumbers).Set("genEventSumw", Sumw));
        writer.Close();
        return path;
    }

    [Fact]
    public void HepDsl_reads_both_trees()
    {
        var path = Write();
        using (var file = RootFile.Open(path)) Assert.Equal(["Events", "Runs"], file.TreeNames);
        using (var events = TreeSource.Open(path, "Events"))
        {
            Assert.Equal(6, events.Entries);
            var pt = new ColumnBuffer<float>();
            events.Column<float>("Jet_pt").Read(0, 6, pt);
            Assert.Equal([11f, 20f], pt.Entry(4).ToArray());
        }
        using var runs = TreeSource.Open(path, "Runs");
        Assert.Equal(3, runs.Entries);
        var sumw = new ColumnBuffer<double>();
        runs.Column<double>("genEventSumw").Read(0, 3, sumw);
        Assert.Equal(Sumw, sumw.Values[..3]);
        Assert.Equal(Sumw.Sum(), Datasets.SampleNormalisation.GenEventSumw(path));
    }

    [Fact]
    public void Jsroot_reads_both_trees()
    {
        var path = Write();
        var runs = JsrootDump.Read(path, "Runs");
        Assert.True(runs["genEventSumw"].Error is null, runs["genEventSumw"].Error);
        Assert.Equal(Sumw, runs["genEventSumw"].Values!.Select(v => v.GetDouble()));
        Assert.Equal(RunNumbers.Select(r => (double)r), runs["run"].Values!.Select(v => v.GetDouble()));
        var events = JsrootDump.Read(path, "Events");
        Assert.Equal([0.0, 2, 1, 0, 2, 1], events["nJet"].Values!.Select(v => v.GetDouble()));
        Assert.Equal([11.0, 20.0], events["Jet_pt"].Values![4].EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void A_second_tree_of_the_same_name_is_refused()
    {
        using var writer = new TreeWriter(Path.Combine(_folder, "twice.root"), "Events", [TreeBranch.Scalar("x", ColumnType.Int32)]);
        var e = Assert.Throws<ArgumentException>(() => writer.WriteTree("Events", [TreeBranch.Scalar("y", ColumnType.Int32)], new TreeChunk(1).Set("y", new[] { 1 })));
        Assert.Contains("already has a tree named 'Events'", e.Message);
    }
}
