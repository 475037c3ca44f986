using System.Reflection;
using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace HepDsl.Generator.Tests.Emitter;

/// <summary>
/// Two properties of the emitted event loop: <c>and</c>/<c>or</c> evaluate their right side only when needed (so an
/// absent value there does not matter when the left side decides), and every statement's code carries #line
/// directives, so a runtime exception's stack trace names the .hep file and line.
/// </summary>
public class ShortCircuitAndLineMappingTests
{
    // Events 0..11: Muon has (i % 3) objects with pt 10, 20, ...; a = i % 4, b = i % 5.
    private static InMemoryEventSource Events() => new InMemoryEventSource(12)
        .Scalar("a", ColumnType.Int32, i => (int)(i % 4))
        .Scalar("b", ColumnType.Int32, i => (int)(i % 5))
        .Scalar("nMuon", ColumnType.Int32, i => (int)(i % 3))
        .Jagged("Muon_pt", ColumnType.Float32, i => Enumerable.Range(0, (int)(i % 3)).Select(k => 10f * (k + 1)).ToArray());

    private const string Declarations = "tree Events\nbranch int32 a, b\ncollection Muon[int32 nMuon]: float32 pt\n";

    private static (IAnalysis Analysis, string Source) Compile(string name, string body)
    {
        var path = Path.Combine(Path.GetTempPath(), "hep-emit", name + ".hep");
        var (output, diagnostics, run) = GeneratorHarness.Generate((path, $"analysis {name}\n" + Declarations + body));
        Assert.Empty(diagnostics);
        using var pe = new MemoryStream();
        var emitted = output.Emit(pe, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var assembly = Assembly.Load(pe.ToArray());
        var className = char.ToUpperInvariant(name[0]) + name[1..] + "Analysis";
        return (GeneratorHarness.Analysis(assembly, className), Assert.Single(run.GeneratedTrees).GetText().ToString());
    }

    private static long[] Cutflow(IAnalysis analysis)
    {
        var result = analysis.CreateResult();
        var source = Events();
        analysis.CreateProcessor().Process(source, new EntryRange(0, source.Entries), result);
        return result.Cutflow.Passed;
    }

    [Fact]
    public void Or_with_an_absent_right_side_is_decided_by_its_left_side()
    {
        // Muon[1] exists in events with 2 muons (i % 3 == 2): 2, 5, 8, 11. Its pt is 20.
        var (analysis, source) = Compile("shortor", "cut \"no second muon or a soft one\": not exists(Muon[1]) or Muon[1].pt < 15\ncount passed\n");
        // Every event without a second muon passes; none of the others (pt 20 is not below 15).
        Assert.Equal(new long[] { 12, 8 }, Cutflow(analysis));
        Assert.Contains("var or_1 = ", source);
    }

    [Fact]
    public void And_with_an_absent_right_side_is_false_when_its_left_side_is()
    {
        // Left side false (a != 0: 9 events) decides; where a == 0 (events 0, 4, 8) the right side needs Muon[1],
        // present only in event 8 (pt 20 > 15, so the cut's negation is false there).
        var (analysis, _) = Compile("shortand", "cut \"c\": not (a == 0 and Muon[1].pt > 15)\ncount passed\n");
        // Without short-circuit, events with a != 0 and no second muon would fail the cut for the absent value.
        // Passing: every a != 0 event (9) plus none of a == 0 (0, 4 absent -> cut fails; 8 has pt 20 > 15 -> inner true).
        Assert.Equal(new long[] { 12, 9 }, Cutflow(analysis));
    }

    [Fact]
    public void Runtime_exception_stack_trace_names_the_hep_line()
    {
        var (analysis, source) = Compile("divide", "histogram ok \"ok\": a, 10 bins from 0 to 10\nhistogram ratio \"a mod b\": a % b, 10 bins from 0 to 10\n");
        Assert.Contains("#line 6 \"divide.hep\"", source);
        var e = Assert.Throws<DivideByZeroException>(() => Cutflow(analysis));
        Assert.Contains("divide.hep:line 6", e.StackTrace);
    }

    [Fact]
    public void Missing_energy_from_px_py_gives_the_transverse_mass()
    {
        var text = "analysis metmt\ntree events\nobject MET: float32 px, py; fourvector pxpy(px, py)\n"
            + "collection Muon[int32 NMuon]: float32 Px, Py, Pz, E; fourvector pxpypze(Px, Py, Pz, E)\n"
            + "cut \"one muon\": count(Muon) >= 1\nsum mt: mt(MET, leading(Muon))\nsum met: MET.pt\n";
        var (output, diagnostics, _) = GeneratorHarness.Generate((Path.Combine(Path.GetTempPath(), "hep-emit", "metmt.hep"), text));
        Assert.Empty(diagnostics);
        var analysis = GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), "MetmtAnalysis");
        // Event i: MET (3i, 4) and one muon with (px, py, pz, E) = (0, 10, 5, 12).
        var source = new InMemoryEventSource(4)
            .Scalar("MET_px", ColumnType.Float32, i => 3f * i)
            .Scalar("MET_py", ColumnType.Float32, _ => 4f)
            .Scalar("NMuon", ColumnType.Int32, _ => 1)
            .Jagged("Muon_Px", ColumnType.Float32, _ => new[] { 0f })
            .Jagged("Muon_Py", ColumnType.Float32, _ => new[] { 10f })
            .Jagged("Muon_Pz", ColumnType.Float32, _ => new[] { 5f })
            .Jagged("Muon_E", ColumnType.Float32, _ => new[] { 12f });
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(source, new EntryRange(0, source.Entries), result);

        double mt = 0, met = 0;
        for (var i = 0; i < 4; i++)
        {
            var pt = Math.Sqrt(9.0 * i * i + 16.0);
            var dphi = Math.PI / 2 - Math.Atan2(4.0, 3.0 * i);
            mt += Math.Sqrt(2 * pt * 10.0 * (1 - Math.Cos(dphi)));
            met += pt;
        }
        Assert.Equal(met, result.Aggregate("met").SumWX, 9);
        Assert.Equal(mt, result.Aggregate("mt").SumWX, 9);
    }
}
