using System;
using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Operators: arithmetic and boolean chains (with long chains hoisted into locals), comparisons, <c>if then else</c>.</summary>
internal sealed partial class ExpressionEmitter
{
    /// <summary>
    /// A chain <c>a + b + c + ...</c> leans left as deep as it is long: its left operands are walked with a loop
    /// (innermost first, so evaluation stays left to right), and every <see cref="ChainSplit"/> links the value so
    /// far goes into a local, so the C# compiler never sees brackets nested deeper than that.
    /// </summary>
    private string Binary(Binary b)
    {
        var spine = new List<Binary>();
        Expr e = b;
        while (e is Binary s) { spine.Add(s); e = s.Left; }
        var left = Value(e);
        for (var k = spine.Count - 1; k >= 0; k--)
        {
            var link = spine[k];
            left = link.Op is BinaryOp.And or BinaryOp.Or ? ShortCircuit(link, left) : Arithmetic(link, left, Value(link.Right));
            if (k > 0 && (spine.Count - k) % ChainSplit == 0) left = Hoist(left, "var", "chain");
        }
        return left;
    }

    private const int ChainSplit = 32;

    private static string Arithmetic(Binary b, string left, string right) => b.Op switch
    {
        BinaryOp.Add => $"({left} + {right})",
        BinaryOp.Subtract => $"({left} - {right})",
        BinaryOp.Multiply => $"({left} * {right})",
        BinaryOp.Divide => b.Type.Kind == TypeKind.Float ? $"((double){left} / {right})" : $"({left} / {right})",
        BinaryOp.Modulo => $"({left} % {right})",
        BinaryOp.Power => $"Math.Pow({left}, {right})",
        _ => throw new NotSupportedException(b.Op.ToString()),
    };

    /// <summary>
    /// <c>and</c>/<c>or</c>: the right side is evaluated only when the left does not decide, like C#'s
    /// <c>&amp;&amp;</c>/<c>||</c>. When the right side needs code before it (loops, missing-value checks), that code
    /// moves into an <c>if</c>, so <c>not exists(j) or j.pt &gt; 30</c> is true for an absent <c>j</c>.
    /// </summary>
    private string ShortCircuit(Binary b, string left)
    {
        var and = b.Op == BinaryOp.And;
        var start = W.Length;
        var right = Value(b.Right);
        if (W.Length == start) return and ? $"({left} && {right})" : $"({left} || {right})";
        var prelude = W.CutFrom(start);
        var result = _scope.Fresh(and ? "and" : "or");
        W.Line($"var {result} = {left};");
        W.Open(and ? $"if ({result})" : $"if (!{result})");
        W.Indented(prelude);
        W.Line($"{result} = {right};");
        W.Close();
        return result;
    }

    /// <summary><c>60 &lt; m &lt; 120</c>: the middle operands are evaluated once, into locals.</summary>
    private string Comparison(Comparison c)
    {
        var operands = new string[c.Operands.Count];
        for (var i = 0; i < operands.Length; i++)
        {
            var value = Value(c.Operands[i]);
            operands[i] = i > 0 && i < operands.Length - 1 ? Hoist(value, CSharp.Type(c.Operands[i].Type), "c") : value;
        }
        var parts = new List<string>();
        for (var i = 0; i < c.Ops.Count; i++)
        {
            var (l, r) = (c.Operands[i].Type, c.Operands[i + 1].Type);
            // An object of a union and one of its member collection: the member's index moved to the union's.
            if (l.Kind == TypeKind.Object && r.Kind == TypeKind.Object && l.Collection != r.Collection)
            {
                var same = SameObject(l.Collection, operands[i], r.Collection, operands[i + 1])
                    ?? throw new InvalidOperationException($"objects of '{l.Collection}' and '{r.Collection}' compared at {c.Span}");
                parts.Add(c.Ops[i] == CompareOp.Equal ? $"({same})" : $"!({same})");
                continue;
            }
            parts.Add($"{operands[i]} {Operator(c.Ops[i])} {operands[i + 1]}");
        }
        return "(" + string.Join(" && ", parts) + ")";
    }

    private static string Operator(CompareOp op) => op switch
    {
        CompareOp.Less => "<",
        CompareOp.LessOrEqual => "<=",
        CompareOp.Greater => ">",
        CompareOp.GreaterOrEqual => ">=",
        CompareOp.Equal => "==",
        CompareOp.NotEqual => "!=",
        _ => throw new NotSupportedException(op.ToString()),
    };

    /// <summary>
    /// <c>if C then A else B</c>: only the branch C chooses is evaluated, so only its absent values make the result
    /// absent. Branches that need code before them (loops, missing-value checks) get it inside an <c>if</c>/<c>else</c>.
    /// </summary>
    private string Conditional(Conditional c)
    {
        var condition = Value(c.Condition);
        var start = W.Length;
        var then = Value(c.Then);
        var thenPrelude = W.CutFrom(start);
        var otherwise = Value(c.Else);
        var elsePrelude = W.CutFrom(start);
        var asDouble = c.Type.Kind == TypeKind.Float ? "(double)" : "";
        if (thenPrelude.Length == 0 && elsePrelude.Length == 0)
            return $"({condition} ? {asDouble}{then} : {asDouble}{otherwise})";
        var result = _scope.Fresh("cond");
        W.Line($"{CSharp.Type(c.Type.AsRequired())} {result};");
        W.Open($"if ({condition})");
        if (thenPrelude.Length > 0) W.Indented(thenPrelude);
        W.Line($"{result} = {asDouble}{then};");
        W.Close();
        W.Open("else");
        if (elsePrelude.Length > 0) W.Indented(elsePrelude);
        W.Line($"{result} = {asDouble}{otherwise};");
        W.Close();
        return result;
    }
}
