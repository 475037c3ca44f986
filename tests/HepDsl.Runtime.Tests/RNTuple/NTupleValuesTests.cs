using HepDsl.Runtime.Columns;
using static HepDsl.Runtime.Tests.RNTuple.NTupleRead;

namespace HepDsl.Runtime.Tests.RNTuple;

/// <summary>
/// Values of the shared RNTuple files equal what the uproot5 and UnROOT.jl test suites assert for these very files.
/// Sources: UnROOT.jl test/rntuple.jl ("RNTuple v1.0 spec files (scikit-hep-testdata)" testsets, "RNTupleCardinality",
/// "RNTuple multicluster", "RNTuple Int32 reading"), uproot5 tests/test_1347_rntuple_floats_suppressed_cols.py,
/// tests/test_1191_rntuple_fixes.py and tests/test_0962_RNTuple_update.py.
/// </summary>
public class NTupleValuesTests
{
    [Fact] // UnROOT.jl test/rntuple.jl, testset "int + float"
    public void IntAndFloat()
    {
        using var s = Open("test_int_float_rntuple_v1-0-0-0.root");
        Assert.Equal(Enumerable.Range(0, 10).Reverse().ToArray(), Scalars<int>(s, "one_integers"));
        Assert.Equal([9.9f, 8.8f, 7.7f, 6.6f, 5.5f, 4.4f, 3.3f, 2.2f, 1.1f, 0.0f], Scalars<float>(s, "two_floats"));
    }

    [Fact] // UnROOT.jl test/rntuple.jl "bit column"; uproot5 tests/test_0962_RNTuple_update.py test_new_support_RNTuple_bit_bool_reading
    public void BitColumn()
    {
        using var s = Open("test_bit_rntuple_v1-0-0-0.root");
        Assert.Equal([true, false, false, true, false, false, true, false, false, true], Scalars<bool>(s, "one_bit"));
    }

    [Fact] // UnROOT.jl test/rntuple.jl "RNTuple Int32 reading": 5e4 down to 1
    public void FiftyThousandIntegers()
    {
        using var s = Open("test_int_5e4_rntuple_v1-0-0-0.root");
        Assert.Equal(Enumerable.Range(1, 50000).Reverse().ToArray(), Scalars<int>(s, "one_integers"));
    }

    [Fact] // UnROOT.jl test/rntuple.jl "split-int zigzag (large magnitudes)"
    public void SplitZigzagIntegers()
    {
        using var s = Open("test_splitint_rntuple_v1-0-1-0.root");
        Assert.Equal(new short[] { 0, 1, -1, 16384, -16384, 32767 }, Scalars<short>(s, "int16")[..6]);
        Assert.Equal([0, 1, -1, 1073741824, -1073741824, 2147483647], Scalars<int>(s, "int32")[..6]);
        Assert.Equal([0L, 1, -1, 4611686018427387904, -4611686018427387904, 9223372036854775807], Scalars<long>(s, "int64")[..6]);
    }

    [Fact] // UnROOT.jl test/rntuple.jl "multicluster index"; uproot5 tests/test_1191_rntuple_fixes.py (int_vector[i + j*100] == [i, i + j])
    public void CollectionOffsetsRestartInEachCluster()
    {
        using var s = Open("test_index_multicluster_rntuple_v1-0-0-0.root");
        Assert.True(s.Clusters.Count > 1);
        var expected = Enumerable.Range(0, 200).Select(e => new short[] { (short)(e % 100), (short)(e % 100 + e / 100) }).ToArray();
        Assert.Equal(expected, Jagged<short>(s, "int_vector"));
        // Reads that start inside a cluster and cross into the next one.
        Assert.Equal(expected[95..105], Jagged<short>(s, "int_vector", 95, 10));
    }

    [Fact] // UnROOT.jl test/rntuple.jl "deferred (extension) columns"; uproot5 tests/test_1191_rntuple_fixes.py test_schema_extension
    public void LateModelExtensionReadsZerosBefore()
    {
        using var s = Open("test_extension_columns_rntuple_v1-0-0-0.root");
        var ff = Scalars<float>(s, "float_field");
        var iv = Jagged<int>(s, "intvec_field");
        Assert.Equal(600, ff.Length);
        Assert.All(ff[..200], v => Assert.Equal(0f, v));
        Assert.Equal([0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f], ff[200..206]);
        Assert.Equal([197.5f, 198.5f, 199.5f], ff[^3..]);
        Assert.All(iv[..400], Assert.Empty);
        Assert.Equal([0, 1], iv[400]);
        Assert.Equal([199, 200], iv[599]);
    }

    [Fact] // UnROOT.jl test/rntuple.jl "stl containers (v1.0)" and "RNTuple std:: container types" (lorentz_vector, array_lv, tuple, pair)
    public void StlContainers()
    {
        using var s = Open("test_stl_containers_rntuple_v1-0-0-0.root");
        Assert.Equal(["one", "two", "three", "four", "five"], Strings(s, "string"));
        Assert.Equal(Enumerable.Range(1, 5).Select(n => Enumerable.Range(1, n).ToArray()).ToArray(), Jagged<int>(s, "vector_int32"));
        Assert.Equal([1, 2, 3, 4, 5], Scalars<int>(s, "tuple_int32_string._0"));
        Assert.Equal(["one", "two", "three", "four", "five"], Strings(s, "pair_int32_string._1"));
        foreach (var m in new[] { "pt", "eta", "phi", "mass" })
        {
            Assert.Equal([1f, 2, 3, 4, 5], Scalars<float>(s, $"lorentz_vector.{m}"));
            var info = s.Columns.Single(c => c.Name == $"array_lv.{m}");
            Assert.Equal((ColumnShape.FixedArray, 3), (info.Shape, info.FixedLength));
            Assert.Equal(Enumerable.Range(1, 5).SelectMany(v => Enumerable.Repeat((float)v, 3)).ToArray(), Scalars<float>(s, $"array_lv.{m}"));
        }
    }

