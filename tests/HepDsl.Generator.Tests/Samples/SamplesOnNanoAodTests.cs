using System.Reflection;
using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Physics;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Generator.Tests.Samples;

/// <summary>
/// The real path: samples/adl/q1.hep and q5.hep through the generator driver, compiled in memory, loaded, and run
/// through the TTree reader on the NanoAOD file; compared with plain loops over the same columns.
/// </summary>
public class SamplesOnNanoAodTests
{
    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, diagnostics, _) = GeneratorHarness.Generate(SampleFiles.All());
        Assert.Empty(diagnostics);
        return GeneratorHarness.EmitAndLoad(output);
    });

    private static string NanoAod => RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root");

    private static ResultSet Run(string analysisType)
    {
        using var file = RootFile.Open(NanoAod);
        using var tree = file.OpenTree("Events");
        var analysis = GeneratorHarness.Analysis(Compiled.Value, analysisType);
        Assert.Equal("Events", analysis.Info.TreeName);
        var result = analysis.CreateResult();
        var processor = analysis.CreateProcessor();
        processor.Process(tree, new EntryRange(0, 120), result);
        processor.Process(tree, new EntryRange(120, tree.Entries - 120), result);
        return result;
    }

    private static ColumnBuffer<T> Column<T>(string branch) where T : unmanaged
    {
        using var file = RootFile.Open(NanoAod);
        using var tree = file.OpenTree("Events");
        var buffer = new ColumnBuffer<T>();
        tree.Column<T>(branch).Read(0, (int)tree.Entries, buffer);
        return buffer;
    }

    [Fact]
    public void Q1_histograms_MET_of_every_event()
    {
        var result = Run("Q1Analysis");
        var histogram = (Histogram1D)Assert.Single(result.Histograms);
        var expected = new Histogram1D("expected", "", histogram.X);
        var met = Column<float>("MET_pt");
        for (var e = 0; e < met.Entries; e++) expected.Fill(met.Values[e]);

        Assert.Equal(200, result.EntriesProcessed);
        Assert.Equal(200, histogram.Entries);
        Assert.Equal(expected.SumW, histogram.SumW);
        Assert.Equal(expected.StatSumWX, histogram.StatSumWX, 6);
    }

    [Fact]
    public void Q5_selects_opposite_charge_dimuons_in_the_Z_window()
    {
        var result = Run("Q5Analysis");
        var histogram = (Histogram1D)Assert.Single(result.Histograms);
        var expected = new Histogram1D("expected", "", histogram.X);
        var met = Column<float>("MET_pt");
        var pt = Column<float>("Muon_pt");
        var eta = Column<float>("Muon_eta");
        var phi = Column<float>("Muon_phi");
        var mass = Column<float>("Muon_mass");
        var charge = Column<int>("Muon_charge");
        var pairs = 0;
        var passed = 0;
        for (var e = 0; e < met.Entries; e++)
        {
            var ok = false;
            for (var i = pt.Offsets[e]; i < pt.Offsets[e + 1]; i++)
                for (var j = i + 1; j < pt.Offsets[e + 1]; j++)
                {
                    pairs++;
                    var m = (LorentzVector.FromPtEtaPhiM(pt.Values[i], eta.Values[i], phi.Values[i], mass.Values[i])
                             + LorentzVector.FromPtEtaPhiM(pt.Values[j], eta.Values[j], phi.Values[j], mass.Values[j])).Mass;
                    ok |= charge.Values[i] != charge.Values[j] && m > 60 && m < 120;
                }
            if (!ok) continue;
            passed++;
            expected.Fill(met.Values[e]);
        }

        Assert.True(pairs > 0, "the sample has no muon pairs: the test would prove nothing");
        Assert.Equal([200, passed], result.Cutflow.Passed);
        Assert.Equal(passed, histogram.Entries);
        Assert.Equal(expected.SumW, histogram.SumW);
    }

    [Fact]
    public void Analysis_info_lists_the_branches_read_with_their_declared_types()
    {
        var analysis = GeneratorHarness.Analysis(Compiled.Value, "Q5Analysis");
        var branches = analysis.Info.Branches.ToDictionary(b => b.Name);
        Assert.Equal(ColumnType.Float32, branches["MET_pt"].Type);
        Assert.Equal(ColumnShape.Jagged, branches["Muon_pt"].Shape);
        Assert.Equal(ColumnType.Int32, branches["Muon_charge"].Type);
        Assert.Equal("q5.hep", analysis.Info.SourceFile);
        Assert.Matches("^[0-9a-f]{64}$", analysis.Info.SourceHash);
    }

    [Fact]
    public void Every_sample_for_NanoAOD_runs_on_it_without_allocating_per_event()
    {
        using var file = RootFile.Open(NanoAod);
        using var tree = file.OpenTree("Events");
        var analyses = Compiled.Value.GetCustomAttributes<AnalysisEntryAttribute>()
            .Select(a => (IAnalysis)Activator.CreateInstance(a.AnalysisType)!)
            .Where(a => a.Info.TreeName == "Events")
            .ToList();
        Assert.True(analyses.Count >= 8, $"only {analyses.Count} NanoAOD analyses");
        foreach (var analysis in analyses)
        {
            var result = analysis.CreateResult();
            analysis.CreateProcessor().Process(tree, new EntryRange(0, tree.Entries), result);
            Assert.Equal(200, result.Cutflow.Passed[0]);
            var bytes = AllocationChecks.ExtraBytesOnceWarm(analysis, tree);
            Assert.True(bytes == 0, $"{analysis.Info.Name}: {bytes} bytes allocated by the extra events");
        }
    }

    [Theory]
    [InlineData("ZmumuAnalysis", "uproot-Zmumu.root", 2304)]
    [InlineData("HzzAnalysis", "uproot-HZZ.root", 2421)]
    public void Other_samples_run_on_their_files(string analysisType, string fileName, long entries)
    {
        using var file = RootFile.Open(RepoPaths.Data(fileName));
        var analysis = GeneratorHarness.Analysis(Compiled.Value, analysisType);
        using var tree = file.OpenTree(analysis.Info.TreeName);
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(tree, new EntryRange(0, tree.Entries), result);
        Assert.Equal(entries, result.EntriesProcessed);
        Assert.Equal(entries, result.Cutflow.Passed[0]);
        Assert.Contains(result.Histograms, h => h.Entries > 0);
        Assert.Equal(0, AllocationChecks.ExtraBytesOnceWarm(analysis, tree));
    }
}
