using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.RNTuple;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// RNTuple inputs through the Lambda path unchanged: driver → Invoke API → emulator → host processes reading the
/// RNTuple from S3, merged, equal bit for bit to the local run over the same S3 objects. Partitions fall on cluster
/// boundaries when there are at least as many clusters as partitions (Partitioner); asked for more, clusters are cut
/// at entry boundaries and the result is still exact.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class NTupleLambdaTests(ServerlessFixture fixture)
{
    private const string Dimuon = "Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root";
    private const string Multicluster = "test_index_multicluster_rntuple_v1-0-0-0.root";

    [Fact]
    public async Task The_dimuon_sample_on_rntuple_copies_in_s3_equals_the_local_run_exactly()
    {
        var inputs = Enumerable.Range(0, 3)
            .Select(i => fixture.S3.Upload(ServerlessFixture.DataBucket, $"rntuple/{Guid.NewGuid():N}-{i}.root", File.ReadAllBytes(RepoPaths.Data(Dimuon))))
            .ToList();
        var dimuon = AnalysisAssemblies.FromText("dimuon", File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "dimuon.hep")));
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var outcome = await DistributedExecutor.RunAsync(dimuon.Bytes, dimuon.Analysis, inputs, fixture.Options(emulator, 3));
        var local = await fixture.RunLocallyAsync(dimuon.Analysis, 3, inputs);

        ServerlessFixture.AssertIdentical(local.Result, outcome.Run.Result);
        Assert.Equal(3000, outcome.Run.Entries);
        Assert.Equal(3000, outcome.Run.Result.Cutflow.Passed[0]);
        var h = Assert.Single(outcome.Run.Result.Histograms.OfType<Histogram1D>());
        Assert.True(h.Entries > 1000, $"{h.Entries} dimuon candidates: the comparison must be of a filled histogram");
        Assert.Equal(3, outcome.Run.Partitions.Count);
        Assert.Equal(3, outcome.Report.Invocations);
        Assert.Equal(0, outcome.Report.FailedAttempts);
        AssertOnClusterBoundaries(outcome.Run.Partitions, RepoPaths.Data(Dimuon), "Events");
    }

    [Fact]
    public async Task A_multicluster_rntuple_is_split_on_its_clusters_and_equals_the_local_run_and_the_known_values()
    {
        string input = fixture.S3.Upload(ServerlessFixture.DataBucket, $"rntuple/{Guid.NewGuid():N}.root", File.ReadAllBytes(RepoPaths.Data(Multicluster)));
        // The declarations are what `hep schema` prints for this file (the std::vector<int16> field int_vector).
        var analysis = AnalysisAssemblies.FromText("multicluster", """
            analysis multicluster "Values of a vector field over three clusters"
            tree ntuple
            collection int[vector]:
                int16 vector
            histogram size "Elements per entry": count(int), 4 bins from 0 to 4
            histogram values "Element values": int.vector, 200 bins from 0 to 200
            """);
        using var ntuple = NTupleSource.Open(RepoPaths.Data(Multicluster), "ntuple");
        Assert.Equal(3, ntuple.Clusters.Count);
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        foreach (int partitions in new[] { 2, 3, 8 })
        {
            var outcome = await DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, [input], fixture.Options(emulator, partitions));
            var local = await fixture.RunLocallyAsync(analysis.Analysis, partitions, [input]);

            ServerlessFixture.AssertIdentical(local.Result, outcome.Run.Result);
            Assert.Equal(200, outcome.Run.Entries);
            Assert.Equal(partitions, outcome.Run.Partitions.Count);
            if (partitions <= ntuple.Clusters.Count) AssertOnClusterBoundaries(outcome.Run.Partitions, RepoPaths.Data(Multicluster), "ntuple");
            // uproot5/UnROOT.jl: entry e holds [e % 100, e % 100 + e / 100], two elements each.
            var sizes = (Histogram1D)outcome.Run.Result.Histograms[0];
            Assert.Equal(200, sizes.SumW[1 + 2]);
            var values = (Histogram1D)outcome.Run.Result.Histograms[1];
            var expected = new double[202];
            for (int e = 0; e < 200; e++)
            {
                expected[1 + e % 100]++;
                expected[1 + e % 100 + e / 100]++;
            }
            Assert.Equal(expected, values.SumW);
        }
    }

    /// <summary>Each partition starts and ends on a cluster boundary of its file.</summary>
    private static void AssertOnClusterBoundaries(IReadOnlyList<Runtime.Execution.Partition> partitions, string localCopy, string ntuple)
    {
        using var source = NTupleSource.Open(localCopy, ntuple);
        var boundaries = source.Clusters.Select(c => c.First).Append(source.Entries).ToHashSet();
        Assert.All(partitions, p => Assert.True(boundaries.Contains(p.FirstEntry) && boundaries.Contains(p.FirstEntry + p.EntryCount),
            $"partition {p.Index} [{p.FirstEntry}, {p.FirstEntry + p.EntryCount}) of {p.Location} is not on cluster boundaries {string.Join(", ", boundaries)}"));
    }
}
