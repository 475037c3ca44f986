using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    // Quantifiers (any, all, none) and the warning for a condition term that does not use the quantifier's variable.
    internal sealed partial class ExprChecker
    {
        private Expr CheckQuantifier(QuantifierSyntax q, Scope? scope)
        {
            var (binder, inner) = CheckBinder(q.Binder, scope);
            var body = CheckBool(q.Body, inner, $"'{q.Kind.ToString().ToLowerInvariant()}' condition");
            if (binder == null || Failed(body)) return Error(q.Span);
            WarnAboutTermsOutsideTheQuantifier(q);
            return new Quantifier(HepType.Bool, q.Span, q.Kind, binder, body);
        }

        /// <summary>
        /// The condition after ':' runs to the end of the expression, so in
        /// <c>Jet with none l in leptons: deltaR(it, l) &lt; 0.4 and abs(eta) &lt; 1.0</c> the last term is inside the
        /// quantifier. A top-level and/or term that does not use the quantifier's variables was probably meant outside.
        /// </summary>
        private void WarnAboutTermsOutsideTheQuantifier(QuantifierSyntax q)
        {
            if (q.Bracketed || !(q.Body is BinarySyntax top && (top.Op == BinaryOp.And || top.Op == BinaryOp.Or))) return;
            var variables = new HashSet<string>(q.Binder.Variables.Select(v => v.Name), System.StringComparer.Ordinal);
            var terms = new List<(SyntaxExpr Term, BinaryOp Op)>();
            // Left to right, with an explicit stack: an and/or chain may be thousands of terms long.
            var pending = new Stack<(SyntaxExpr Term, BinaryOp Op)>();
            pending.Push((q.Body, top.Op));
            while (pending.Count > 0)
            {
                var (e, op) = pending.Pop();
                if (e is BinarySyntax b && (b.Op == BinaryOp.And || b.Op == BinaryOp.Or)) { pending.Push((b.Right, b.Op)); pending.Push((b.Left, b.Op)); }
                else terms.Add((e, op));
            }
            foreach (var (term, op) in terms)
            {
                if (Mentions(term, variables)) continue;
                var kind = q.Kind.ToString().ToLowerInvariant();
                var names = string.Join(", ", variables);
                Diagnostics.Report(DiagnosticCatalog.TermOutsideQuantifier, term.Span, OperatorText(op), names, kind);
            }
        }

        /// <summary>True when <paramref name="e"/> refers to one of <paramref name="names"/> anywhere inside.</summary>
        private static bool Mentions(SyntaxExpr e, HashSet<string> names)
        {
            switch (e)
            {
                case NameSyntax n: return names.Contains(n.Name);
                case MemberSyntax m: return Mentions(m.Target, names);
                case IndexSyntax i: return Mentions(i.Target, names) || Mentions(i.Index, names);
                case CallSyntax c: return c.Arguments.Any(a => Mentions(a, names));
                case UnarySyntax u: return Mentions(u.Operand, names);
                case BinarySyntax b:
                {
                    SyntaxExpr x = b;
                    while (x is BinarySyntax s) { if (Mentions(s.Right, names)) return true; x = s.Left; }
                    return Mentions(x, names);
                }
                case CompareSyntax c: return c.Operands.Any(o => Mentions(o, names));
                case IfSyntax f: return Mentions(f.Condition, names) || Mentions(f.Then, names) || Mentions(f.Else, names);
                case WithSyntax w: return Mentions(w.Source, names) || Mentions(w.Predicate, names);
                case SortSyntax s: return Mentions(s.Source, names) || Mentions(s.Key, names);
                case BestSyntax b: return Mentions(b.Source, names) || (b.Target != null && Mentions(b.Target, names)) || Mentions(b.Key, names);
                case QuantifierSyntax q: return Mentions(q.Binder, names) || Mentions(q.Body, names);
                case ForSyntax f: return Mentions(f.Element, names) || Mentions(f.Binder, names);
                case TuplesSyntax t: return Mentions(t.Binder, names);
                default: return false;
            }
        }

        private static bool Mentions(BinderSyntax b, HashSet<string> names) =>
            b.Variables.Any(v => Mentions(v.Source, names)) || (b.Where != null && Mentions(b.Where, names));
    }
}
