using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    // Calls: built-in functions (with their arity and argument kinds) and the user's C# functions.
    internal sealed partial class ExprChecker
    {
        private Expr CheckUserCall(CallSyntax c, FunctionSymbol f, Scope? scope)
        {
            var args = c.Arguments.Select(a => Check(a, scope)).ToList();
            if (args.Any(a => a.Type.Kind == TypeKind.Error)) return Error(c.Span);
            if (args.Count != f.Parameters.Count)
                return Fail(DiagnosticCatalog.UserFunctionArity, c.NameSpan, c.Name, f.Parameters.Count, DiagnosticCatalog.Plural(f.Parameters.Count),
                    string.Join(", ", f.Parameters.Select(p => p.ToString().ToLowerInvariant())), args.Count);
            for (var i = 0; i < args.Count; i++)
            {
                var want = TypeNames.ExpressionType(f.Parameters[i]);
                var got = args[i].Type;
                var ok = want.Kind == TypeKind.Bool ? got.Kind == TypeKind.Bool
                    : want.Kind == TypeKind.Int ? got.Kind == TypeKind.Int
                    : got.Kind == TypeKind.Int || got.Kind == TypeKind.Float;
                if (!ok)
                    return Fail(DiagnosticCatalog.UserFunctionArgument, args[i].Span, i + 1, c.Name, f.Parameters[i].ToString().ToLowerInvariant(), got);
            }
            var optional = args.Any(a => a.Type.Optional);
            return new UserCall(TypeNames.ExpressionType(f.ReturnType) with { Optional = optional }, c.Span, f.Name, f.Method, f.Parameters.ToEquatableArray(), f.ReturnType, args.ToEquatableArray());
        }

        private Expr CheckCall(CallSyntax c, Scope? scope)
        {
            if (_symbols.Functions.TryGetValue(c.Name, out var user)) return CheckUserCall(c, user, scope);
            var special = Builtins.Special.Contains(c.Name);
            if (!special && !Builtins.Scalar.ContainsKey(c.Name))
            {
                foreach (var a in c.Arguments) Check(a, scope);
                var hint = Suggestions.For(c.Name, Builtins.AllNames());
                return hint.Length > 0
                    ? Fail(DiagnosticCatalog.UnknownFunction, c.NameSpan, c.Name, hint)
                    : Fail(DiagnosticCatalog.UnknownFunctionNoHint, c.NameSpan, c.Name);
            }
            var args = c.Arguments.Select(a => Check(a, scope)).ToList();
            if (Failed(args.ToArray())) return Error(c.Span);

            switch (c.Name)
            {
                case "count": case "sum": case "product": case "mean":
                    if (!Arity(c, args.Count, 1, 1)) return Error(c.Span);
                    return Reduce(c, c.Name, args[0]);
                case "min": case "max":
                    if (args.Count == 1) return Reduce(c, c.Name, args[0]);
                    if (!Arity(c, args.Count, 1, int.MaxValue)) return Error(c.Span);
                    for (var i = 0; i < args.Count; i++)
                    {
                        args[i] = RequireNumber(args[i], $"argument {i + 1} of {c.Name}");
                        if (Failed(args[i])) return Error(c.Span);
                    }
                    return new Call((args.All(a => a.Type.Kind == TypeKind.Int) ? HepType.Int : HepType.Float) with { Optional = AnyOptional(args) },
                        c.Span, c.Name == "min" ? Builtin.Min : Builtin.Max, args.ToEquatableArray());
                case "exists":
                    if (!Arity(c, args.Count, 1, 1)) return Error(c.Span);
                    if (args[0].Type.Kind == TypeKind.Values || args[0].Type.Kind == TypeKind.Collection)
                        return Mismatch(args[0], "a single value that may be absent", "exists");
                    if (!args[0].Type.Optional)
                        Diagnostics.Report(DiagnosticCatalog.NotOptional, args[0].Span, args[0].Type);
                    return new Exists(HepType.Bool, c.Span, args[0]);
                case "leading": case "subleading":
                {
                    if (!Arity(c, args.Count, 1, 1)) return Error(c.Span);
                    var source = RequireCollection(args[0], c.Name);
                    if (Failed(source)) return source;
                    var col = _symbols.Collections[source.Type.Collection!];
                    var variable = _symbols.FreshVariable("it");
                    var element = HepType.ObjectOf(col.Name);
                    var key = ObjectMember(new VariableRef(element, c.Span, variable), col, "pt", c.NameSpan, c.Span);
                    if (Failed(key)) return key;
                    var sorted = new Sort(source.Type, c.Span, source, variable, key, true);
                    return new IndexAccess(HepType.ObjectOf(col.Name, true), c.Span, sorted, new IntLiteral(HepType.Int, c.Span, c.Name == "leading" ? 0 : 1));
                }
            }

            var (function, shape) = Builtins.Scalar[c.Name];
            if (function == Builtin.Normal)
            {
                if (!AllowRandom)
                    return Fail(DiagnosticCatalog.RandomOutsideVariation, c.NameSpan);
                UsedRandom = true;
            }
            var optional = AnyOptional(args);
            switch (shape)
            {
                case BuiltinShape.Numeric1:
                case BuiltinShape.Numeric2:
                {
                    var n = shape == BuiltinShape.Numeric1 ? 1 : 2;
                    if (!Arity(c, args.Count, n, n)) return Error(c.Span);
                    // abs(Jet.eta), atan2(Jet.py, 1.0): one value per object.
                    var perObject = args.Select(PerObject).ToList();
                    if (perObject.Count(p => p != null) == 1)
                    {
                        var k = perObject.FindIndex(p => p != null);
                        for (var i = 0; i < n; i++)
                        {
                            if (i == k) continue;
                            args[i] = RequireNumber(args[i], $"argument {i + 1} of {c.Name}");
                            if (Failed(args[i])) return Error(c.Span);
                        }
                        return Lift(perObject[k]!, c.Span, element =>
                        {
                            var lifted = args.ToList();
                            lifted[k] = element;
                            var t = function == Builtin.Abs && element.Type.Kind == TypeKind.Int ? HepType.Int : HepType.Float;
                            return new Call(t with { Optional = AnyOptional(lifted) }, c.Span, function, lifted.ToEquatableArray());
                        }, $"argument {k + 1} of {c.Name}");
                    }
                    for (var i = 0; i < n; i++)
                    {
                        args[i] = RequireNumber(args[i], $"argument {i + 1} of {c.Name}");
                        if (Failed(args[i])) return Error(c.Span);
                    }
                    var type = function == Builtin.Abs && args[0].Type.Kind == TypeKind.Int ? HepType.Int : HepType.Float;
                    return new Call(type with { Optional = optional }, c.Span, function, args.ToEquatableArray());
                }
                case BuiltinShape.Vector1:
                case BuiltinShape.Vector2:
                {
                    var n = shape == BuiltinShape.Vector1 ? 1 : 2;
                    if (!Arity(c, args.Count, n, n)) return Error(c.Span);
                    for (var i = 0; i < n; i++)
                    {
                        args[i] = AsFourVector(args[i], $"argument {i + 1} of {c.Name}");
                        if (Failed(args[i])) return Error(c.Span);
                    }
                    return new Call(HepType.Float with { Optional = optional }, c.Span, function, args.ToEquatableArray());
                }
                default:
                {
                    if (!Arity(c, args.Count, 4, 4)) return Error(c.Span);
                    for (var i = 0; i < 4; i++)
                    {
                        args[i] = RequireNumber(args[i], $"argument {i + 1} of {c.Name}");
                        if (Failed(args[i])) return Error(c.Span);
                    }
                    return new Call(HepType.FourVector with { Optional = optional }, c.Span, function, args.ToEquatableArray());
                }
            }
        }

        private bool Arity(CallSyntax c, int got, int min, int max)
        {
            if (got >= min && got <= max) return true;
            if (min == max) Diagnostics.Report(DiagnosticCatalog.WrongArity, c.Span, c.Name, min, DiagnosticCatalog.Plural(min), got);
            else if (max == int.MaxValue) Diagnostics.Report(DiagnosticCatalog.TooFewArguments, c.Span, c.Name, min, got);
            else Diagnostics.Report(DiagnosticCatalog.ArgumentsBetween, c.Span, c.Name, min, max, got);
            return false;
        }
    }
}
