using HepDsl.Bench.Dataset;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.RNTuple;

namespace HepDsl.Execution.Tests.Dataset;

/// <summary>
/// An analysis does not care which format its input is: the benchmark dataset's events (3000, in clusters of 250, so
/// partitions split them) written by the bench's own writers as a TTree and as an RNTuple give identical ADL Q1–Q8
/// histograms and cut flows at 1, 2, 7 and 64 partitions; the two files hold the same values field for field; and
/// Q1 and Q4 histograms on the RNTuple equal plain loops over the written values.
/// </summary>
public sealed class FormatIndependenceTests : IClassFixture<FormatIndependenceTests.Files>
{
    private const int Events = 3000;
    private readonly Files _files;

    public FormatIndependenceTests(Files files) => _files = files;

    /// <summary>The same events, written once in each format for the whole class.</summary>
    public sealed class Files : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("hep-format-").FullName;

        public Files()
        {
            var source = new NanoAodSource(TestData.NanoAod, TestData.Zmumu);
            Tree = Path.Combine(_folder, "nanoaod-like-ttree.root");
            NTuple = Path.Combine(_folder, "nanoaod-like-rntuple.root");
            NanoAodDatasetFile.Write(source, Tree, Events, 0, 2015, RootCompression.Zstd, clusterEntries: 250, DatasetFormat.TTree);
            NanoAodDatasetFile.Write(source, NTuple, Events, 0, 2015, RootCompression.Zstd, clusterEntries: 250, DatasetFormat.RNTuple);
        }

        public string Tree { get; }
        public string NTuple { get; }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string> Queries => ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"];

    [Fact]
    public void The_rntuple_holds_the_ttree_values_field_for_field()
    {
        using var tree = EventSources.Open(_files.Tree, "Events");
        using var ntuple = NTupleSource.Open(_files.NTuple, "Events");
        Assert.Equal(Events, ntuple.Entries);
        Assert.Equal(tree.Clusters, ntuple.Clusters);
        // The same columns (the RNTuple lists scalars first, then the collections' projections, as RNTupleImporter does).
        Assert.Equal(tree.Columns.Select(c => (c.Name, c.Type, c.Shape, c.CounterBranch)).OrderBy(c => c.Name, StringComparer.Ordinal),
            ntuple.Columns.Select(c => (c.Name, c.Type, c.Shape, c.CounterBranch)).OrderBy(c => c.Name, StringComparer.Ordinal));
        foreach (var column in tree.Columns)
            Assert.True(SameValues(tree, ntuple, column), $"'{column.Name}' differs between the TTree and the RNTuple");
    }

