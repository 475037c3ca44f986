using System.Diagnostics;
using System.Text.Json;
using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime;

namespace HepDsl.Generator.Tests.RealData;

/// <summary>
/// Collections whose fields name their branches, on real files: std::vector branches of uproot-nesteddirs.root's
/// <c>three/tree</c> (<c>collection V[vector]: int32 StlVecI32 as i, ...</c>) against a direct computation from the
/// reader's columns; counted arrays with free names (<c>Ai4[n]</c>, <c>Af8[n]</c> of uproot's sample file) against
/// JSROOT; vectors of unequal length refused naming file, branches and entry; the preflight check; and
/// <c>hep schema</c>'s declarations for those trees compiling and running.
/// </summary>
public class VectorCollectionTests
{
    private static string Nested => RepoPaths.Data("uproot-nesteddirs.root");
    private static string Sample => RepoPaths.Data("uproot-sample-6.20.04-uncompressed.root");

    private const string VectorDeclaration =
        "collection V[vector]: int32 StlVecI32 as i; float32 StlVecF32 as f; float64 StlVecF64 as d; uint64 StlVecU64 as e; fourvector pxpypze(f, d, i, e)\n";

    private static IAnalysis Compile(string name, string text)
    {
        var (output, diagnostics, _) = GeneratorHarness.Generate((Path.Combine(Path.GetTempPath(), "hep-vector", name + ".hep"), text));
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        return GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), CSharpName(name) + "Analysis");
    }

    private static string CSharpName(string name) => string.Concat(name.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    private static HepDsl.Runtime.Results.ResultSet Run(IAnalysis analysis, IEventSource source)
    {
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(source, new EntryRange(0, source.Entries), result);
        return result;
    }

    private static ColumnBuffer<T> Read<T>(IEventSource source, string branch) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        source.Column<T>(branch).Read(0, (int)source.Entries, buffer);
        return buffer;
    }

    [Fact]
    public void A_vector_collection_equals_a_direct_computation_from_the_columns()
    {
        var analysis = Compile("vectors", "analysis vectors\ntree \"three/tree\"\n" + VectorDeclaration
            + "histogram vi: V.i, 24 bins from -2 to 22\n"
            + "histogram n: count(V), 12 bins from 0 to 12\n"
            + "sum sf: sum(V.f)\n"
            + "sum prod: v.d * v.i for v in V\n"
            + "let big = V with i > 3 and f < 80\n"
            + "histogram pairs: a.d + b.i for pair (a, b) in big, 50 bins from 0 to 250\n"
            + "sum pt: pt(sum(V))\n"
            + "cut \"two or more\": count(V) >= 2\n"
            + "count passed\n");
        using var source = TreeSource.Open(Nested, "three/tree");
        var result = Run(analysis, source);

        var i = Read<int>(source, "StlVecI32");
        var f = Read<float>(source, "StlVecF32");
        var d = Read<double>(source, "StlVecF64");
        var vi = new Histogram1D("vi", "", Axis.Regular(24, -2, 22, ""));
        var n = new Histogram1D("n", "", Axis.Regular(12, 0, 12, ""));
        var pairs = new Histogram1D("pairs", "", Axis.Regular(50, 0, 250, ""));
        double sf = 0, prod = 0, pt = 0;
        long passed = 0;
        for (var e = 0; e < source.Entries; e++)
        {
            var (iv, fv, dv) = (i.Entry(e).ToArray(), f.Entry(e).ToArray(), d.Entry(e).ToArray());
            Assert.Equal(iv.Length, fv.Length);
            Assert.Equal(iv.Length, dv.Length);
            n.Fill(iv.Length);
            double px = 0, py = 0;
            for (var k = 0; k < iv.Length; k++)
            {
                vi.Fill(iv[k]);
                sf += fv[k];
                prod += dv[k] * iv[k];
                px += fv[k];
                py += dv[k];
            }
            pt += Math.Sqrt(px * px + py * py);
            var big = Enumerable.Range(0, iv.Length).Where(k => iv[k] > 3 && fv[k] < 80).ToList();
            for (var a = 0; a < big.Count; a++)
                for (var b = a + 1; b < big.Count; b++)
                    pairs.Fill(dv[big[a]] + iv[big[b]]);
            if (iv.Length >= 2) passed++;
        }
        Assert.True(vi.Entries > 100, "the vectors hold values");
        Assert.Equal(vi.SumW, result.Histogram("vi").SumW);
        Assert.Equal(n.SumW, result.Histogram("n").SumW);
        Assert.Equal(pairs.SumW, result.Histogram("pairs").SumW);
        Assert.True(pairs.Entries > 0);
        Assert.Equal(sf, result.Aggregate("sf").SumWX, 9);
        Assert.Equal(prod, result.Aggregate("prod").SumWX, 9);
        Assert.Equal(pt, result.Aggregate("pt").SumWX, 6);
        Assert.Equal(passed, result.Aggregate("passed").Entries);
    }

    [Fact]
    public void A_counted_collection_with_free_branch_names_equals_jsroot()
    {
        var analysis = Compile("counted", "analysis counted\ntree sample\ncollection A[int32 n]: int32 Ai4 as i4; float64 Af8 as f8\n"
            + "histogram i4: A.i4, 40 bins from -20 to 20\n"
            + "histogram f8: A.f8, 40 bins from -20 to 20\n"
            + "histogram n: count(A), 6 bins from 0 to 6\n");
        using var source = TreeSource.Open(Sample, "sample");
        var result = Run(analysis, source);

        var jsroot = JsrootValues(Sample, "sample", "Ai4", "Af8", "n");
        var i4 = new Histogram1D("i4", "", Axis.Regular(40, -20, 20, ""));
        var f8 = new Histogram1D("f8", "", Axis.Regular(40, -20, 20, ""));
        var n = new Histogram1D("n", "", Axis.Regular(6, 0, 6, ""));
        Assert.Equal(source.Entries, jsroot["n"].Count);
        for (var e = 0; e < jsroot["n"].Count; e++)
        {
            n.Fill(jsroot["n"][e].GetDouble());
            foreach (var v in jsroot["Ai4"][e].EnumerateArray()) i4.Fill(v.GetDouble());
            foreach (var v in jsroot["Af8"][e].EnumerateArray()) f8.Fill(v.GetDouble());
        }
        Assert.True(i4.Entries > 20);
        Assert.Equal(i4.SumW, result.Histogram("i4").SumW);
        Assert.Equal(f8.SumW, result.Histogram("f8").SumW);
        Assert.Equal(n.SumW, result.Histogram("n").SumW);
    }

    [Fact]
    public void Vectors_of_unequal_length_are_refused_naming_the_branches_and_entry()
    {
        var analysis = Compile("unequal", "analysis unequal\ntree Events\ncollection jet[vector]: float32 pt, eta\nhistogram h: jet.eta, 10 bins from 0 to 10\nsum s: sum(jet.pt)\n");
        var source = new InMemoryEventSource(5)
            .Jagged("jet_pt", ColumnType.Float32, e => new float[e])
            .Jagged("jet_eta", ColumnType.Float32, e => new float[e == 3 ? 1 : e]);
        var error = Assert.Throws<HepDataException>(() => Run(analysis, source));
        Assert.Contains("memory: entry 3: branch 'jet_eta' has 1 values but 'jet_pt' has 3", error.Message);
        Assert.Contains("jet[vector]", error.Message);
    }

    [Fact]
    public void The_preflight_check_accepts_vector_branches_and_names_a_wrong_element_type()
    {
        using var source = TreeSource.Open(Nested, "three/tree");
        var good = Compile("preflight_good", "analysis preflight_good\ntree \"three/tree\"\n" + VectorDeclaration + "sum s: sum(V.i)\nsum t: sum(V.e)\n");
        Assert.Empty(Preflight.Problems(good.Info, source));
        var wrong = Compile("preflight_wrong", "analysis preflight_wrong\ntree \"three/tree\"\ncollection V[vector]: float32 StlVecI32 as i\nsum s: sum(V.i)\n");
        var problem = Assert.Single(Preflight.Problems(wrong.Info, source));
        Assert.Contains("'StlVecI32'", problem);
        Assert.Contains("vector<int>", problem);
    }

    /// <summary><c>hep schema</c> declares the vector and freely named counted branches; with one use each, the declarations compile and run.</summary>
    [Theory]
    [InlineData("uproot-nesteddirs.root", "three/tree", "sum(StlVecI32.value) + sum(Slice.I32) + sum(StlVecF64.value)", "StlVecI32,SliceI32,StlVecF64")]
    [InlineData("uproot-nesteddirs.root", "one/two/tree", "sum(Slice.Int32) + sum(Slice.Float64)", "SliceInt32,SliceFloat64")]
    [InlineData("uproot-sample-6.20.04-uncompressed.root", "sample", "sum(A.i4) + sum(A.f8)", "Ai4,Af8")]
    public void Schema_declarations_of_vectors_and_named_arrays_compile_and_run(string file, string tree, string use, string branches)
    {
        var path = RepoPaths.Data(file);
        var schema = Hep("schema", path, "--tree", tree);
        Assert.DoesNotContain("# not declared: StlVecI32", schema);
        Assert.DoesNotContain("# not declared: Slice", schema);
        Assert.DoesNotContain("# not declared: Ai4", schema);
        var analysis = Compile("schema_run", "analysis schema_run\n" + schema + $"sum used: {use}\n");
        using var source = TreeSource.Open(path, tree);
        var result = Run(analysis, source);
        var expected = 0.0;
        foreach (var branch in branches.Split(','))
        {
            var column = source.Columns.Single(c => c.Name == branch);
            expected += column.Type switch
            {
                ColumnType.Int32 => Read<int>(source, branch).Span.ToArray().Sum(v => (double)v),
                ColumnType.Int64 => Read<long>(source, branch).Span.ToArray().Sum(v => (double)v),
                ColumnType.Float64 => Read<double>(source, branch).Span.ToArray().Sum(),
                _ => throw new InvalidOperationException(column.Type.ToString()),
            };
        }
        Assert.Equal(source.Entries, result.Aggregate("used").Entries);
        Assert.Equal(expected, result.Aggregate("used").SumWX, 6);
    }

    private static string Hep(params string[] args)
    {
        var (code, stdout, stderr) = RunProcess(Path.Combine(RepoPaths.Root, "hep"), args, TimeSpan.FromMinutes(8));
        Assert.True(code == 0, $"hep {string.Join(' ', args)} exited {code}:\n{stderr}");
        return stdout;
    }

    /// <summary>Per-entry values of branches as JSROOT (an independent reader, scripts/jsroot-dump.mjs) decodes them.</summary>
    private static Dictionary<string, List<JsonElement>> JsrootValues(string path, string tree, params string[] branches)
    {
        var scripts = Path.Combine(RepoPaths.Root, "scripts");
        var (install, _, installError) = RunProcess("bash", [Path.Combine(scripts, "ensure-node-tools.sh")], TimeSpan.FromMinutes(5));
        Assert.True(install == 0, "scripts/ensure-node-tools.sh failed: " + installError);
        var (code, stdout, stderr) = RunProcess("node", [Path.Combine(scripts, "jsroot-dump.mjs"), path, tree, string.Join(',', branches)], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, "jsroot-dump.mjs failed: " + stderr);
        var values = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var root = JsonDocument.Parse(line).RootElement;
            var name = root.GetProperty("branch").GetString()!;
            Assert.False(root.TryGetProperty("error", out var error), $"JSROOT cannot read {name}: {error}");
            values[name] = root.GetProperty("values").EnumerateArray().ToList();
        }
        return values;
    }

    private static (int Code, string Stdout, string Stderr) RunProcess(string program, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
