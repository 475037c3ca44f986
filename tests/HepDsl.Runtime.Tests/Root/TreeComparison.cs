using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>Reads whole columns type-agnostically, so two files (or two ways of reading) can be compared exactly.</summary>
internal static class TreeComparison
{
    public static (List<double> Values, List<int> Offsets) ReadAll(TreeSource tree, string column)
    {
        var values = new List<double>();
        var offsets = new List<int>();
        tree.ReadAsDoubles(column, 0, (int)tree.Entries, values, offsets);
        return (values, offsets);
    }

    public static void AssertSameContent(TreeSource expected, TreeSource actual)
    {
        Assert.Equal(expected.Entries, actual.Entries);
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        foreach (var column in expected.Columns)
        {
            Assert.Equal(column, actual.Columns.Single(c => c.Name == column.Name));
            if (column.Type == ColumnType.String)
            {
                var a = new List<string>();
                var b = new List<string>();
                expected.ReadStrings(column.Name, 0, (int)expected.Entries, a);
                actual.ReadStrings(column.Name, 0, (int)actual.Entries, b);
                Assert.Equal(a, b);
                continue;
            }
            var (ev, eo) = ReadAll(expected, column.Name);
            var (av, ao) = ReadAll(actual, column.Name);
            Assert.True(ev.SequenceEqual(av), $"values of {column.Name} differ between {expected.Location} and {actual.Location}");
            Assert.Equal(eo, ao);
        }
    }
}
