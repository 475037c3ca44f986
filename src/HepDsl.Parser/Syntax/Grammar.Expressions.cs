using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HepDsl.Parser.Model;
using Sprache;

namespace HepDsl.Parser.Syntax
{
    // The expression grammar: precedence levels from 'for' down to literals; operator chains are read by loops, not recursion.
    internal sealed partial class Grammar
    {
        public Parser<SyntaxExpr> Expression { get; }
        private Parser<SyntaxExpr> ForExpr = null!;
        private Parser<SyntaxExpr> Suffixed = null!;
        private Parser<SyntaxExpr> OrExpr = null!;
        private Parser<SyntaxExpr> AdditiveExpr = null!;
        private Parser<SyntaxExpr> PostfixExpr = null!;
        private Parser<BinderSyntax> Binder = null!;

        private void BuildExpressions()
        {
            var number = Spanned(UnsignedNumber).Select(n => (SyntaxExpr)new NumberSyntax(n.Span, n.Value.Value, n.Value.IsInteger)).Named("a number");
            var boolean = Spanned(Word("true").Return(true).Or(Word("false").Return(false))).Select(b => (SyntaxExpr)new BoolSyntax(b.Span, b.Value));
            var parens = from _ in Sym('(') from e in Expression from __ in Sym(')') select e;

            var args = Expression.DelimitedBy(Sym(',')).Optional().Select(o => o.IsDefined ? o.Get().ToList() : new List<SyntaxExpr>());
            // Once 'name(' is read this is a call: an error inside its arguments is reported there, not as a stray '('
            // after the name 'name' (XOr below does not backtrack past it).
            var call =
                from name in Attempt(from n in Identifier from open in Sym('(') select n)
                from a in args
                from close in Spanned(Parse.Char(')')).Named("')'")
                select (SyntaxExpr)new CallSyntax(Merge(name.Span, close.Span), name.Name, name.Span, a);
            var nameRef = Identifier.Select(n => (SyntaxExpr)new NameSyntax(n.Span, n.Name));

            var quantifierKind = Spanned(Word("any").Return(QuantifierKind.Any).Or(Word("all").Return(QuantifierKind.All)).Or(Word("none").Return(QuantifierKind.None)));
            // A condition wholly in brackets, `any j in X: (a and b)`, is recorded (the warning about terms that do not
            // use the variable then keeps quiet); it parses to the same tree as without brackets.
            var continuesExpression = Parse.Chars(".[^*/%+-<>=!").Return(true).Or(Word("and").Return(true)).Or(Word("or").Return(true));
            var bracketedBody =
                from open in Sym('(') from e in Expression from close in Sym(')')
                from more in Parse.WhiteSpace.Many().Then(_ => continuesExpression).Not()
                select e;
            var quantifier =
                from k in quantifierKind
                from b in Parse.Ref(() => Binder)
                from colon in Sym(':')
                from body in bracketedBody.Select(e => (e, true)).Or(Parse.Ref(() => OrExpr).Select(e => (e, false)))
                select (SyntaxExpr)new QuantifierSyntax(Merge(k.Span, body.Item1.Span), k.Value, b, body.Item1, body.Item2);
            var conditional =
                from k in Spanned(Word("if"))
                from c in Expression
                from t in Word("then")
                from a in Expression
                from e in Word("else")
                from b in Parse.Ref(() => OrExpr)
                select (SyntaxExpr)new IfSyntax(Merge(k.Span, b.Span), c, a, b);
            var tuples = Parse.Ref(() => TupleBinder).Select(b => (SyntaxExpr)new TuplesSyntax(b.Span, b));

            // Brackets, calls, 'if' and quantifiers are where the grammar recurses: each one entered counts a level.
            var primary = Nested(number.Or(boolean).Or(parens).Or(quantifier).Or(conditional).Or(tuples).Or(call.XOr(nameRef)));

            var member = from dot in Sym('.') from n in Identifier select (Func<SyntaxExpr, SyntaxExpr>)(t => new MemberSyntax(Merge(t.Span, n.Span), t, n.Name, n.Span));
            var index = from open in Sym('[') from i in Expression from close in Spanned(Parse.Char(']')).Named("']'")
                        select (Func<SyntaxExpr, SyntaxExpr>)(t => new IndexSyntax(Merge(t.Span, close.Span), t, i));
            PostfixExpr =
                from p in primary
                from ops in member.Or(index).Many()
                select ops.Aggregate(p, (acc, f) => f(acc));

            // Operator chains are read by loops, not by recursion as long as the chain: a sum of 15,000 terms or
            // 10,000 prefix '-' must not exhaust the stack. '^' binds tighter than prefix '-' on its left
            // (-a^b is -(a^b)) and is right-associative (a^b^c is a^(b^c)); its right operand may carry '-'.
            var minus = Spanned(Parse.Char('-')).Named("'-'").Select(m => m.Span);
            var powerOperand =
                from signs in minus.Many()
                from p in PostfixExpr
                select (Signs: signs.ToList(), Value: p);
            var unary =
                from first in powerOperand
                from rest in (from op in Sym('^') from r in powerOperand select r).XMany()
                select Power(first, rest.ToList());

            var multiplicative = Chain(
                Sym('*').Return(BinaryOp.Multiply).Or(Sym('/').Return(BinaryOp.Divide)).Or(Sym('%').Return(BinaryOp.Modulo)), unary);
            AdditiveExpr = Chain(Sym('+').Return(BinaryOp.Add).Or(Sym('-').Return(BinaryOp.Subtract)), multiplicative);

            var compareOp =
                Sym("<=").Return(CompareOp.LessOrEqual).Or(Sym(">=").Return(CompareOp.GreaterOrEqual))
                .Or(Sym("==").Return(CompareOp.Equal)).Or(Sym("!=").Return(CompareOp.NotEqual))
                .Or(Sym("<").Return(CompareOp.Less)).Or(Sym(">").Return(CompareOp.Greater)).Named("a comparison");
            var comparison =
                from first in AdditiveExpr
                from rest in (from op in compareOp from r in AdditiveExpr select (op, r)).Many()
                select rest.Any()
                    ? new CompareSyntax(Merge(first.Span, rest.Last().r.Span), new[] { first }.Concat(rest.Select(x => x.r)).ToList(), rest.Select(x => x.op).ToList())
                    : first;

            var not =
                from ks in Spanned(Word("not")).Select(k => k.Span).Many()
                from o in comparison
                select Prefixed(ks.ToList(), UnaryOp.Not, o);
            var and = Chain(Word("and").Return(BinaryOp.And), not);
            OrExpr = Chain(Word("or").Return(BinaryOp.Or), and);

            var withSuffix = from k in Word("with") from p in OrExpr
                             select (Func<SyntaxExpr, SyntaxExpr>)(s => new WithSyntax(Merge(s.Span, p.Span), s, p));
            var sortSuffix = from k in Word("sorted") from b in Word("by") from key in OrExpr
                             from dir in Word("descending").Return(true).Or(Word("ascending").Return(false)).Optional()
                             select (Func<SyntaxExpr, SyntaxExpr>)(s => new SortSyntax(Merge(s.Span, key.Span), s, key, dir.GetOrDefault()));
            var maxSuffix = from k in Word("max") from b in Word("by") from key in OrExpr
                            select (Func<SyntaxExpr, SyntaxExpr>)(s => new BestSyntax(Merge(s.Span, key.Span), s, BestKind.MaxBy, null, key));
            var minSuffix = from k in Word("min") from b in Word("by") from key in OrExpr
                            select (Func<SyntaxExpr, SyntaxExpr>)(s => new BestSyntax(Merge(s.Span, key.Span), s, BestKind.MinBy, null, key));
            var closestSuffix = from k in Word("closest") from t in Word("to") from target in AdditiveExpr from b in Word("by") from key in OrExpr
                                select (Func<SyntaxExpr, SyntaxExpr>)(s => new BestSyntax(Merge(s.Span, key.Span), s, BestKind.ClosestTo, target, key));
            Suffixed =
                from s in OrExpr
                from ops in withSuffix.Or(sortSuffix).Or(maxSuffix).Or(minSuffix).Or(closestSuffix).Many()
                select ops.Aggregate(s, (acc, f) => f(acc));

            // Binders: "j in X", "pair (a, b) in X", "pair (m in Muon, e in Electron)", each "where p".
            var bound = from n in Identifier from k in Word("in") from src in PostfixExpr
                        select new BoundSyntax(Merge(n.Span, src.Span), n.Name, src);
            var whereClause = from k in Word("where") from p in OrExpr select p;
            var single =
                from b in bound
                from w in whereClause.Optional()
                select new BinderSyntax(w.IsDefined ? Merge(b.Span, w.Get().Span) : b.Span, new[] { b }, false, w.GetOrDefault());
            TupleBinder =
                from k in Spanned(Word("pair").Return(2).Or(Word("triple").Return(3)))
                from open in Sym('(')
                from body in
                    (from vars in bound.DelimitedBy(Sym(',')) from close in Sym(')')
                     select (vars: (IReadOnlyList<BoundSyntax>)vars.ToList(), distinct: false, end: vars.Last().Span))
                    .Or(from names in Identifier.DelimitedBy(Sym(',')) from close in Sym(')') from kin in Word("in") from src in PostfixExpr
                        select (vars: (IReadOnlyList<BoundSyntax>)names.Select(n => new BoundSyntax(n.Span, n.Name, src)).ToList(), distinct: true, end: src.Span))
                from w in whereClause.Optional()
                select new BinderSyntax(Merge(k.Span, w.IsDefined ? w.Get().Span : body.end), body.vars, body.distinct, w.GetOrDefault());
            Binder = TupleBinder.Or(single);

            ForExpr =
                from e in Suffixed
                from f in (from k in Word("for") from b in Binder select b).Optional()
                select f.IsDefined ? new ForSyntax(Merge(e.Span, f.Get().Span), e, f.Get()) : e;
        }

