using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime;

namespace HepDsl.Generator.Tests.RealData;

/// <summary>
/// Fixed-size array branches (<c>branch int32 ai4[3]</c>, elements <c>ai4[0]</c>..<c>ai4[2]</c>) on uproot's sample
/// file (tree <c>sample</c>: Int_t ai4[3], Double_t af8[3]): the generated loop reads the right element of every
/// entry, compared with the column read directly; a file whose array is longer than declared is refused.
/// </summary>
public class FixedArrayBranchTests
{
    private static string File => RepoPaths.Data("uproot-sample-6.20.04-uncompressed.root");

    private static IAnalysis Compile(string body)
    {
        var (output, diagnostics, _) = GeneratorHarness.Generate((Path.Combine(Path.GetTempPath(), "hep-array", "arrays.hep"), "analysis arrays\ntree sample\n" + body));
        Assert.Empty(diagnostics);
        return GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), "ArraysAnalysis");
    }

    [Fact]
    public void Elements_of_fixed_size_arrays_match_the_columns()
    {
        var analysis = Compile("branch int32 ai4[3]\nbranch float64 af8[3]\n"
            + "sum i0: ai4[0]\nsum i2: ai4[2]\nsum f1: af8[1]\nsum mixed: ai4[1] * af8[2]\ncut \"ai4[0] > 0\": ai4[0] > 0\ncount positive\n");
        using var source = TreeSource.Open(File, "sample");
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(source, new EntryRange(0, source.Entries), result);

        var n = (int)source.Entries;
        var ints = new ColumnBuffer<int>();
        var doubles = new ColumnBuffer<double>();
        source.Column<int>("ai4").Read(0, n, ints);
        source.Column<double>("af8").Read(0, n, doubles);
        Assert.Equal(3 * n, ints.Count);
        double i0 = 0, i2 = 0, f1 = 0, mixed = 0;
        long positive = 0;
        for (var e = 0; e < n; e++)
        {
            i0 += ints.Values[3 * e];
            i2 += ints.Values[3 * e + 2];
            f1 += doubles.Values[3 * e + 1];
            mixed += ints.Values[3 * e + 1] * doubles.Values[3 * e + 2];
            if (ints.Values[3 * e] > 0) positive++;
        }
        Assert.NotEqual(i0, i2); // the elements differ, so a wrong index would show
        Assert.Equal(i0, result.Aggregate("i0").SumWX);
        Assert.Equal(i2, result.Aggregate("i2").SumWX);
        Assert.Equal(f1, result.Aggregate("f1").SumWX, 9);
        Assert.Equal(mixed, result.Aggregate("mixed").SumWX, 9);
        Assert.Equal(positive, result.Aggregate("positive").Entries);
        Assert.Equal(positive, result.Cutflow.Passed[1]);
    }

    [Fact]
    public void A_file_whose_array_has_another_length_is_refused()
    {
        var analysis = Compile("branch int32 ai4[2]\nsum s: ai4[1]\n");
        using var source = TreeSource.Open(File, "sample");
        var e = Assert.Throws<HepDataException>(() => analysis.CreateProcessor().Process(source, new EntryRange(0, source.Entries), analysis.CreateResult()));
        Assert.Contains("ai4[2]", e.Message);
    }
}
