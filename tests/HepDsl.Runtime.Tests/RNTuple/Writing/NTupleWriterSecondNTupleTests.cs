using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.RNTuple.Writing;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Runtime.Tests.RNTuple.Writing;

/// <summary>
/// A file with a NanoAOD-like <c>Events</c> RNTuple and a <c>Runs</c> RNTuple beside it
/// (<see cref="NTupleWriter.WriteNTuple"/>, here written between two clusters of Events): both read back by HepDsl's
/// RNTuple reader (envelope and page checksums verified), value for value as written.
/// </summary>
public sealed class NTupleWriterSecondNTupleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hep-ntuple-writer-runs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly double[] Sumw = [1234.5, 0.25, 98765.125];
    private static readonly uint[] RunNumbers = [1, 2, 7];

    private string Write()
    {
        var path = Path.Combine(_folder, "events-and-runs.root");
        using var writer = new NTupleWriter(path, "Events", [TreeBranch.Scalar("nJet", ColumnType.UInt32), TreeBranch.Jagged("Jet_pt", ColumnType.Float32, "nJet")]);
        for (var cluster = 0; cluster < 2; cluster++)
        {
            writer.WriteCluster(new TreeChunk(3)
                .Set("nJet", new uint[] { 0, 2, 1 })
                .SetJagged("Jet_pt", new float[][] { [], [10f + cluster, 20f], [30f] }));
            if (cluster == 0)
                writer.WriteNTuple("Runs", [TreeBranch.Scalar("run", ColumnType.UInt32), TreeBranch.Scalar("genEventSumw", ColumnType.Float64)],
                    new TreeChunk(3).Set("run", RunNumbers).Set("genEventSumw", Sumw));
        }
        writer.Close();
        Assert.Equal(new FileInfo(path).Length, writer.Length);
        return path;
    }

    [Fact]
    public void HepDsl_reads_both_ntuples()
    {
        var path = Write();
        using (var file = RootFile.Open(path))
        {
            Assert.Equal(["Events", "Runs"], file.Keys.Where(k => k.IsRNTuple).Select(k => k.Name).Order());
            Assert.True(EventSources.NamesRNTuple(file, "Runs"));
        }
        using (var events = NTupleSource.Open(path, "Events"))
        {
            Assert.Equal(6, events.Entries);
            Assert.Equal(2, events.Clusters.Count);
            var pt = new ColumnBuffer<float>();
            events.Column<float>("Jet_pt").Read(0, 6, pt);
            Assert.Equal([11f, 20f], pt.Entry(4).ToArray());
            Assert.Equal([30f], pt.Entry(5).ToArray());
        }
        using var runs = NTupleSource.Open(path, "Runs");
        Assert.Equal(3, runs.Entries);
        var sumw = new ColumnBuffer<double>();
        runs.Column<double>("genEventSumw").Read(0, 3, sumw);
        Assert.Equal(Sumw, sumw.Values[..3]);
        var run = new ColumnBuffer<uint>();
        runs.Column<uint>("run").Read(0, 3, run);
        Assert.Equal(RunNumbers, run.Values[..3]);
    }

    [Fact]
    public void A_second_ntuple_of_an_existing_name_is_refused()
    {
        using var writer = new NTupleWriter(Path.Combine(_folder, "twice.root"), "Events", [TreeBranch.Scalar("x", ColumnType.Int32)]);
        var e = Assert.Throws<ArgumentException>(() => writer.WriteNTuple("Events", [TreeBranch.Scalar("y", ColumnType.Int32)], new TreeChunk(1).Set("y", new[] { 1 })));
        Assert.Contains("already has an RNTuple named 'Events'", e.Message);
    }
}
