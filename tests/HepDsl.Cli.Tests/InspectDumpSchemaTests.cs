using System.Globalization;
using System.Text.Json;
using HepDsl.Cli.Commands;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime;

namespace HepDsl.Cli.Tests;

public class InspectDumpSchemaTests
{
    [Fact]
    public void Inspect_lists_every_branch_with_type_entries_baskets_and_compression()
    {
        var output = new StringWriter();
        InspectCommand.Write(output, RepoPaths.Data("uproot-HZZ-lz4.root"));
        var lines = output.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("tree events: 2,421 entries, 51 branches", StringComparison.Ordinal));
        using var tree = TreeSource.Open(RepoPaths.Data("uproot-HZZ-lz4.root"), "events");
        foreach (var b in tree.Branches)
        {
            var row = lines.Single(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() == b.Name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(b.Column!.RootTypeName, row[1]);
            Assert.Equal(b.Entries.ToString(CultureInfo.InvariantCulture), row[2]);
            Assert.Equal(b.BasketCount.ToString(CultureInfo.InvariantCulture), row[3]);
            Assert.Equal("lz4", row[4]);
        }
    }

    [Fact]
    public void Inspect_explains_files_without_trees()
    {
        var output = new StringWriter();
        InspectCommand.Write(output, RepoPaths.Data("uproot-histograms.root"));
        Assert.Contains("no trees; other objects:", output.ToString());
    }

    [Fact]
    public void Inspect_lists_an_rntuple_with_fields_columns_encodings_and_clusters()
    {
        var output = new StringWriter();
        InspectCommand.Write(output, RepoPaths.Data("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root"));
        var text = output.ToString();
        Assert.Contains("rntuple Events: 1,000 entries, 18 fields, 6 columns, 1 cluster group, 1 cluster; format 1.0.0.0", text);
        Assert.Matches(@"nMuon\s+ROOT::RNTupleCardinality<std::uint32_t>\s+projected leaf\s+#0 SplitIndex64 \(split\+delta\) \(alias\)", text);
        Assert.Matches(@"_collection0\.Muon_charge\s+std::int32_t\s+leaf\s+#5 SplitInt32 \(split\+zigzag\)\s+1\s+zstd level 5", text);
        Assert.Contains("cluster 0 (group 0): entries [0, 1000), 6 pages", text);
    }

