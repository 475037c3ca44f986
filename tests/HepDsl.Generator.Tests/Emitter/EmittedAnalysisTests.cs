using System.Reflection;
using HepDsl.Generator.Emit;
using CSharpSyntaxTree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree;
using HepDsl.Tests.HandWritten;
using HepDsl.Generator.Tests.Support;
using HepDsl.Parser.Model;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Generator.Tests.Emitter;

/// <summary>
/// The emitter on hand-built models of Q1, Q5 and Q6: the C# compiles with warnings as errors, runs through the
/// real TTree reader on NanoAOD, matches the hand-written analyses bin for bin, and allocates nothing per event.
/// </summary>
public class EmittedAnalysisTests
{
    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var sources = new[] { Models.Q1, Models.Q5, Models.Q6 }
            .Select(m => CSharpSyntaxTree.ParseText(AnalysisEmitter.Emit(m, m.File, "model-hash"), GeneratorHarness.ParseOptions, path: m.Name + ".g.cs"));
        return GeneratorHarness.EmitAndLoad(GeneratorHarness.EmptyCompilation("EmittedModels").AddSyntaxTrees(sources));
    });

    public static TheoryData<string> Names => new() { "q1", "q5", "q6" };

    private static AnalysisModel Model(string name) => name switch { "q1" => Models.Q1, "q5" => Models.Q5, _ => Models.Q6 };

    private static IAnalysis HandWritten(string name) => name switch
    {
        "q1" => new Q1Analysis(),
        "q5" => new Q5Analysis(),
        _ => new Q6Analysis(),
    };

    private static ResultSet RunOnNanoAod(IAnalysis analysis)
    {
        using var file = RootFile.Open(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"));
        using var tree = file.OpenTree("Events");
        var result = analysis.CreateResult();
        var processor = analysis.CreateProcessor();
        // Uneven ranges, as partitions would be.
        processor.Process(tree, new EntryRange(0, 77), result);
        processor.Process(tree, new EntryRange(77, tree.Entries - 77), result);
        return result;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Emitted_analysis_matches_the_hand_written_one_on_NanoAOD(string name)
    {
        var emitted = GeneratorHarness.Analysis(Compiled.Value, char.ToUpperInvariant(name[0]) + name[1..] + "Analysis");
        var expected = RunOnNanoAod(HandWritten(name));
        var actual = RunOnNanoAod(emitted);

        Assert.Equal(200, actual.EntriesProcessed);
        Assert.Equal(expected.Cutflow.Names, actual.Cutflow.Names);
        Assert.Equal(expected.Cutflow.Passed, actual.Cutflow.Passed);
        Assert.Equal(expected.Histograms.Count, actual.Histograms.Count);
        for (var i = 0; i < expected.Histograms.Count; i++)
        {
            Assert.Equal(expected.Histograms[i].Name, actual.Histograms[i].Name);
            Assert.Equal(expected.Histograms[i].SumW, actual.Histograms[i].SumW);
            Assert.Equal(expected.Histograms[i].Entries, actual.Histograms[i].Entries);
        }
        for (var i = 0; i < expected.Aggregates.Count; i++)
            Assert.Equal(expected.Aggregates[i].SumWX, actual.Aggregates[i].SumWX, 9);
    }

    [Fact]
    public void Q6_on_NanoAOD_selects_events_and_fills_each_once()
    {
        var result = RunOnNanoAod(GeneratorHarness.Analysis(Compiled.Value, "Q6Analysis"));
        var passed = result.Cutflow.Passed[1];
        Assert.InRange(passed, 1, 199); // the 3-jet cut must both pass and fail some ttbar events
        Assert.All(result.Histograms, h => Assert.Equal(passed, h.Entries));
        Assert.Equal(passed, result.Aggregates[0].Entries);
        Assert.InRange(result.Aggregates[0].Value, 100, 250); // mean trijet mass near the top mass
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Emitted_event_loop_allocates_nothing_per_event(string name)
    {
        using var file = RootFile.Open(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"));
        using var tree = file.OpenTree("Events");
        var analysis = GeneratorHarness.Analysis(Compiled.Value, char.ToUpperInvariant(name[0]) + name[1..] + "Analysis");
        Assert.Equal(0, AllocationChecks.ExtraBytesOnceWarm(analysis, tree));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Emitted_source_is_stable(string name) =>
        GoldenFile.Verify("model-" + name, AnalysisEmitter.Emit(Model(name), name + ".hep", "model-hash"));

    [Fact]
    public void Typed_result_exposes_histograms_by_name()
    {
        var analysis = GeneratorHarness.Analysis(Compiled.Value, "Q6Analysis");
        var result = RunOnNanoAod(analysis);
        var resultType = Compiled.Value.GetType("HepDsl.Analyses.Q6Result")!;
        var typed = resultType.GetMethod("From")!.Invoke(null, [result])!;
        var histograms = resultType.GetProperty("Histograms")!.GetValue(typed)!;
        var trijetPt = histograms.GetType().GetProperty("TrijetPt")!.GetValue(histograms);
        Assert.Same(result.Histogram("trijet_pt"), trijetPt);
        var other = GeneratorHarness.Analysis(Compiled.Value, "Q1Analysis").CreateResult();
        var e = Assert.Throws<TargetInvocationException>(() => resultType.GetMethod("From")!.Invoke(null, [other]));
        Assert.IsType<ArgumentException>(e.InnerException);
    }
}
