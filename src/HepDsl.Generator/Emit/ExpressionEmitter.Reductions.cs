using System;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Iterations that fold tuples into one value: <c>any</c>/<c>all</c>/<c>none</c>, <c>count</c>/<c>sum</c>/<c>min</c>/<c>max</c>/<c>mean</c>, and the best candidate.</summary>
internal sealed partial class ExpressionEmitter
{
    private string Quantifier(Quantifier q)
    {
        var result = _scope.Fresh(q.Kind.ToString().ToLowerInvariant());
        var done = _scope.Fresh("done");
        W.Line($"var {result} = {(q.Kind == QuantifierKind.Any ? "false" : "true")};");
        Loops(q.Over, () =>
        {
            var p = Predicate(q.Predicate);
            switch (q.Kind)
            {
                case QuantifierKind.Any: W.Open($"if ({p})").Line($"{result} = true;").Line($"goto {done};").Close(); break;
                case QuantifierKind.All: W.Open($"if (!{p})").Line($"{result} = false;").Line($"goto {done};").Close(); break;
                default: W.Open($"if ({p})").Line($"{result} = false;").Line($"goto {done};").Close(); break;
            }
        });
        W.Line($"{done}: ;");
        return result;
    }

    private string Reduction(Reduction r)
    {
        var result = _scope.Fresh(r.Kind.ToString().ToLowerInvariant());
        switch (r.Kind)
        {
            case ReductionKind.Count when r.Over.Variables.Count == 1 && r.Over.Where is null && r.Over.Variables[0].Source is CollectionRef all:
                return "(long)" + EventScope.CountOf(all.Collection);
            case ReductionKind.Count:
                W.Line($"long {result} = 0;");
                Loops(r.Over, () => W.Line($"{result}++;"));
                return result;
            case ReductionKind.Sum:
                W.Line($"{CSharp.Type(r.Type.AsRequired())} {result} = 0;");
                Loops(r.Over, () => W.Line($"{result} += {Value(r.Value!)};"));
                return result;
            case ReductionKind.Product:
                W.Line($"double {result} = 1;");
                Loops(r.Over, () => W.Line($"{result} *= {Value(r.Value!)};"));
                return result;
            case ReductionKind.FourVectorSum:
                W.Line($"var {result} = LorentzVector.Zero;");
                Loops(r.Over, () => W.Line($"{result} = {result} + {Value(r.Value!)};"));
                return result;
            case ReductionKind.Min:
            case ReductionKind.Max:
            {
                var has = _scope.Fresh("has");
                var better = r.Kind == ReductionKind.Min ? "<" : ">";
                W.Line($"{CSharp.Type(r.Type.AsRequired())} {result} = 0;");
                W.Line($"var {has} = false;");
                Loops(r.Over, () =>
                {
                    var v = Hoist(Value(r.Value!), CSharp.Type(r.Type.AsRequired()), "v");
                    W.Open($"if (!{has} || {v} {better} {result})").Line($"{result} = {v};").Line($"{has} = true;").Close();
                });
                _scope.FailIf("!" + has);
                return result;
            }
            case ReductionKind.Mean:
            {
                var n = _scope.Fresh("n");
                W.Line($"double {result} = 0;");
                W.Line($"long {n} = 0;");
                Loops(r.Over, () =>
                {
                    W.Line($"{result} += {Value(r.Value!)};");
                    W.Line($"{n}++;");
                });
                _scope.FailIf(n + " == 0");
                return $"({result} / {n})";
            }
            default:
                throw new NotSupportedException(r.Kind.ToString());
        }
    }

    /// <summary>The best tuple as one object local per variable (checked present). Ties keep the first tuple.</summary>
    private string[] Best(Best best)
    {
        var target = best.Kind == BestKind.ClosestTo ? Hoist(Value(best.Target!), "double", "target") : null;
        var slots = best.Over.Variables.Select(v => _scope.Fresh("best_" + v.Name)).ToArray();
        var score = _scope.Fresh("best_score");
        W.Line($"int {string.Join(", ", slots.Select(s => s + " = -1"))};");
        W.Line($"double {score} = 0;");
        Loops(best.Over, () =>
        {
            var key = Hoist(Value(best.Key), "double", "key");
            var (value, better) = best.Kind switch
            {
                BestKind.ClosestTo => ($"Math.Abs({key} - {target})", "<"),
                BestKind.MinBy => (key, "<"),
                _ => (key, ">"),
            };
            var candidate = Hoist(value, "double", "score");
            W.Open($"if ({slots[0]} < 0 || {candidate} {better} {score})");
            W.Line($"{score} = {candidate};");
            for (var k = 0; k < slots.Length; k++) W.Line($"{slots[k]} = {_scope.Variables[best.Over.Variables[k].Name]};");
            W.Close();
        });
        _scope.FailIf(slots[0] + " < 0");
        return slots;
    }
}