    [Fact]
    public void Dump_of_an_rntuple_prints_values_as_for_a_ttree()
    {
        // Values from UnROOT.jl test/rntuple.jl "stl containers (v1.0)" and the Muons file's first entries.
        var output = new StringWriter();
        DumpCommand.Write(output, RepoPaths.Data("test_stl_containers_rntuple_v1-0-0-0.root"), "ntuple", ["string", "vector_int32", "array_float"], 0, 2);
        Assert.Equal(["{\"string\": \"one\", \"vector_int32\": [1], \"array_float\": [1, 1, 1]}",
                      "{\"string\": \"two\", \"vector_int32\": [1, 2], \"array_float\": [2, 2, 2]}"],
                     output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        var refused = Assert.Throws<HepDataException>(() => DumpCommand.Write(new StringWriter(), RepoPaths.Data("test_stl_containers_rntuple_v1-0-0-0.root"), "ntuple", ["vector_variant_int64_string"]));
        Assert.Contains("field 'vector_variant_int64_string' (std::vector<std::variant<std::int64_t,std::string>>) cannot be read", refused.Message);
    }

    [Fact]
    public void Schema_of_the_nanoaod_rntuple_import_declares_nanoaod_collections()
    {
        var text = SchemaCommand.Write(RepoPaths.Data("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root"), null);
        Assert.Contains("collection Muon[uint32 nMuon]:", text);
        Assert.Contains("fourvector ptetaphim(pt, eta, phi, mass)", text);
    }

    [Fact]
    public void Dump_writes_one_json_object_per_entry_with_the_stored_values()
    {
        string path = RepoPaths.Data("uproot-HZZ.root");
        var output = new StringWriter();
        DumpCommand.Write(output, path, "events", ["NJet", "Jet_Px", "MET_px", "triggerIsoMu24"], first: 10, entries: 50);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, lines.Length);
        using var tree = TreeSource.Open(path, "events");
        var px = Read<float>(tree, "Jet_Px", 10, 50);
        var met = Read<float>(tree, "MET_px", 10, 50);
        for (int i = 0; i < lines.Length; i++)
        {
            var entry = JsonDocument.Parse(lines[i]).RootElement;
            Assert.Equal(["NJet", "Jet_Px", "MET_px", "triggerIsoMu24"], entry.EnumerateObject().Select(p => p.Name));
            // Floats print in their own shortest round-trip form: parsing the text as float gives the stored value back.
            Assert.Equal(met.Values[i], float.Parse(entry.GetProperty("MET_px").GetRawText(), CultureInfo.InvariantCulture));
            Assert.Equal(px.Entry(i).ToArray(), entry.GetProperty("Jet_Px").EnumerateArray().Select(v => float.Parse(v.GetRawText(), CultureInfo.InvariantCulture)));
            Assert.Equal(px.Entry(i).Length, entry.GetProperty("NJet").GetInt32());
            Assert.Equal(JsonValueKind.True, entry.GetProperty("triggerIsoMu24").ValueKind);
        }
        var one = new StringWriter();
        DumpCommand.Write(one, path, "events", ["MET_px"], first: 5, entries: 1);
        Assert.Equal("{\"MET_px\": -3.7594752}\n", one.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Dump_of_every_nanoaod_branch_is_valid_json_including_nan()
    {
        var output = new StringWriter();
        DumpCommand.Write(output, RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"), null, null);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, lines.Length);
        foreach (var line in lines) Assert.True(JsonDocument.Parse(line).RootElement.EnumerateObject().Count() >= 900);
        Assert.Contains("\"HTXS_Higgs_y\": \"NaN\"", lines[0]);
    }

    [Fact]
    public void Dump_writes_strings_and_fixed_arrays()
    {
        var output = new StringWriter();
        DumpCommand.Write(output, RepoPaths.Data("uproot-sample-6.20.04-zlib.root"), "sample", ["str", "ai4", "Af8"], entries: 2);
        Assert.Equal("{\"str\": \"hey-0\", \"ai4\": [-14, -13, -12], \"Af8\": []}\n{\"str\": \"hey-1\", \"ai4\": [-13, -12, -11], \"Af8\": [-15]}\n",
                     output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Dump_names_the_missing_branch()
    {
        var e = Assert.Throws<HepDataException>(() => DumpCommand.Write(new StringWriter(), RepoPaths.Data("uproot-HZZ.root"), "events", ["Jet_Pxx"]));
        Assert.Contains("Jet_Pxx", e.Message);
        Assert.Contains("uproot-HZZ.root", e.Message);
    }

    [Theory]
    [InlineData("uproot-HZZ.root")]
    [InlineData("uproot-Zmumu.root")]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root")]
    public void Schema_declares_every_readable_branch_exactly_once(string name)
    {
        string path = RepoPaths.Data(name);
        string text = SchemaCommand.Write(path, null);
        using var tree = TreeSource.Open(path, name.StartsWith("nano", StringComparison.Ordinal) ? "Events" : "events");
        var draft = SchemaDraft.Of(tree);
        var declared = draft.Collections.SelectMany(c => c.Fields.Select(f => f.Branch).Append(c.Counter))
            .Concat(draft.Singletons.SelectMany(s => s.Fields.Select(f => f.Branch)))
            .Concat(draft.Branches.Select(b => b.Name))
            .Concat(draft.Undeclared.Select(u => u.Name)).ToList();
        Assert.Equal(declared.Count, declared.Distinct().Count());
        var expected = tree.Columns.Select(c => c.Name).Concat(tree.Branches.Where(b => b.Column is null).Select(b => b.Name)).Order().ToList();
        Assert.Equal(expected, declared.Order().ToList());
        foreach (var c in tree.Columns.Where(c => c.Type == ColumnType.String)) Assert.Contains($"# not declared: {c.Name}", text);
    }

    /// <summary>The printed declarations are valid .hep: with an analysis line and one output they check clean.</summary>
    [Theory]
    [InlineData("uproot-HZZ.root", "count(Muon) + count(Jet)")]
    [InlineData("uproot-HZZ-zstd.root", "mass(sum(Muon))")]
    [InlineData("uproot-Zmumu.root", "M + px1")]
    [InlineData("uproot-Zmumu-lz4.root", "Q1 * Q2")]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root", "mass(sum(Jet)) + MET.pt")]
    [InlineData("uproot-sample-6.20.04-zlib.root", "i4 + f8 + ai4[2] + af8[0] + au1[1]")]
    [InlineData("uproot-small-flat-tree.root", null)]
    public void Schema_output_checks_clean(string name, string? use)
    {
        string schema = SchemaCommand.Write(RepoPaths.Data(name), null);
        string text = "analysis schema_check\n" + schema + (use is null ? "count events\n" : $"mean used: {use}\n");
        var result = HepDsl.Parser.HepCompiler.Compile("schema_check.hep", text, _ => null);
        var errors = result.Diagnostics.Where(d => d.Severity == HepDsl.Parser.Severity.Error).ToList();
        Assert.True(errors.Count == 0, $"{name}:\n{string.Join("\n", errors.Select(e => $"{e.Line}:{e.Column} {e.Id} {e.Message}"))}\n---\n{text}");
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void Schema_groups_nanoaod_collections_with_four_vectors()
    {
        using var tree = TreeSource.Open(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"), "Events");
        var draft = SchemaDraft.Of(tree);
        var jet = draft.Collections.Single(c => c.Name == "Jet");
        Assert.Equal("nJet", jet.Counter);
        Assert.Contains(jet.Fields, f => f.Name == "pt" && f.Branch == "Jet_pt" && f.Type == ColumnType.Float32);
        Assert.Equal(ColumnType.UInt32, jet.CounterType);
        Assert.Equal("ptetaphim", jet.FourVector!.Kind);
        Assert.Equal(new[] { "pt", "eta", "phi", "mass" }, jet.FourVector!.Fields);
        var met = draft.Singletons.Single(s => s.Name == "MET");
        Assert.Equal("ptphi", met.FourVector!.Kind);
    }

    [Fact]
    public void Schema_declares_fixed_size_arrays_and_a_px_py_missing_energy()
    {
        string sample = SchemaCommand.Write(RepoPaths.Data("uproot-sample-6.20.04-zlib.root"), null);
        Assert.Matches(@"(?m)^branch int32 .*\bai4\[3\]", sample);
        Assert.Matches(@"(?m)^branch float64 .*\baf8\[3\]", sample);
        Assert.Contains("int32 Ai4 as i4", sample); // counted arrays with free names: collection A[int32 n]
        using var tree = TreeSource.Open(RepoPaths.Data("uproot-HZZ.root"), "events");
        var met = SchemaDraft.Of(tree).Singletons.Single(s => s.Name == "MET");
        Assert.Equal("pxpy", met.FourVector!.Kind);
        Assert.Equal(new[] { "px", "py" }, met.FourVector.Fields);
    }

    private static ColumnBuffer<T> Read<T>(TreeSource tree, string column, long first, int count) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        tree.Column<T>(column).Read(first, count, buffer);
        return buffer;
    }
}