        private Parser<BinderSyntax> TupleBinder = null!;

        /// <summary>
        /// <c>operand (op operand)*</c> folded to the left, read by a loop. Like Sprache's XChainOperator, an operator
        /// not followed by an operand is an error there rather than the end of the chain.
        /// </summary>
        private static Parser<SyntaxExpr> Chain(Parser<BinaryOp> op, Parser<SyntaxExpr> operand) =>
            from first in operand
            from rest in (from o in op from r in operand select (o, r)).XMany()
            select rest.Aggregate(first, (l, x) => (SyntaxExpr)new BinarySyntax(Merge(l.Span, x.r.Span), x.o, l, x.r));

        /// <summary>A run of prefix operators applied innermost first: <c>- - x</c> is <c>-(-x)</c>.</summary>
        private static SyntaxExpr Prefixed(List<SourceSpan> operators, UnaryOp op, SyntaxExpr operand)
        {
            for (var k = operators.Count - 1; k >= 0; k--)
                operand = new UnarySyntax(Merge(operators[k], operand.Span), op, operand);
            return operand;
        }

        /// <summary><c>a ^ b ^ c</c> as <c>a ^ (b ^ c)</c>, each operand with its own prefix '-' (applied outside its power).</summary>
        private static SyntaxExpr Power((List<SourceSpan> Signs, SyntaxExpr Value) first, List<(List<SourceSpan> Signs, SyntaxExpr Value)> rest)
        {
            var operands = new List<(List<SourceSpan> Signs, SyntaxExpr Value)> { first };
            operands.AddRange(rest);
            // The last operand is the innermost right side; each earlier base takes the power of what follows.
            var last = operands[operands.Count - 1];
            var right = Prefixed(last.Signs, UnaryOp.Negate, last.Value);
            for (var k = operands.Count - 2; k >= 0; k--)
            {
                var b = operands[k];
                right = Prefixed(b.Signs, UnaryOp.Negate, new BinarySyntax(Merge(b.Value.Span, right.Span), BinaryOp.Power, b.Value, right));
            }
            return right;
        }
    }
}
