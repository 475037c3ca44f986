using HepDsl.Generator.Emit;
using HepDsl.Parser;

namespace HepDsl.Generator.Tests.Emitter;

/// <summary>
/// Deciding which variations reach a histogram walks its whole expression: a 15,000-term sum under variations is
/// emitted on a small stack (the walk keeps its own stack), as the chain alone is.
/// </summary>
public class LongChainVariationTests
{
    [Fact]
    public void A_15000_term_sum_under_object_and_weight_variations_is_emitted_on_a_256_KB_stack()
    {
        var sum = "Jet[0].pt" + string.Concat(Enumerable.Repeat(" - x + x", 7500));
        var text = $"""
            analysis longvar
            tree t
            branch float32 x
            collection Jet[int32 nJet]: float32 pt
            variation scale: Jet.pt = pt * 1.03
            variation w: weight up 1.1, down 0.9
            cut "one jet": count(Jet) >= 1
            histogram h: {sum}, 10 bins from 0 to 100
            """;
        var compiled = HepCompiler.Compile("longvar.hep", text, _ => null);
        Assert.True(compiled.Model is not null, string.Join("\n", compiled.Diagnostics));
        string? emitted = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { emitted = AnalysisEmitter.Emit(compiled.Model!, "longvar.hep", "0"); }
            catch (Exception e) { failure = e; }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        // The object variation reads Jet.pt, which the sum reads: it reaches h; so do both weight passes.
        Assert.Contains("\"h_scale\"", emitted);
        Assert.Contains("\"h_w_up\"", emitted);
        Assert.Contains("\"h_w_down\"", emitted);
    }
}
