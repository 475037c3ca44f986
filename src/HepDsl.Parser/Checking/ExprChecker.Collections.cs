using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    // Collection operations: 'with', 'sorted by', best-of, binders, 'for' and the folds (count, sum, mean, min, max).
    internal sealed partial class ExprChecker
    {
        private Expr RequireCollection(Expr source, string role)
        {
            if (Failed(source) || source.Type.Kind == TypeKind.Collection) return source;
            return Mismatch(source, "a collection", role);
        }

        private (Scope Inner, string Variable, HepType Element) ImplicitElement(Expr source, Scope? scope)
        {
            var element = HepType.ObjectOf(source.Type.Collection!);
            var variable = _symbols.FreshVariable("it");
            return (new Scope(scope, "it", variable, element, true), variable, element);
        }

        private Expr CheckWith(WithSyntax w, Scope? scope)
        {
            var source = RequireCollection(Check(w.Source, scope), "'with'");
            if (Failed(source)) return source;
            var (inner, variable, _) = ImplicitElement(source, scope);
            var predicate = CheckBool(w.Predicate, inner, "'with' condition");
            if (Failed(predicate)) return predicate;
            return new Filter(source.Type, w.Span, source, variable, predicate);
        }

        private Expr CheckSort(SortSyntax s, Scope? scope)
        {
            var source = RequireCollection(Check(s.Source, scope), "'sorted by'");
            if (Failed(source)) return source;
            var (inner, variable, _) = ImplicitElement(source, scope);
            var key = CheckNumber(s.Key, inner, "sort key");
            if (Failed(key)) return key;
            return new Sort(source.Type, s.Span, source, variable, key, s.Descending);
        }

        private Expr CheckBest(BestSyntax b, Scope? scope)
        {
            Binder? binder;
            Scope? inner;
            HepType type;
            if (b.Source is TuplesSyntax tuples)
            {
                (binder, inner) = CheckBinder(tuples.Binder, scope);
                if (binder == null) return Error(b.Span);
                type = binder.TupleType.AsOptional();
            }
            else
            {
                var source = RequireCollection(Check(b.Source, scope), KindText(b.Kind));
                if (Failed(source)) return source;
                var (implicitScope, variable, element) = ImplicitElement(source, scope);
                inner = implicitScope;
                binder = new Binder(EquatableArray.Create(new BoundVariable(variable, source, element)), false);
                type = element.AsOptional();
            }
            var key = CheckNumber(b.Key, inner, KindText(b.Kind) + " key");
            Expr? target = null;
            if (b.Target != null) target = CheckNumber(b.Target, scope, "'closest to' target");
            if (Failed(key) || (target != null && Failed(target))) return Error(b.Span);
            return new Best(type, b.Span, b.Kind, binder, key, target);
        }

        private static string KindText(BestKind k) => k == BestKind.ClosestTo ? "'closest to'" : k == BestKind.MaxBy ? "'max by'" : "'min by'";

        /// <summary>Checks a binder; returns null (after reporting) when a source is not a collection.</summary>
        public (Binder? Binder, Scope? Inner) CheckBinder(BinderSyntax b, Scope? scope)
        {
            var variables = new List<BoundVariable>();
            var inner = scope;
            Expr? shared = null;
            var ok = true;
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var v in b.Variables)
            {
                Expr source;
                if (b.Distinct && shared != null) source = shared;
                else
                {
                    source = RequireCollection(Check(v.Source, scope), $"'{v.Name} in ...'");
                    shared = source;
                }
                if (Failed(source)) { ok = false; continue; }
                var element = HepType.ObjectOf(source.Type.Collection!);
                if (!seen.Add(v.Name))
                {
                    Diagnostics.Report(DiagnosticCatalog.VariableBoundTwice, v.Span, v.Name);
                    ok = false;
                    continue;
                }
                var unique = _symbols.FreshVariable(v.Name);
                variables.Add(new BoundVariable(unique, source, element, v.Name));
                inner = new Scope(inner, v.Name, unique, element, false);
            }
            if (!ok) return (null, inner);
            Expr? where = null;
            if (b.Where != null)
            {
                where = CheckBool(b.Where, inner, "'where' condition");
                if (Failed(where)) return (null, inner);
            }
            return (new Binder(variables.ToEquatableArray(), b.Distinct, where), inner);
        }

        private Expr CheckFor(ForSyntax f, Scope? scope)
        {
            var (binder, inner) = CheckBinder(f.Binder, scope);
            var element = Check(f.Element, inner);
            if (binder == null || Failed(element)) return Error(f.Span);
            if (element.Type.Kind == TypeKind.Values || element.Type.Kind == TypeKind.Collection)
                return Fail(DiagnosticCatalog.ForOfValues, f.Element.Span, element.Type);
            return new IterationExpr(HepType.ValuesOf(element.Type.AsRequired(), binder.Variables[0].ElementType.Collection!), f.Span, binder, element);
        }

        /// <summary>Collections and per-object values as an iteration (a fresh variable for a collection).</summary>
        public IterationExpr? AsIteration(Expr x)
        {
            if (x is IterationExpr it) return it;
            if (x.Type.Kind != TypeKind.Collection) return null;
            var c = _symbols.Collections[x.Type.Collection!];
            var element = HepType.ObjectOf(c.Name);
            var variable = _symbols.FreshVariable(char.ToLowerInvariant(c.Name[0]) + c.Name.Substring(1));
            var binder = new Binder(EquatableArray.Create(new BoundVariable(variable, x, element)), false);
            return new IterationExpr(HepType.ValuesOf(element, c.Name), x.Span, binder, new VariableRef(element, x.Span, variable));
        }

        private Expr Reduce(CallSyntax c, string name, Expr argument)
        {
            var iteration = AsIteration(argument);
            if (iteration == null)
                return Fail(DiagnosticCatalog.FoldOfNoCollection, argument.Span, name, argument.Type);
            if (name == "count") return new Reduction(HepType.Int, c.Span, ReductionKind.Count, iteration.Over, null);
            if (iteration.Element == null)
                return Fail(DiagnosticCatalog.FoldOfTuples, argument.Span, name, iteration.Type.Element);
            var element = iteration.Element;
            if (name == "sum" && !element.Type.IsNumeric && CanBeFourVector(element))
            {
                var vector = AsFourVector(element, "sum");
                return new Reduction(HepType.FourVector, c.Span, ReductionKind.FourVectorSum, iteration.Over, vector);
            }
            element = RequireNumber(element, name);
            if (Failed(element)) return element;
            var kind = name == "sum" ? ReductionKind.Sum : name == "product" ? ReductionKind.Product : name == "min" ? ReductionKind.Min : name == "max" ? ReductionKind.Max : ReductionKind.Mean;
            // A product is a Float (a product of integers overflows 64 bits quickly), 1 over nothing.
            var type = kind == ReductionKind.Mean ? HepType.Float.AsOptional()
                : kind == ReductionKind.Product ? HepType.Float
                : kind == ReductionKind.Sum ? element.Type.AsRequired()
                : element.Type.AsRequired().AsOptional();
            return new Reduction(type, c.Span, kind, iteration.Over, element);
        }
    }
}
