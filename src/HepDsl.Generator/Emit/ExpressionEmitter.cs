using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>
/// Turns typed .hep expressions into C#. Simple nodes become C# expressions; iterations (any/all, reductions,
/// best candidates, selections, sortings) become loops written just before the statement that needs them, into
/// locals and processor-owned index lists, so nothing is allocated per event. Objects are <c>int</c> indices
/// into their collection; a missing optional value jumps to the innermost <see cref="FailTarget"/>.
/// This file holds the dispatch over value nodes; values are written by <c>.Objects</c>, <c>.FourVectors</c>,
/// <c>.Operators</c> and <c>.Calls</c>, iterations by <c>.Loops</c>, <c>.Reductions</c> and <c>.Collections</c>.
/// </summary>
internal sealed partial class ExpressionEmitter
{
    private readonly EventScope _scope;

    public ExpressionEmitter(EventScope scope) => _scope = scope;

    private CodeWriter W => _scope.Writer;

    /// <summary>A C# expression for a Bool, Int, Float, FourVector or Object value, present (checked) when evaluated.</summary>
    public string Value(Expr e)
    {
        switch (e)
        {
            case IntLiteral i: return CSharp.Long(i.Value);
            case FloatLiteral f: return CSharp.Double(f.Value);
            case BoolLiteral b: return b.Value ? "true" : "false";
            case BranchRead r:
                return CSharp.Convert($"{_scope.Columns[r.Branch].Buffer}.Values[e]", r.StoredAs, r.Type);
            case ArrayElementRead a:
                // A fixed-size array holds Length values per entry, one after the other (checked in Bind).
                return CSharp.Convert($"{_scope.Columns[a.Branch].Buffer}.Values[e * {a.Length} + {a.Index}]", a.StoredAs, a.Type);
            case DefinitionRef d: return DefinitionValue(d);
            case VariableRef v:
                return _scope.Variables.TryGetValue(v.Name, out var local) ? local : throw new InvalidOperationException($"unbound variable '{v.Name}'");
            case SingletonRef: return "0";
            case FieldAccess f: return Field(f);
            case ObjectFourVector fv: return FourVector(fv.Target);
            case Exists x: return Exists(x);
            case SlotAccess s: return Combination(s.Target)[SlotIndex(s.Target.Type, s.Slot)];
            case IndexAccess ix: return Index(ix);
            case Unary u: return u.Op == UnaryOp.Negate ? $"(-{Value(u.Operand)})" : $"(!{Value(u.Operand)})";
            case Binary b: return Binary(b);
            case Comparison c: return Comparison(c);
            case Conditional c: return Conditional(c);
            case Call c: return Call(c);
            case UserCall u: return UserCall(u);
            case Quantifier q: return Quantifier(q);
            case Reduction r: return Reduction(r);
            case Best best when best.Over.Variables.Count == 1: return Best(best)[0];
            default: throw new NotSupportedException($"{e.GetType().Name} of type {e.Type} used as a value at {e.Span}");
        }
    }

    /// <summary>An object value as a simple name (hoisted into a local when it is a longer expression).</summary>
    public string Object(Expr e) => Hoist(Value(e), "int", "obj");

    /// <summary>Evaluates a Bool whose missing parts make it false (selection and quantifier predicates).</summary>
    public string Predicate(Expr e)
    {
        var result = _scope.Fresh("p");
        var absent = _scope.Fresh("absent");
        W.Line($"var {result} = false;");
        W.Begin();
        var used = _scope.WithFailLabel(absent, () => W.Line($"{result} = {Value(e)};"));
        W.Close();
        if (used) W.Line($"{absent}: ;");
        return result;
    }

    private string Hoist(string expression, string type, string stem)
    {
        if (IsSimpleName(expression)) return expression;
        var local = _scope.Fresh(stem);
        W.Line($"{type} {local} = {expression};");
        return local;
    }

    /// <summary>A C# name or a digit string: reading it again costs nothing, so it needs no local.</summary>
    private static bool IsSimpleName(string expression)
    {
        static bool Digit(char c) => c >= '0' && c <= '9';
        static bool Letter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (expression.Length == 0) return false;
        return expression.All(Digit) || (Letter(expression[0]) && expression.All(c => Letter(c) || Digit(c)));
    }

    private string DefinitionValue(DefinitionRef d)
    {
        var symbol = Definition(d.Name);
        if (symbol.Local is null) throw new NotSupportedException($"definition '{d.Name}' of type {symbol.Type} used as a value");
        if (symbol.Presence is not null) _scope.FailIf("!" + symbol.Presence);
        else if (symbol.Type.Kind == TypeKind.Object && symbol.Type.Optional) _scope.FailIf(symbol.Local + " < 0");
        return symbol.Local;
    }

    private DefinitionSymbol Definition(string name) =>
        _scope.Definitions.TryGetValue(name, out var s) ? s : throw new InvalidOperationException($"definition '{name}' used before it is defined");
}
