using HepDsl.Runtime.IO;
using HepDsl.Runtime.Tests.Root;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Tests.IO;

/// <summary>Reads every tree of a file both locally and through a remote location and requires identical content.</summary>
internal static class RemoteTreeAssert
{
    public static int SameAsLocal(string localPath, string location, ByteSourceOptions? options = null)
    {
        using var local = HepDsl.Runtime.Root.RootFile.Open(localPath);
        Assert.NotEmpty(local.TreeNames);
        foreach (var tree in local.TreeNames)
        {
            using var expected = local.OpenTree(tree);
            using var remote = EventSources.OpenTree(location, tree, options);
            Assert.Equal(location, remote.Location);
            TreeComparison.AssertSameContent(expected, remote.Tree);
            Assert.True(remote.BytesRead > 0);
        }
        return local.TreeNames.Count;
    }

    /// <summary>Every basket of the readable columns in the first cluster.</summary>
    public static int BasketsOfFirstCluster(TreeSource tree)
    {
        var first = tree.Clusters[0];
        return tree.Columns.Select(c => tree.Baskets(c.Name)).Distinct()
            .Sum(baskets => baskets.Count(b => !b.Embedded && b.FirstEntry < first.End && b.EndEntry > first.First));
    }
}
