using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>Known values of the shared files (uproot's own tests, the writer macros, and the files' internal consistency).</summary>
public class TreeValuesTests
{
    [Fact]
    public void ZmumuFirstMasses()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-Zmumu.root"), "events");
        Assert.Equal(2304, tree.Entries);
        var m = new ColumnBuffer<double>();
        tree.Column<double>("M").Read(0, 5, m);
        Assert.Equal([82.4626915551, 83.6262040052, 83.3084646667, 82.1493728809, 90.4691230355], m.Span.ToArray().Select(v => Math.Round(v, 10)));
        var run = new ColumnBuffer<int>();
        tree.Column<int>("Run").Read(0, 5, run);
        Assert.Equal([148031, 148031, 148031, 148031, 148031], run.Span.ToArray());
        var types = new List<string>();
        tree.ReadStrings("Type", 0, 3, types);
        Assert.All(types, t => Assert.True(t is "GG" or "GT" or "TT" or "TG", t));
    }

    [Fact]
    public void HzzCountersMatchJaggedLengths()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-HZZ.root"), "events");
        Assert.Equal(2421, tree.Entries);
        Assert.Equal(51, tree.Branches.Count);
        var n = new ColumnBuffer<int>();
        var px = new ColumnBuffer<float>();
        tree.Column<int>("NMuon").Read(0, (int)tree.Entries, n);
        tree.Column<float>("Muon_Px").Read(0, (int)tree.Entries, px);
        Assert.Equal(ColumnShape.Jagged, tree.Columns.Single(c => c.Name == "Muon_Px").Shape);
        Assert.Equal("NMuon", tree.Columns.Single(c => c.Name == "Muon_Px").CounterBranch);
        for (int i = 0; i < tree.Entries; i++) Assert.Equal(n.Values[i], px.Entry(i).Length);
        Assert.True(n.Span.ToArray().Sum() > 2000);
        Assert.All(px.Span.ToArray(), v => Assert.InRange(Math.Abs(v), 0, 1000));
        var id = new ColumnBuffer<bool>();
        tree.Column<bool>("Jet_ID").Read(0, 100, id);
        Assert.Contains(true, id.Span.ToArray());
    }

    [Fact]
    public void NanoAodEmbeddedBasketsRead()
    {
        using var tree = TreeSource.Open(TestFiles.Path("nanoAOD_2015_CMS_Open_Data_ttbar.root"), "Events");
        Assert.Equal(200, tree.Entries);
        Assert.Equal(947, tree.Branches.Count);
        var nJet = new ColumnBuffer<uint>();
        var pt = new ColumnBuffer<float>();
        tree.Column<uint>("nJet").Read(0, 200, nJet);
        tree.Column<float>("Jet_pt").Read(0, 200, pt);
        for (int i = 0; i < 200; i++) Assert.Equal((int)nJet.Values[i], pt.Entry(i).Length);
        Assert.True(pt.Count > 200);
        Assert.All(pt.Span.ToArray(), v => Assert.InRange(v, 10f, 5000f));
        var runs = new ColumnBuffer<uint>();
        tree.Column<uint>("run").Read(0, 3, runs);
        Assert.Equal([1u, 1u, 1u], runs.Span.ToArray());
        var events = new ColumnBuffer<ulong>();
        tree.Column<ulong>("event").Read(0, 3, events);
        Assert.Equal([227291401ul, 227291402ul, 227291406ul], events.Span.ToArray());
    }

    public static TheoryData<string> SampleFiles() => new(TestFiles.All("uproot-sample-*.root"));

    /// <summary>The sample files hold the same synthetic values in every ROOT version: entry i has n = i % 5, i4 = i - 15, ...</summary>
    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void SampleFilesHoldTheirPattern(string name)
    {
        using var tree = TreeSource.Open(TestFiles.Path(name), "sample");
        Assert.Equal(30, tree.Entries);
        var n = Read<int>(tree, "n");
        var i4 = Read<int>(tree, "i4");
        var u8 = Read<ulong>(tree, "u8");
        var f8 = Read<double>(tree, "f8");
        var ai4 = Read<int>(tree, "ai4");
        var Ai8 = Read<long>(tree, "Ai8");
        var b = Read<bool>(tree, "b");
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(i % 5, n.Values[i]);
            Assert.Equal(i - 15, i4.Values[i]);
            Assert.Equal((ulong)i, u8.Values[i]);
            Assert.Equal(i - 14.9, f8.Values[i], 9);
            Assert.Equal(i % 2 == 0, b.Values[i]);
            Assert.Equal([i - 14, i - 13, i - 12], ai4.Values.AsSpan(3 * i, 3).ToArray());
            Assert.Equal(n.Values[i], Ai8.Entry(i).Length);
        }
        var strings = new List<string>();
        tree.ReadStrings("str", 0, 30, strings);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"hey-{i}"), strings);
    }

    [Fact]
    public void LeafListLeavesAreColumns()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-leaflist.root"), "tree");
        Assert.Equal(["leaflist.x", "leaflist.y", "leaflist.z"], tree.Columns.Select(c => c.Name));
        Assert.Equal([1.1, 2.2, 3.3, 4.0, 5.5], Read<double>(tree, "leaflist.x").Span.ToArray());
        Assert.Equal([1, 2, 3, 4, 5], Read<int>(tree, "leaflist.y").Span.ToArray());
        Assert.Equal("abcde"u8.ToArray().Select(c => (sbyte)c), Read<sbyte>(tree, "leaflist.z").Span.ToArray());
    }

    [Fact]
    public void Double32AndFloat16WithinTheirPrecision()
    {
        double[] written = [-2, -1.5, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        using var tree = TreeSource.Open(TestFiles.Path("uproot-double32-float16.root"), "tree");
        foreach (var (column, bits) in new[] { ("double32_32", 32), ("double32_20", 20), ("double32_10", 10), ("double32_3", 3) })
        {
            var values = Read<double>(tree, column);
            double step = 12.71 / Math.Pow(2, bits);
            for (int i = 0; i < written.Length; i++) Assert.InRange(values.Values[i], written[i] - step, written[i] + step);
        }
        var f16 = Read<float>(tree, "float16_16");
        for (int i = 0; i < written.Length; i++) Assert.InRange(f16.Values[i], written[i] - 1e-3, written[i] + 1e-3);
        var array = Read<double>(tree, "array_30");
        Assert.Equal(3 * written.Length, array.Count);
        for (int i = 0; i < array.Count; i++) Assert.InRange(array.Values[i], written[i / 3] - 1e-7, written[i / 3] + 1e-7);
    }

    [Fact]
    public void SmallFlatTreeStringsAndArrays()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-small-flat-tree.root"), "tree");
        Assert.Equal(100, tree.Entries);
        var strings = new List<string>();
        var stringColumn = tree.Columns.Single(c => c.Type == ColumnType.String).Name;
        tree.ReadStrings(stringColumn, 0, 100, strings);
        Assert.Equal(100, strings.Count);
        foreach (var c in tree.Columns.Where(c => c.Shape == ColumnShape.Jagged))
        {
            var values = new List<double>();
            var offsets = new List<int>();
            tree.ReadAsDoubles(c.Name, 0, 100, values, offsets);
            Assert.Equal(101, offsets.Count);
            Assert.Equal(values.Count, offsets[^1]);
        }
    }

    [Fact]
    public void EmptyTree()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-empty.root"), "tree");
        Assert.Equal(0, tree.Entries);
        Assert.Empty(tree.Clusters);
        var c = tree.Columns[0];
        var values = new List<double>();
        var offsets = new List<int>();
        tree.ReadAsDoubles(c.Name, 0, 0, values, offsets);
        Assert.Empty(values);
        Assert.Throws<HepDataException>(() => tree.ReadAsDoubles(c.Name, 0, 1, values, offsets));
    }

    internal static ColumnBuffer<T> Read<T>(TreeSource tree, string column) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        tree.Column<T>(column).Read(0, (int)tree.Entries, buffer);
        return buffer;
    }
}