    private static bool SameValues(IEventSource a, IEventSource b, ColumnInfo column) => column.Type switch
    {
        ColumnType.Bool => Same<bool>(a, b, column.Name),
        ColumnType.Int8 => Same<sbyte>(a, b, column.Name),
        ColumnType.UInt8 => Same<byte>(a, b, column.Name),
        ColumnType.Int16 => Same<short>(a, b, column.Name),
        ColumnType.UInt16 => Same<ushort>(a, b, column.Name),
        ColumnType.Int32 => Same<int>(a, b, column.Name),
        ColumnType.UInt32 => Same<uint>(a, b, column.Name),
        ColumnType.Int64 => Same<long>(a, b, column.Name),
        ColumnType.UInt64 => Same<ulong>(a, b, column.Name),
        ColumnType.Float32 => Same<float>(a, b, column.Name),
        ColumnType.Float64 => Same<double>(a, b, column.Name),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private static bool Same<T>(IEventSource a, IEventSource b, string name) where T : unmanaged, IEquatable<T>
    {
        var x = Read<T>(a, name);
        var y = Read<T>(b, name);
        if (x.Entries != y.Entries || !x.Span.SequenceEqual(y.Span)) return false;
        if (a.Columns.Single(c => c.Name == name).Shape != ColumnShape.Jagged) return true;
        for (int i = 0; i < x.Entries; i++)
            if (x.Entry(i).Length != y.Entry(i).Length) return false;
        return true;
    }

    private static ColumnBuffer<T> Read<T>(IEventSource source, string name) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        source.Column<T>(name).Read(0, (int)source.Entries, buffer);
        return buffer;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Adl_query_gives_identical_results_on_ttree_and_rntuple_at_1_2_7_and_64_partitions(string query)
    {
        var analysis = Samples.Compile(query).Create();
        ResultSet? reference = null;
        foreach (int partitions in new[] { 1, 2, 7, 64 })
        {
            var options = new LocalRunOptions { Partitions = partitions, Workers = 2 };
            var tree = await LocalExecutor.RunAsync(analysis, [_files.Tree], options);
            var ntuple = await LocalExecutor.RunAsync(analysis, [_files.NTuple], options);
            Assert.Equal(Events, tree.Entries);
            Assert.Equal(Events, ntuple.Entries);
            string where = $"{query}, {partitions} partition(s)";
            // Same partitions: the same events in the same order into the same histograms, so equal to the bit.
            AssertSame(tree.Result, ntuple.Result, where + ", TTree vs RNTuple", exactMoments: true);
            // Other partition counts: bins and cut flow equal; sums of x merged in another order may differ in the last bits.
            reference ??= tree.Result;
            AssertSame(reference, ntuple.Result, where + " vs 1 partition", exactMoments: false);
            Assert.True(ntuple.Result.Histograms.Sum(h => h.Entries) > 0, $"{where}: the query fills its histograms");
        }
    }

    private static void AssertSame(ResultSet a, ResultSet b, string where, bool exactMoments)
    {
        Assert.Equal(a.Cutflow.Passed, b.Cutflow.Passed);
        Assert.Equal(a.Histograms.Select(h => h.Name), b.Histograms.Select(h => h.Name));
        foreach (var (x, y) in a.Histograms.Zip(b.Histograms))
        {
            Assert.True(x.SumW.AsSpan().SequenceEqual(y.SumW), $"{where}: histogram '{x.Name}' bins differ");
            Assert.True(x.SumW2.AsSpan().SequenceEqual(y.SumW2), $"{where}: histogram '{x.Name}' sums of squared weights differ");
            Assert.Equal(x.Entries, y.Entries);
            if (x is Histogram1D h1 && y is Histogram1D h2)
            {
                if (exactMoments) Assert.Equal(h1.StatSumWX, h2.StatSumWX);
                else Assert.Equal(h1.StatSumWX, h2.StatSumWX, Math.Abs(h1.StatSumWX) * 1e-12);
            }
        }
    }

    /// <summary>Q1 (MET of every event) and Q4 (MET of events with two jets above 40 GeV) from
    /// plain loops over the RNTuple's values, against the compiled queries run on it.</summary>
    [Fact]
    public async Task Q1_and_q4_on_the_rntuple_equal_plain_loops_over_the_written_values()
    {
        using var ntuple = EventSources.Open(_files.NTuple, "Events");
        var met = Read<float>(ntuple, "MET_pt");
        var jets = Read<float>(ntuple, "Jet_pt");

        var q1 = await LocalExecutor.RunAsync(Samples.Compile("q1").Create(), [_files.NTuple], new LocalRunOptions { Partitions = 7, Workers = 2 });
        var h1 = Assert.Single(q1.Result.Histograms.OfType<Histogram1D>());
        var expected1 = new double[h1.SumW.Length];
        for (int i = 0; i < Events; i++) expected1[h1.X.Index(met.Values[i])] += 1;
        Assert.Equal(expected1, h1.SumW);

        var q4 = await LocalExecutor.RunAsync(Samples.Compile("q4").Create(), [_files.NTuple], new LocalRunOptions { Partitions = 7, Workers = 2 });
        var h4 = Assert.Single(q4.Result.Histograms.OfType<Histogram1D>());
        var expected4 = new double[h4.SumW.Length];
        long passed = 0;
        for (int i = 0; i < Events; i++)
        {
            int hard = 0;
            foreach (var pt in jets.Entry(i)) if (pt > 40) hard++;
            if (hard < 2) continue;
            passed++;
            expected4[h4.X.Index(met.Values[i])] += 1;
        }
        Assert.True(passed > Events / 10, $"ttbar-like events: many have two jets above 40 GeV (got {passed})");
        Assert.Equal(passed, q4.Result.Cutflow.Passed[^1]);
        Assert.Equal(expected4, h4.SumW);
    }
}
