using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>Every tree of every shared file opens and every readable column reads in full, whole and in two halves.</summary>
public class AllFilesTests
{
    public static TheoryData<string> Files() => new(TestFiles.All("*.root"));

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryReadableColumnReads(string name)
    {
        using var file = RootFile.Open(TestFiles.Path(name));
        var streamers = file.ReadStreamerInfos();
        Assert.NotEmpty(streamers);
        Assert.All(streamers.Values, info => Assert.False(string.IsNullOrEmpty(info.ClassName)));
        if (file.TreeNames.Count > 0) Assert.Contains("TTree", streamers.Keys);
        if (name.Contains("rntuple", StringComparison.Ordinal))
        {
            Assert.Empty(file.TreeNames);
            Assert.Contains(file.Keys, k => k.IsRNTuple);
            return;
        }
        foreach (var treeName in file.TreeNames)
        {
            using var tree = file.OpenTree(treeName);
            Assert.Equal(tree.Columns.Count, tree.Branches.Count(b => b.Column is not null));
            Assert.All(tree.Branches.Where(b => b.Column is null), b => Assert.False(string.IsNullOrWhiteSpace(b.UnsupportedReason)));
            int entries = (int)tree.Entries, half = entries / 2;
            foreach (var column in tree.Columns)
            {
                if (column.Type == ColumnType.String)
                {
                    var strings = new List<string>();
                    tree.ReadStrings(column.Name, 0, entries, strings);
                    Assert.Equal(entries, strings.Count);
                    continue;
                }
                var (values, offsets) = TreeComparison.ReadAll(tree, column.Name);
                Assert.Equal(entries + 1, offsets.Count);
                Assert.Equal(values.Count, offsets[^1]);
                if (column.Shape == ColumnShape.FixedArray) Assert.Equal(entries * column.FixedLength, values.Count);
                if (column.Shape == ColumnShape.Scalar) Assert.Equal(entries, values.Count);
                var firstHalf = new List<double>();
                var secondHalf = new List<double>();
                tree.ReadAsDoubles(column.Name, 0, half, firstHalf, []);
                tree.ReadAsDoubles(column.Name, half, entries - half, secondHalf, []);
                Assert.True(values.SequenceEqual(firstHalf.Concat(secondHalf)), $"{name}:{treeName}:{column.Name}");
            }
        }
    }
}