public class BranchDescriptionTests
{
    [Fact]
    public void DescribesEveryBranchForInspect()
    {
        using var tree = TreeSource.Open(TestFiles.Path("uproot-sample-6.20.04-lz4.root"), "sample");
        Assert.Equal(35, tree.Branches.Count);
        var ai4 = tree.Branches.Single(b => b.Name == "ai4");
        Assert.Equal("TBranch", ai4.ClassName);
        Assert.Equal("TLeafI", ai4.LeafType);
        Assert.Equal(new ColumnInfo("ai4", ColumnType.Int32, ColumnShape.FixedArray, 3, null, "Int_t[3]"), ai4.Column);
        Assert.Null(ai4.UnsupportedReason);
        Assert.Equal(30, ai4.Entries);
        Assert.Equal(tree.Baskets("ai4").Count, ai4.BasketCount);
        Assert.True(ai4.BasketCount > 1);
        Assert.StartsWith("lz4 level", ai4.Compression);
        Assert.Equal(4, ai4.CompressionSetting / 100);
        Assert.True(ai4.UncompressedBytes > 0 && ai4.CompressedBytes > 0);
        var str = tree.Branches.Single(b => b.Name == "str");
        Assert.Equal(ColumnType.String, str.Column!.Type);
        var jagged = tree.Columns.Single(c => c.Name == "Af8");
        Assert.Equal((ColumnShape.Jagged, "n"), (jagged.Shape, jagged.CounterBranch));
        // Baskets tile the entries without gaps.
        long next = 0;
        foreach (var b in tree.Baskets("Af8"))
        {
            Assert.Equal(next, b.FirstEntry);
            next = b.EndEntry;
        }
        Assert.Equal(30, next);
    }
}

