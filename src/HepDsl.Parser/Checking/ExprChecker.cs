using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    /// <summary>
    /// Resolves names and types of expressions. Errors are reported once; the failing node gets type Error and
    /// anything built on it stays quiet, so one mistake gives one message. One partial class with a file per
    /// concern, as Roslyn splits its binder: this file holds the dispatch and the type requirements (number,
    /// condition, four-vector); <c>.Names</c>, <c>.Operators</c>, <c>.Collections</c>, <c>.Quantifiers</c>,
    /// <c>.Calls</c> and <c>.Observed</c> the rest (src/HepDsl.Parser/README.md).
    /// </summary>
    internal sealed partial class ExprChecker
    {
        private readonly SymbolTable _symbols;

        public ExprChecker(SymbolTable symbols) => _symbols = symbols;

        private DiagnosticBag Diagnostics => _symbols.Diagnostics;

        /// <summary>
        /// When set, a projection over the same source (<see cref="ExpressionEquality"/>) reuses the variable (so the
        /// two fills of a 2D histogram of one collection iterate together).
        /// </summary>
        public (Expr Source, string Variable)? ProjectionReuse { get; set; }

        private static Expr Error(SourceSpan span) => new BoolLiteral(HepType.Error, span, false);
        private static bool Failed(params Expr[] e) => e.Any(x => x.Type.Kind == TypeKind.Error);
        private static bool AnyOptional(IEnumerable<Expr> e) => e.Any(x => x.Type.Optional);

        private Expr Fail(DiagnosticMessage message, SourceSpan span, params object?[] args)
        {
            Diagnostics.Report(message, span, args);
            return Error(span);
        }


        /// <summary>True while an object variation's value is checked: only there may normal() draw random numbers.</summary>
        public bool AllowRandom { get; set; }
        /// <summary>Set when a normal() call was checked (reset by the caller).</summary>
        public bool UsedRandom { get; set; }

        /// <summary>Optional values known present where the checker is now (compared by <see cref="ExpressionEquality"/>).</summary>
        private readonly List<Expr> _proven = new List<Expr>();

        /// <summary>
        /// Values a passed cut proved present: not optional in every later statement (a cut stops the events where
        /// they are absent).
        /// </summary>
        public void ProvePresentFromNowOn(Expr cutPredicate) => _proven.AddRange(PresenceProofs.WhenTrue(cutPredicate));

        /// <summary>How many proofs hold now; <see cref="ForgetProofsAfter"/> returns to that point.</summary>
        public int ProofCount => _proven.Count;

        /// <summary>
        /// Drops the proofs made after the first <paramref name="count"/>: a region's cuts prove nothing in the next
        /// region, which starts again from the common selection.
        /// </summary>
        public void ForgetProofsAfter(int count) => _proven.RemoveRange(count, _proven.Count - count);

        private T WithProofs<T>(IEnumerable<Expr> proofs, System.Func<T> check)
        {
            var before = _proven.Count;
            _proven.AddRange(proofs);
            try { return check(); }
            finally { _proven.RemoveRange(before, _proven.Count - before); }
        }

        // Check (ExprChecker.Observed.cs) reports what this returns to an editor's observer.
        private Expr CheckProven(SyntaxExpr e, Scope? scope)
        {
            var x = CheckNode(e, scope);
            if (x.Type.Optional && _proven.Count > 0 && _proven.Any(p => ExpressionEquality.Same(p, x)))
                x = x with { Type = x.Type.AsRequired() };
            return x;
        }

        private Expr CheckNode(SyntaxExpr e, Scope? scope)
        {
            switch (e)
            {
                case NumberSyntax n when double.IsInfinity(n.Value):
                    return Fail(DiagnosticCatalog.NumberOutOfRange, n.Span);
                case NumberSyntax n:
                    return n.IsInteger && n.Value <= long.MaxValue
                        ? new IntLiteral(HepType.Int, n.Span, (long)n.Value)
                        : (Expr)new FloatLiteral(HepType.Float, n.Span, n.Value);
                case BoolSyntax b: return new BoolLiteral(HepType.Bool, b.Span, b.Value);
                case NameSyntax n: return CheckName(n, scope);
                case MemberSyntax m: return CheckMember(m, scope);
                case IndexSyntax i: return CheckIndex(i, scope);
                case CallSyntax c: return CheckCall(c, scope);
                case UnarySyntax u: return CheckUnary(u, scope);
                case BinarySyntax b: return CheckBinary(b, scope);
                case CompareSyntax c: return CheckCompare(c, scope);
                case IfSyntax i: return CheckIf(i, scope);
                case WithSyntax w: return CheckWith(w, scope);
                case SortSyntax s: return CheckSort(s, scope);
                case BestSyntax b: return CheckBest(b, scope);
                case QuantifierSyntax q: return CheckQuantifier(q, scope);
                case ForSyntax f: return CheckFor(f, scope);
                case TuplesSyntax t:
                {
                    var (binder, _) = CheckBinder(t.Binder, scope);
                    if (binder == null) return Error(t.Span);
                    return new IterationExpr(new HepType(TypeKind.Values, null, false, default, binder.TupleType), t.Span, binder, null);
                }
                default: return Fail(DiagnosticCatalog.UnsupportedExpression, e.Span);
            }
        }

        /// <summary>A Bool-valued expression (cut predicates, filters).</summary>
        public Expr CheckBool(SyntaxExpr e, Scope? scope, string role)
        {
            var x = Check(e, scope);
            return RequireKind(x, TypeKind.Bool, role);
        }

        /// <summary>A numeric expression (keys, weights, fills).</summary>
        public Expr CheckNumber(SyntaxExpr e, Scope? scope, string role) => RequireNumber(Check(e, scope), role);

        public Expr RequireNumber(Expr x, string role)
        {
            if (Failed(x) || x.Type.IsNumeric) return x;
            return Mismatch(x, "a number", role);
        }

        private Expr RequireKind(Expr x, TypeKind kind, string role)
        {
            if (Failed(x) || x.Type.Kind == kind) return x;
            return Mismatch(x, kind == TypeKind.Bool ? "true/false (a condition)" : kind.ToString().ToLowerInvariant(), role);
        }

        private Expr Mismatch(Expr x, string expected, string role)
        {
            if (x.Type.Kind == TypeKind.Values)
                return Fail(DiagnosticCatalog.PerObjectMisuse, x.Span, role, expected, x.Type);
            return Fail(DiagnosticCatalog.TypeMismatch, x.Span, role, expected, x.Type);
        }

        /// <summary>A four-vector: itself, or an object's (via its collection's recipe).</summary>
        public Expr AsFourVector(Expr x, string role)
        {
            if (Failed(x) || x.Type.Kind == TypeKind.FourVector) return x;
            if (x.Type.Kind == TypeKind.Object && x.Type.Collection != null)
            {
                var c = _symbols.Collections[x.Type.Collection];
                if (!c.HasFourVector)
                    return Fail(DiagnosticCatalog.NoFourVector, x.Span, role, c.Name);
                _symbols.UseFourVector(c);
                return new ObjectFourVector(HepType.FourVector with { Optional = x.Type.Optional }, x.Span, x);
            }
            return Mismatch(x, "a four-vector or an object with one", role);
        }

        private bool CanBeFourVector(Expr x) =>
            x.Type.Kind == TypeKind.FourVector || (x.Type.Kind == TypeKind.Object && x.Type.Collection != null && _symbols.Collections[x.Type.Collection].HasFourVector);
    }
}