    [Fact] // UnROOT.jl test/rntuple.jl "truncated and quantized floats"; uproot5 tests/test_1347_rntuple_floats_suppressed_cols.py test_custom_floats
    public void TruncatedAndQuantizedFloats()
    {
        using var s = Open("test_float_types_rntuple_v1-0-0-0.root");
        Assert.Equal([1.0f, 1.319414e13f, -4.2351647e-22f], Scalars<float>(s, "trunc10")[..3]);
        Assert.Equal([1.234375f, 1.4637249e13f, -6.2865727e-22f], Scalars<float>(s, "trunc16")[..3]);
        Assert.Equal([1.2345581f, 1.4660066e13f, -6.2874774e-22f], Scalars<float>(s, "trunc24")[..3]);
        Assert.Equal([1.2345679f, 1.4660154e13f, -6.2875986e-22f], Scalars<float>(s, "trunc31")[..3]);
        Assert.Equal([3.0f, 3.0f, -2.0f], Scalars<float>(s, "quant1")[..3]);
        var expected = new Dictionary<string, float[]>
        {
            ["quant8"] = [1.2352941f, 1.6666666f, 0.0f],
            ["quant16"] = [1.2345312f, 1.6666666f, 0.0f],
            ["quant20"] = [1.234566f, 1.6666666f, 0.0f],
            ["quant24"] = [1.2345679f, 1.6666666f, 0.0f],
            ["quant25"] = [1.2345679f, 1.6666665f, -5.9604645e-8f],
            ["quant32"] = [1.2345679f, 1.6666666f, 0.0f],
        };
        foreach (var (name, want) in expected)
        {
            var got = Scalars<float>(s, name);
            for (int i = 0; i < 3; i++) Assert.True(Math.Abs(got[i] - want[i]) <= 1e-6 * Math.Max(1, Math.Abs(want[i])), $"{name}[{i}]: {got[i]} vs {want[i]}");
        }
        // uproot5: entry 3 is -1.9060668 within the column's precision.
        Assert.Equal(-1.9060668, Scalars<float>(s, "quant32")[3], 1e-6);
    }

    [Fact] // uproot5 tests/test_1347_rntuple_floats_suppressed_cols.py test_multiple_representations: real == [1, 2, 3], representation 0 suppressed in cluster 1
    public void MultipleRepresentations()
    {
        using var s = Open("test_multiple_representations_rntuple_v1-0-0-0.root");
        Assert.Equal(3, s.Descriptor.Clusters.Count);
        Assert.True(s.Descriptor.Clusters[1].Columns[0].Suppressed);
        Assert.False(s.Descriptor.Clusters[0].Columns[0].Suppressed);
        Assert.Equal([1f, 2, 3], Scalars<float>(s, "real"));
    }

    [Fact] // UnROOT.jl test/rntuple.jl "RNTuple multicluster"; uproot5 tests/test_0962_RNTuple_update.py test_new_support_RNTuple_split_int16_reading
    public void HundredMillionEntriesReachedByPage()
    {
        using var s = Open("test_int_multicluster_rntuple_v1-0-0-0.root");
        Assert.Equal(100_000_000, s.Entries);
        Assert.Equal(new short[] { 2, 2 }, Scalars<short>(s, "one_integers", 0, 2));
        Assert.Equal(new short[] { 2, 1 }, Scalars<short>(s, "one_integers", 49_999_999, 2));
        Assert.Equal(new short[] { 1 }, Scalars<short>(s, "one_integers", 99_999_999, 1));
        Assert.All(Scalars<short>(s, "one_integers", 10_000_000, 1_000_000), v => Assert.Equal(2, v));
    }

    [Theory] // UnROOT.jl test/rntuple.jl "real-world staff ntuple"
    [InlineData("ntpl001_staff_rntuple_v1-0-0-0.root")]
    [InlineData("ntpl001_staff_rntuple_v1-0-1-0.root")]
    public void Staff(string file)
    {
        using var s = Open(file, "Staff");
        Assert.Equal(3354, s.Entries);
        Assert.Equal([202, 530, 316, 361], Scalars<int>(s, "Category")[..4]);
        var division = Strings(s, "Division");
        Assert.Equal(["PS", "EP", "PS", "PS"], division[..4]);
        Assert.Equal("ZZ", Strings(s, "Nation")[^1]);
        Assert.Equal(12716, Scalars<int>(s, "Cost")[^1]);
    }

    [Fact] // UnROOT.jl test/rntuple.jl "RNTupleCardinality"; uproot5 tests/test_1191_rntuple_fixes.py test_rntuple_cardinality
    public void CardinalityCountsTheProjectedCollection()
    {
        using var s = Open("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root", "Events");
        var n = Scalars<uint>(s, "nMuon");
        Assert.Equal(1000, n.Length);
        foreach (var field in new[] { "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass" })
            Assert.Equal(n.Select(v => (int)v).ToArray(), Jagged<float>(s, field).Select(a => a.Length).ToArray());
        Assert.Equal(n.Select(v => (int)v).ToArray(), Jagged<int>(s, "Muon_charge").Select(a => a.Length).ToArray());
        var counter = s.Columns.Single(c => c.Name == "Muon_pt");
        Assert.Equal(("nMuon", ColumnType.Float32, ColumnShape.Jagged), (counter.CounterBranch, counter.Type, counter.Shape));
        // The projection reads the untyped collection's own field: the same numbers.
        Assert.Equal(Jagged<float>(s, "Muon_pt"), Jagged<float>(s, "_collection0.Muon_pt"));
    }
}