/// <summary>
/// <c>uproot-nesteddirs.root:three/tree</c> is uproot's fully split "Event" test tree: entry i holds i in every
/// scalar member, [i]*10 in the fixed arrays, N = i % 10 and [i]*(i % 10) in the pointer-array slices.
/// </summary>
public class SplitObjectMemberTests
{
    [Fact]
    public void MembersOfBasicTypeRead()
    {
        using var file = HepDsl.Runtime.Root.RootFile.Open(TestFiles.Path("uproot-nesteddirs.root"));
        using var tree = file.OpenTree("three/tree");
        Assert.Equal(100, tree.Entries);
        var i16 = TreeValuesTests.Read<short>(tree, "I16");
        var u64 = TreeValuesTests.Read<ulong>(tree, "U64");
        var f64 = TreeValuesTests.Read<double>(tree, "F64");
        var px = TreeValuesTests.Read<int>(tree, "P3.Px");
        var py = TreeValuesTests.Read<double>(tree, "P3.Py");
        var n = TreeValuesTests.Read<int>(tree, "N");
        var array = TreeValuesTests.Read<float>(tree, "ArrayF32[10]");
        var slice = TreeValuesTests.Read<long>(tree, "SliceI64");
        Assert.Equal(ColumnShape.FixedArray, tree.Columns.Single(c => c.Name == "ArrayF32[10]").Shape);
        Assert.Equal((ColumnShape.Jagged, "N"), tree.Columns.Where(c => c.Name == "SliceI64").Select(c => (c.Shape, c.CounterBranch)).Single());
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(i, i16.Values[i]);
            Assert.Equal((ulong)i, u64.Values[i]);
            Assert.Equal(i, f64.Values[i]);
            Assert.Equal(i - 1, px.Values[i]);
            Assert.Equal(i, py.Values[i]);
            Assert.Equal(i % 10, n.Values[i]);
            Assert.Equal(Enumerable.Repeat((float)i, 10), array.Values.AsSpan(10 * i, 10).ToArray());
            Assert.Equal(Enumerable.Repeat((long)i, i % 10), slice.Entry(i).ToArray());
        }
        var strings = new List<string>();
        tree.ReadStrings("Str", 0, 100, strings);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"evt-{i:000}"), strings);
    }

    [Fact]
    public void VectorMembersTakeTheirTypeFromTheStreamerInfo()
    {
        using var file = HepDsl.Runtime.Root.RootFile.Open(TestFiles.Path("uproot-nesteddirs.root"));
        Assert.Equal("vector<float>", file.StreamerInfos["Event"].Element("StlVecF32")!.TypeName);
        using var tree = file.OpenTree("three/tree");
        var info = tree.Columns.Single(c => c.Name == "StlVecF32");
        Assert.Equal((ColumnType.Float32, ColumnShape.Jagged, "vector<float>"), (info.Type, info.Shape, info.RootTypeName));
        var f32 = TreeValuesTests.Read<float>(tree, "StlVecF32");
        var u16 = TreeValuesTests.Read<ushort>(tree, "StlVecU16");
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(Enumerable.Repeat((float)i, i % 10), f32.Entry(i).ToArray());
            Assert.Equal(Enumerable.Repeat((ushort)i, i % 10), u16.Entry(i).ToArray());
        }
        var strings = tree.Branches.Single(b => b.Name == "StlVecStr");
        Assert.Null(strings.Column);
        Assert.Contains("vector<string>", strings.UnsupportedReason);
    }
}
