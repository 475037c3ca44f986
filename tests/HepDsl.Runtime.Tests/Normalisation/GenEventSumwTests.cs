using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Datasets;
using HepDsl.Runtime.RNTuple.Writing;
using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Runtime.Tests.Normalisation;

/// <summary>
/// The normalisation N of a sample with nothing given: the sum of <c>Runs/genEventSumw</c> over its files, read from
/// real ROOT files (NanoAOD's Runs tree: one entry per run, a Double_t per entry).
/// </summary>
public sealed class GenEventSumwTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hep-genEventSumw-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A Runs tree in clusters of the given sizes; with <paramref name="sumw"/> false it lacks genEventSumw.</summary>
    private string WriteRuns(string name, bool sumw, params double[][] clusters)
    {
        var path = Path.Combine(_folder, name);
        var branches = new List<TreeBranch> { TreeBranch.Scalar("genEventCount", ColumnType.Int64) };
        if (sumw) branches.Add(TreeBranch.Scalar("genEventSumw", ColumnType.Float64));
        using var writer = new TreeWriter(path, "Runs", branches);
        foreach (var values in clusters)
        {
            var chunk = new TreeChunk(values.Length).Set("genEventCount", values.Select(v => (long)Math.Round(Math.Abs(v))).ToArray());
            if (sumw) chunk.Set("genEventSumw", values);
            writer.WriteCluster(chunk);
        }
        writer.Close();
        return path;
    }

    /// <summary>
    /// A NanoAOD file written as RNTuple: Events (nJet) and a Runs RNTuple of one cluster; <paramref name="runs"/> is
    /// "sumw", "no field" (only genEventCount) or "none" (no Runs at all).
    /// </summary>
    private string WriteNTuples(string name, string runs, params double[] sumw)
    {
        var path = Path.Combine(_folder, name);
        using var writer = new NTupleWriter(path, "Events", [TreeBranch.Scalar("nJet", ColumnType.UInt32)]);
        writer.WriteCluster(new TreeChunk(4).Set("nJet", new uint[] { 0, 3, 1, 2 }));
        var run = Enumerable.Range(1, sumw.Length).Select(r => (uint)r).ToArray();
        if (runs == "sumw")
            writer.WriteNTuple("Runs", [TreeBranch.Scalar("run", ColumnType.UInt32), TreeBranch.Scalar("genEventSumw", ColumnType.Float64)],
                new TreeChunk(sumw.Length).Set("run", run).Set("genEventSumw", sumw));
        else if (runs == "no field")
            writer.WriteNTuple("Runs", [TreeBranch.Scalar("run", ColumnType.UInt32), TreeBranch.Scalar("genEventCount", ColumnType.Int64)],
                new TreeChunk(sumw.Length).Set("run", run).Set("genEventCount", sumw.Select(w => (long)w).ToArray()));
        writer.Close();
        return path;
    }

    [Fact]
    public void A_Runs_RNTuple_counts_as_a_Runs_tree_alone_and_beside_TTree_files()
    {
        // NanoAOD converted to RNTuple has Runs as an RNTuple: its genEventSumw must be N, not the entries read.
        var ntuple = WriteNTuples("nt.root", "sumw", 2.5e5, -1.25e4, 7.0e5);
        var tree = WriteRuns("tree.root", true, [1.5e6], [3.0e5]);
        Assert.Equal(2.5e5 - 1.25e4 + 7.0e5, SampleNormalisation.GenEventSumw(ntuple));
        var n = SampleNormalisation.Of("s", Nothing(ntuple), [ntuple], entriesRead: 4);
        Assert.Equal(2.5e5 - 1.25e4 + 7.0e5, n.Value);
        Assert.Equal("sum of genEventSumw in Runs", n.Source);
        var both = SampleNormalisation.Of("s", Nothing(ntuple, tree), [ntuple, tree], entriesRead: 5);
        Assert.Equal(2.5e5 - 1.25e4 + 7.0e5 + 1.5e6 + 3.0e5, both.Value);
    }

    [Theory]
    [InlineData("none", "the file has no Runs tree (trees: Events)")]
    [InlineData("no field", "its Runs RNTuple has no genEventSumw field (fields: run, genEventCount)")]
    public void A_Runs_RNTuple_without_genEventSumw_is_refused_like_a_tree(string runs, string why)
    {
        var with = WriteNTuples("with.root", "sumw", 1.0e6);
        var without = WriteNTuples("without.root", runs, 5, 6);
        var asked = new SampleFiles([with, without], NormalisationKind.GenEventSumw, null);
        var e = Assert.Throws<HepDataException>(() => SampleNormalisation.Of("s", asked, [with, without], entriesRead: 0));
        Assert.StartsWith($"{without}: sample 's' asks for \"normalisation\": \"genEventSumw\", but {why}", e.Message);
        e = Assert.Throws<HepDataException>(() => SampleNormalisation.Of("s", Nothing(with, without), [with, without], entriesRead: 8));
        Assert.StartsWith($"{without}: sample 's': {why}, but {with} has one", e.Message);
        var alone = SampleNormalisation.Of("s", Nothing(without), [without], entriesRead: 8);
        Assert.Equal(("entries read", 8.0), (alone.Source, alone.Value));
    }

    private static SampleFiles Nothing(params string[] files) => new(files, NormalisationKind.Automatic, null);

    [Fact]
    public void The_sum_runs_over_every_entry_of_every_cluster_of_every_file()
    {
        var a = WriteRuns("a.root", true, [1.5e6, -2.5e5], [3.25e5]);
        var b = WriteRuns("b.root", true, [4.0e6]);
        var n = SampleNormalisation.Of("s", Nothing(a, b), [a, b], entriesRead: 10);
        Assert.Equal(1.5e6 - 2.5e5 + 3.25e5 + 4.0e6, n.Value);
        Assert.Equal("sum of genEventSumw in Runs", n.Source);
    }

    [Fact]
    public void Files_of_one_sample_with_and_without_genEventSumw_are_refused_in_either_order()
    {
        // Mixing would silently drop the genEventSumw of the files that have it and divide by the entries read (a
        // normalisation off by the generator weight scale, here ~1e6): the sample must be normalised one way.
        var with = WriteRuns("with.root", true, [2.0e6]);
        var without = WriteRuns("without.root", false, [7]);
        foreach (var files in new[] { new[] { with, without }, [without, with] })
        {
            var error = Assert.Throws<HepDataException>(() => SampleNormalisation.Of("s", Nothing(files), files, entriesRead: 2));
            Assert.Contains(without, error.Message);
            Assert.Contains(with, error.Message);
            Assert.Contains("genEventSumw", error.Message);
        }
    }

    [Fact]
    public void Without_any_Runs_sum_the_entries_read_are_N()
    {
        var without = WriteRuns("none.root", false, [7, 8]);
        var n = SampleNormalisation.Of("s", Nothing(without), [without], entriesRead: 42);
        Assert.Equal(42, n.Value);
        Assert.Equal("entries read", n.Source);
    }
}
