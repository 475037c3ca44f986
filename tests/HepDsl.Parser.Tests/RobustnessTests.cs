using System.Collections;
using HepDsl.Parser;
using HepDsl.Parser.Model;
using HepDsl.Parser.Diagnostics;

namespace HepDsl.Parser.Tests;

/// <summary>The checker never throws, and models never keep checker-internal nodes or error types.</summary>
public class RobustnessTests
{
    [Fact]
    public void Truncated_and_damaged_samples_give_diagnostics_not_exceptions()
    {
        var checkedCount = 0;
        foreach (var path in TestSupport.Samples())
        {
            var text = File.ReadAllText(path);
            for (var cut = 0; cut < text.Length; cut += 7)
            {
                var truncated = text.Substring(0, cut);
                var damaged = text.Substring(0, cut) + "(@" + text.Substring(cut);
                foreach (var variant in new[] { truncated, damaged })
                {
                    var result = HepCompiler.Compile(path, variant, _ => null);
                    Assert.True(result.Model != null || result.Diagnostics.Any(d => d.Severity == Severity.Error),
                        $"no model and no error for {path} cut at {cut}");
                    checkedCount++;
                }
            }
        }
        Assert.True(checkedCount > 500);
    }

    [Fact]
    public void Sample_models_hold_only_model_nodes_with_resolved_types()
    {
        foreach (var path in TestSupport.Samples())
        {
            var model = TestSupport.CompileFile(path).Model!;
            var exprs = new List<Expr>();
            Walk(model, exprs, new HashSet<object>(ReferenceEqualityComparer.Instance));
            Assert.NotEmpty(exprs);
            foreach (var e in exprs)
            {
                Assert.True(e.GetType().Namespace == "HepDsl.Parser.Model", $"{path}: {e.GetType().Name} left in the model");
                Assert.True(e.Type.Kind != TypeKind.Values && e.Type.Kind != TypeKind.Error, $"{path}: {ModelPrinter.Expression(e)} has type {e.Type}");
                Assert.NotEqual(0, e.Span.Line);
            }
        }
    }

    private static void Walk(object? node, List<Expr> found, HashSet<object> seen)
    {
        if (node == null || node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !seen.Add(node)) return;
        if (node is Expr e) found.Add(e);
        if (node is IEnumerable items)
        {
            foreach (var item in items) Walk(item, found, seen);
            return;
        }
        if (node.GetType().Namespace?.StartsWith("HepDsl.Parser", StringComparison.Ordinal) != true) return;
        foreach (var p in node.GetType().GetProperties())
            if (p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                Walk(p.GetValue(node), found, seen);
    }
}
