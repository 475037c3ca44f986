using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    // Operators: unary, binary (lifted over per-object values), comparisons and 'if'.
    internal sealed partial class ExprChecker
    {
        private Expr CheckUnary(UnarySyntax u, Scope? scope)
        {
            var operand = Check(u.Operand, scope);
            if (Failed(operand)) return operand;
            if (u.Op == UnaryOp.Not)
            {
                operand = RequireKind(operand, TypeKind.Bool, "'not'");
                return Failed(operand) ? operand : new Unary(HepType.Bool with { Optional = operand.Type.Optional }, u.Span, u.Op, operand);
            }
            if (PerObject(operand) is { } values)
                return Lift(values, u.Span, element => new Unary(element.Type, u.Span, u.Op, element), "'-'");
            operand = RequireNumber(operand, "'-'");
            return Failed(operand) ? operand : new Unary(operand.Type, u.Span, u.Op, operand);
        }

        /// <summary>Per-object values (<c>Jet.pt</c>, <c>VALUE for j in Jet</c>), or null.</summary>
        private static IterationExpr? PerObject(Expr x) => x is IterationExpr { Element: not null } it ? it : null;

        /// <summary>
        /// Arithmetic on per-object values is per object: <c>Jet.pt * 2</c> is <c>j.pt * 2 for j in Jet</c>, so a
        /// histogram of it fills once per jet and <c>sum(Jet.pt * 2)</c> sums it.
        /// </summary>
        private Expr Lift(IterationExpr values, SourceSpan span, System.Func<Expr, Expr> perElement, string role)
        {
            var element = RequireNumber(values.Element!, role);
            if (Failed(element)) return element;
            var lifted = perElement(element);
            if (Failed(lifted)) return lifted;
            return new IterationExpr(HepType.ValuesOf(lifted.Type.AsRequired(), values.Type.Collection!), span, values.Over, lifted);
        }

        /// <summary>The error for per-object values on both sides of an operator that iterate differently.</summary>
        private Expr TwoIterations(SourceSpan span, IterationExpr left, string role)
        {
            var source = left.Over.Variables.Count == 1 ? ModelPrinter.Expression(left.Over.Variables[0].Source) : "Jet";
            return Fail(DiagnosticCatalog.TwoIterations, span, role, source);
        }

        private Expr CheckBinary(BinarySyntax b, Scope? scope)
        {
            // 'a + b + c + ...' leans left as deep as it is long: walk that spine with a loop, innermost first.
            var spine = new List<BinarySyntax>();
            SyntaxExpr e = b;
            while (e is BinarySyntax s) { spine.Add(s); e = s.Left; }
            var left = Check(e, scope);
            for (var k = spine.Count - 1; k >= 0; k--)
                left = CheckBinary(spine[k], left, CheckRight(spine[k], left, scope), scope);
            return left;
        }

        /// <summary>The right side of 'and' runs only where the left is true, of 'or' only where it is false.</summary>
        private Expr CheckRight(BinarySyntax b, Expr left, Scope? scope) =>
            b.Op == BinaryOp.And ? WithProofs(PresenceProofs.WhenTrue(left), () => Check(b.Right, scope))
            : b.Op == BinaryOp.Or ? WithProofs(PresenceProofs.WhenFalse(left), () => Check(b.Right, scope))
            : CheckSharingTheObject(left, b.Right, scope);

        private Expr CheckBinary(BinarySyntax b, Expr left, Expr right, Scope? scope)
        {
            if (Failed(left, right)) return Error(b.Span);
            if (b.Op != BinaryOp.And && b.Op != BinaryOp.Or && (PerObject(left) != null || PerObject(right) != null))
                return LiftBinary(b, left, right, scope);
            var optional = left.Type.Optional || right.Type.Optional;
            var symbol = OperatorText(b.Op);
            if (b.Op == BinaryOp.And || b.Op == BinaryOp.Or)
            {
                left = RequireKind(left, TypeKind.Bool, $"left of '{symbol}'");
                right = RequireKind(right, TypeKind.Bool, $"right of '{symbol}'");
                if (Failed(left, right)) return Error(b.Span);
                return new Binary(HepType.Bool with { Optional = optional }, b.Span, b.Op, left, right);
            }
            if ((b.Op == BinaryOp.Add || b.Op == BinaryOp.Subtract) && (CanBeFourVector(left) || CanBeFourVector(right)) && !(left.Type.IsNumeric || right.Type.IsNumeric))
            {
                left = AsFourVector(left, $"left of '{symbol}'");
                right = AsFourVector(right, $"right of '{symbol}'");
                if (Failed(left, right)) return Error(b.Span);
                return new Binary(HepType.FourVector with { Optional = optional }, b.Span, b.Op, left, right);
            }
            left = RequireNumber(left, $"left of '{symbol}'");
            right = RequireNumber(right, $"right of '{symbol}'");
            if (Failed(left, right)) return Error(b.Span);
            var bothInt = left.Type.Kind == TypeKind.Int && right.Type.Kind == TypeKind.Int;
            if (bothInt && b.Op == BinaryOp.Modulo && IntConstants.Value(right) == 0)
                return Fail(DiagnosticCatalog.DivisionByZero, right.Span);
            var type = bothInt && b.Op != BinaryOp.Divide && b.Op != BinaryOp.Power ? HepType.Int : HepType.Float;
            return new Binary(type with { Optional = optional }, b.Span, b.Op, left, right);
        }

        /// <summary>
        /// Checks the right operand; when the left is a projection like <c>Jet.pt</c>, a projection of the same source
        /// on the right (<c>Jet.eta</c>) reads the same object, as the two fills of a 2D histogram do.
        /// </summary>
        private Expr CheckSharingTheObject(Expr left, SyntaxExpr right, Scope? scope)
        {
            var outer = ProjectionReuse;
            if (PerObject(left) is { } values && values.Over.Variables.Count == 1 && values.Over.Where == null)
                ProjectionReuse = (values.Over.Variables[0].Source, values.Over.Variables[0].Name);
            try { return Check(right, scope); }
            finally { ProjectionReuse = outer; }
        }

        /// <summary><c>Jet.pt * 2</c>, <c>2 * Jet.pt</c>, <c>Jet.px * Jet.px</c>: one value per object.</summary>
        private Expr LiftBinary(BinarySyntax b, Expr left, Expr right, Scope? scope)
        {
            var symbol = OperatorText(b.Op);
            var (l, r) = (PerObject(left), PerObject(right));
            if (l != null && r != null && !ExpressionEquality.SameIteration(l.Over, r.Over))
                return TwoIterations(b.Span, l, $"'{symbol}'");
            if ((l == null && left.Type.Kind is TypeKind.Values or TypeKind.Collection) || (r == null && right.Type.Kind is TypeKind.Values or TypeKind.Collection))
                return Mismatch(l == null ? left : right, "a number", $"'{symbol}'");
            var values = (l ?? r)!;
            var other = l == null ? RequireNumber(left, $"left of '{symbol}'") : r == null ? RequireNumber(right, $"right of '{symbol}'") : null;
            if (other != null && Failed(other)) return other;
            return Lift(values, b.Span, element =>
            {
                var (x, y) = l != null && r != null ? (element, RequireNumber(r.Element!, $"right of '{symbol}'")) : l != null ? (element, other!) : (other!, element);
                if (Failed(y)) return y;
                var bothInt = x.Type.Kind == TypeKind.Int && y.Type.Kind == TypeKind.Int;
                var type = bothInt && b.Op != BinaryOp.Divide && b.Op != BinaryOp.Power ? HepType.Int : HepType.Float;
                return new Binary(type with { Optional = x.Type.Optional || y.Type.Optional }, b.Span, b.Op, x, y);
            }, $"{(l != null ? "left" : "right")} of '{symbol}'");
        }

        private static string OperatorText(BinaryOp op) => op switch
        {
            BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", BinaryOp.Divide => "/",
            BinaryOp.Modulo => "%", BinaryOp.Power => "^", BinaryOp.And => "and", _ => "or",
        };

        private Expr CheckCompare(CompareSyntax c, Scope? scope)
        {
            var operands = c.Operands.Select(o => Check(o, scope)).ToList();
            if (Failed(operands.ToArray())) return Error(c.Span);
            for (var i = 0; i < c.Ops.Count; i++)
            {
                var (l, r, op) = (operands[i], operands[i + 1], c.Ops[i]);
                if (l.Type.IsNumeric && r.Type.IsNumeric) continue;
                var equality = op == CompareOp.Equal || op == CompareOp.NotEqual;
                if (equality && c.Ops.Count == 1)
                {
                    if (l.Type.Kind == TypeKind.Bool && r.Type.Kind == TypeKind.Bool) continue;
                    if (l.Type.Kind == TypeKind.Object && r.Type.Kind == TypeKind.Object)
                    {
                        if (l.Type.Collection == r.Type.Collection || IsMemberOf(l.Type.Collection, r.Type.Collection) || IsMemberOf(r.Type.Collection, l.Type.Collection)) continue;
                        return Fail(DiagnosticCatalog.ObjectsOfOtherCollections, c.Span, l.Type.Collection, r.Type.Collection);
                    }
                }
                var bad = l.Type.IsNumeric ? r : l;
                return Mismatch(bad, equality && c.Ops.Count == 1 ? "a number (or two conditions, or two objects of one collection)" : "a number", "comparison");
            }
            return new Comparison(HepType.Bool with { Optional = AnyOptional(operands) }, c.Span, operands.ToEquatableArray(), c.Ops.ToEquatableArray());
        }

        /// <summary>True when <paramref name="member"/> is a member of the union <paramref name="union"/> (a muon is a lepton).</summary>
        private bool IsMemberOf(string? member, string? union) =>
            member != null && union != null && _symbols.Collections.TryGetValue(union, out var u) && u.Kind == CollectionKind.Union && u.Members.Contains(member);

        private Expr CheckIf(IfSyntax i, Scope? scope)
        {
            var condition = CheckBool(i.Condition, scope, "'if' condition");
            // Only the branch the condition chooses is evaluated: what the condition proves present is present there.
            var then = WithProofs(PresenceProofs.WhenTrue(condition), () => Check(i.Then, scope));
            var otherwise = WithProofs(PresenceProofs.WhenFalse(condition), () => Check(i.Else, scope));
            if (Failed(condition, then, otherwise)) return Error(i.Span);
            HepType type;
            if (then.Type.IsNumeric && otherwise.Type.IsNumeric)
                type = then.Type.Kind == TypeKind.Int && otherwise.Type.Kind == TypeKind.Int ? HepType.Int : HepType.Float;
            else if (then.Type.AsRequired() == otherwise.Type.AsRequired() && then.Type.Kind != TypeKind.Values)
                type = then.Type.AsRequired();
            else
                return Fail(DiagnosticCatalog.ElseBranch, i.Else.Span, then.Type.AsRequired(), otherwise.Type);
            var optional = condition.Type.Optional || then.Type.Optional || otherwise.Type.Optional;
            return new Conditional(type with { Optional = optional }, i.Span, condition, then, otherwise);
        }
    }
}
