using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HepDsl.Parser.Model;
using Sprache;

namespace HepDsl.Parser.Syntax
{
    /// <summary>
    /// The Sprache grammar of one statement. An instance serves one file: spans are made absolute with the
    /// file name and the line the current statement starts on (statements start in column 1).
    /// </summary>
    internal sealed class Grammar
    {
        private static IReadOnlyCollection<string> Reserved => Keywords.Reserved;

        private string _file = "";
        private int _lineOffset;

        /// <summary>Building the parsers costs more than parsing a file, so each thread keeps one grammar.</summary>
        [ThreadStatic] private static Grammar? _perThread;

        /// <summary>This thread's grammar, set to report spans in <paramref name="file"/>.</summary>
        public static Grammar For(string file)
        {
            var g = _perThread ??= new Grammar();
            g._file = file;
            g._lineOffset = 0;
            return g;
        }

        private Grammar()
        {
            Expression = Parse.Ref(() => ForExpr);
            BuildExpressions();
            BuildStatements();
        }

        /// <summary>Sets the file line the next parsed statement text starts on.</summary>
        public void StartStatement(int line)
        {
            _lineOffset = line - 1;
            _depth = 0;
        }

        /// <summary>Maps a position in the statement text to the file.</summary>
        public SourceSpan SpanOf(Position start, Position end) =>
            new SourceSpan(_file, start.Line + _lineOffset, start.Column, end.Line + _lineOffset, end.Column);

        public SourceSpan PointOf(int line, int column) => new SourceSpan(_file, line + _lineOffset, column, line + _lineOffset, column + 1);

        private static SourceSpan Merge(SourceSpan a, SourceSpan b) => new SourceSpan(a.File, a.Line, a.Column, b.EndLine, b.EndColumn);

        // ------------------------------------------------------------------ lexical

        private static readonly Parser<string> Ws = Parse.WhiteSpace.Many().Text();

        /// <summary><paramref name="p"/> between optional blanks, with the span of what it matched.</summary>
        private Parser<(T Value, SourceSpan Span)> Spanned<T>(Parser<T> p) =>
            from _ in Ws
            from s in p.Span()
            from __ in Ws
            select (s.Value, SpanOf(s.Start, s.End));

        private static Parser<string> Word(string keyword) =>
            (from w in Parse.String(keyword).Text()
             from _ in Parse.LetterOrDigit.Or(Parse.Char('_')).Not()
             select w).Token().Named("'" + keyword + "'");

        /// <summary>Consumes nothing and returns where it is.</summary>
        private static readonly Parser<IInput> Here = i => Result.Success(i, i);

        /// <summary><paramref name="p"/>, but on failure as if nothing was consumed (so an <c>XOr</c> tries the next alternative).</summary>
        private static Parser<T> Attempt<T>(Parser<T> p) => i =>
        {
            var r = p(i);
            return r.WasSuccessful ? r : Result.Failure<T>(i, r.Message, r.Expectations);
        };

        /// <summary>
        /// <paramref name="p"/>, or a failure where it should begin that expects <paramref name="what"/> after the text
        /// read since <paramref name="start"/> (<c>'to' and the upper edge after '10 bins from 0'</c>).
        /// </summary>
        private static Parser<T> Expect<T>(Parser<T> p, IInput start, string what) => i =>
        {
            var at = Ws(i).Remainder;
            var r = p(at);
            if (r.WasSuccessful) return r;
            var expected = $"{what} after '{start.Source.Substring(start.Position, at.Position - start.Position).Trim()}'";
            return Result.Failure<T>(at, expected, new[] { expected });
        };

        private static Parser<char> Sym(char c) => Parse.Char(c).Token().Named("'" + c + "'");
        private static Parser<string> Sym(string s) => Parse.String(s).Text().Token().Named("'" + s + "'");

        private static readonly Parser<string> RawIdentifier =
            from first in Parse.Letter.Or(Parse.Char('_'))
            from rest in Parse.LetterOrDigit.Or(Parse.Char('_')).Many().Text()
            select first + rest;

        private Parser<NameToken> Identifier => Spanned(RawIdentifier.Where(n => !Reserved.Contains(n)))
            .Select(t => new NameToken(t.Span, t.Value)).Named("a name");

        private static readonly Parser<string> StringLiteral =
            (from open in Parse.Char('"')
             from chars in Parse.Char('\\').Then(_ => Parse.AnyChar).Or(Parse.CharExcept("\"\n")).Many().Text()
             from close in Parse.Char('"').Named("closing '\"'")
             select chars).Token().Named("a \"string\"");

        private static readonly Parser<(double Value, bool IsInteger)> UnsignedNumber =
            from digits in Parse.Digit.AtLeastOnce().Text()
            from fraction in Parse.Char('.').Then(_ => Parse.Digit.Many().Text()).Optional()
            from exponent in (from e in Parse.Chars("eE")
                              from sign in Parse.Chars("+-").Optional()
                              from ds in Parse.Digit.AtLeastOnce().Text()
                              select (sign.IsDefined ? sign.Get().ToString() : "") + ds).Optional()
            from _ in Parse.LetterOrDigit.Or(Parse.Char('_')).Not()
            select (double.Parse(digits + (fraction.IsDefined ? "." + fraction.Get() : "") + (exponent.IsDefined ? "e" + exponent.Get() : ""), CultureInfo.InvariantCulture),
                    !fraction.IsDefined && !exponent.IsDefined);

        private static readonly Parser<double> SignedNumber =
            (from minus in Parse.Char('-').Token().Optional()
             from n in UnsignedNumber
             select minus.IsDefined ? -n.Value : n.Value).Token().Named("a number");

        // ------------------------------------------------------------------ expressions

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

        // ------------------------------------------------------------------ nesting

        private int _depth;

        /// <summary>
        /// <paramref name="p"/> one nesting level deeper. Beyond <see cref="Nesting.MaxDepth"/> the parse stops with
        /// <see cref="NestingTooDeepException"/> (reported as HEP0040 where it happened) before the recursion can
        /// exhaust the stack.
        /// </summary>
        /// <summary>
        /// False when this thread's stack is nearly used up. The limit is chosen to fit a 512 KB stack; a caller on a
        /// smaller one still gets HEP0040 rather than a crash.
        /// </summary>
        private static bool StackLeft()
        {
            try { System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); return true; }
            catch (InsufficientExecutionStackException) { return false; }
        }

        private Parser<T> Nested<T>(Parser<T> p) => i =>
        {
            if (_depth >= Nesting.MaxDepth || !StackLeft())
            {
                var at = Ws(i).Remainder;
                throw new NestingTooDeepException(at.Line, at.Column);
            }
            _depth++;
            try { return p(i); }
            finally { _depth--; }
        };

        // ------------------------------------------------------------------ statements

        /// <summary>Statement parsers by leading keyword.</summary>
        public Dictionary<string, Parser<StatementSyntax>> Statements { get; } = new Dictionary<string, Parser<StatementSyntax>>(StringComparer.Ordinal);

        private void BuildStatements()
        {
            Parser<T> Stmt<T>(string keyword, Func<SourceSpan, Parser<T>> body) =>
                from k in Spanned(Word(keyword))
                from s in body(k.Span)
                select s;
            var end = Spanned(Parse.Return(0)).Select(x => x.Span);

            Statements["analysis"] = Stmt("analysis", k =>
                from n in Identifier from t in StringLiteral.Optional()
                select (StatementSyntax)new AnalysisSyntax(Merge(k, n.Span), n.Name, t.GetOrDefault()));
            Statements["tree"] = Stmt("tree", k =>
                from n in Identifier.Or(Spanned(StringLiteral).Select(s => new NameToken(s.Span, s.Value)))
                select (StatementSyntax)new TreeSyntax(Merge(k, n.Span), n.Name));
            Statements["use"] = Stmt("use", k => from n in Identifier select (StatementSyntax)new UseSyntax(Merge(k, n.Span), n.Name));
            Statements["import"] = Stmt("import", k => from p in Spanned(StringLiteral) select (StatementSyntax)new ImportSyntax(Merge(k, p.Span), p.Value));

            // `float32 pt` reads branch Name_pt; `float32 jet_pt as pt` names the branch.
            var fieldName = from first in Identifier
                            from renamed in (from a in Word("as") from f in Identifier select f).Optional()
                            select renamed.IsDefined ? (Field: renamed.Get(), Branch: (NameToken?)first) : (Field: first, Branch: (NameToken?)null);
            var fieldGroup = from type in Identifier from names in fieldName.DelimitedBy(Sym(','))
                             let list = names.ToList()
                             select new FieldGroupSyntax(type, list.Select(n => n.Field).ToList(), list.Select(n => n.Branch).ToList());
            var fourVector = from k in Spanned(Word("fourvector")) from kind in Identifier from open in Sym('(')
                             from fields in Identifier.DelimitedBy(Sym(',')) from close in Spanned(Parse.Char(')')).Named("')'")
                             select new FourVectorSyntax(Merge(k.Span, close.Span), kind, fields.ToList());
            var members =
                from items in fourVector.Select(f => (object)f).Or(fieldGroup.Select(g => (object)g)).DelimitedBy(Sym(';'))
                select items.ToList();

            // `branch int32 a, b[3]`: a fixed-size array branch carries its length in brackets.
            var arrayLength = from open in Sym('[') from n in Spanned(Parse.Digit.AtLeastOnce().Text()) from close in Sym(']') select n;
            var branchName = from n in Identifier from length in arrayLength.Optional() select (Name: n, Length: length);
            Statements["branch"] = Stmt("branch", k =>
                from type in Identifier
                from names in branchName.DelimitedBy(Sym(','))
                let list = names.ToList()
                select (StatementSyntax)new BranchSyntax(Merge(k, list.Last().Name.Span), new FieldGroupSyntax(type, list.Select(n => n.Name).ToList()),
                    list.Select(n => n.Length.IsDefined ? new ArrayLengthSyntax(n.Length.Get().Span, n.Length.Get().Value) : null).ToList()));
            // `[uint32 nJet]`: counted by a counter branch; `[vector]`: std::vector branches, counted by their length.
            var vectorHeader = from v in Spanned(Word("vector")) from close in Sym(']')
                               select (CounterType: (NameToken?)null, Counter: (NameToken?)null, Vector: (NameToken?)new NameToken(v.Span, v.Value));
            var counterHeader = from ct in Identifier from c in Identifier from close in Sym(']')
                                select (CounterType: (NameToken?)ct, Counter: (NameToken?)c, Vector: (NameToken?)null);
            Statements["collection"] = Stmt("collection", k =>
                from n in Identifier from open in Sym('[') from h in vectorHeader.Or(counterHeader).Named("'vector]' or 'TYPE COUNTER]'") from colon in Sym(':')
                from m in members
                from e in end
                select (StatementSyntax)new CollectionSyntax(Merge(k, e), n, h.CounterType, h.Counter, h.Vector, m.OfType<FieldGroupSyntax>().ToList(), m.OfType<FourVectorSyntax>().LastOrDefault()));
            Statements["object"] = Stmt("object", k =>
                from n in Identifier from colon in Sym(':') from m in members from e in end
                select (StatementSyntax)new ObjectSyntax(Merge(k, e), n, m.OfType<FieldGroupSyntax>().ToList(), m.OfType<FourVectorSyntax>().LastOrDefault()));
            Statements["union"] = Stmt("union", k =>
                from n in Identifier from eq in Sym('=')
                from parts in (from m in Identifier from a in Word("as") from t in Identifier select (m, t)).DelimitedBy(Sym(','))
                from e in end
                select (StatementSyntax)new UnionSyntax(Merge(k, e), n, parts.Select(p => p.m).ToList(), parts.Select(p => p.t).ToList()));
            Statements["define"] = Stmt("define", k =>
                from c in Identifier from dot in Sym('.') from f in Identifier from eq in Sym('=') from v in Expression
                select (StatementSyntax)new DefineSyntax(Merge(k, v.Span), c, f, v));
            Statements["let"] = Stmt("let", k =>
                from n in Identifier from eq in Sym('=') from v in Expression
                select (StatementSyntax)new LetSyntax(Merge(k, v.Span), n, v));
            Statements["weight"] = Stmt("weight", k => from v in Expression select (StatementSyntax)new WeightSyntax(Merge(k, v.Span), v));
            Statements["cut"] = Stmt("cut", k =>
                from n in Spanned(StringLiteral).Select(s => new NameToken(s.Span, s.Value)).Or(Identifier)
                from colon in Sym(':') from p in Expression
                select (StatementSyntax)new CutSyntax(Merge(k, p.Span), n, p));

            // Once a binning has begun ('10 bins', 'edges [1') the item is a binning: a missing piece is reported as
            // what the binning lacks, not as a stray word after an expression '10' or 'edges'.
            var regular = from start in Here
                          from n in Attempt(from n in Spanned(SignedNumber) from log in Word("log").Optional() from b in Word("bins") select (n.Value, n.Span, Log: log.IsDefined))
                          from f in Expect(Word("from"), start, "'from' and the lower edge")
                          from lo in Expect(SignedNumber, start, "the lower edge")
                          from t in Expect(Word("to"), start, "'to' and the upper edge")
                          from hi in Expect(Spanned(SignedNumber), start, "the upper edge")
                          select (BinningSyntax)new RegularBinningSyntax(Merge(n.Span, hi.Span), n.Value, lo, hi.Value, n.Log);
            var edges = from start in Here
                        from head in Attempt(from k in Spanned(Word("edges")) from open in Sym('[') from first in SignedNumber select (k.Span, first))
                        from rest in (from comma in Sym(',') from edge in Expect(SignedNumber, start, "a bin edge") select edge).XMany()
                        from close in Expect(Spanned(Parse.Char(']')), start, "',' and another edge, or ']'")
                        select (BinningSyntax)new EdgesBinningSyntax(Merge(head.Span, close.Span), new[] { head.first }.Concat(rest).ToList());
            // 'bins from 0 to 5' would otherwise parse as the expression 'bins' and fail at 'from'.
            var countless = Attempt(from b in Word("bins") from f in Word("from") select b);
            var label = from axis in Word("x").Or(Word("y")) from text in StringLiteral select (axis, text);
            var alternatives = regular.Select(b => (object)b).XOr(edges.Select(b => (object)b)).XOr(label.Select(l => (object)l).Or(Expression.Select(e => (object)e)));
            const string NoCount = "the number of bins (like '10 bins from 0 to 5')";
            Parser<object> histogramItem = i => countless(i).WasSuccessful ? Result.Failure<object>(i, NoCount, new[] { NoCount }) : alternatives(i);
            Statements["histogram"] = Stmt("histogram", k =>
                from n in Identifier from title in StringLiteral.Optional() from colon in Sym(':')
                from items in histogramItem.XDelimitedBy(Sym(','))
                from e in end
                let list = items.ToList()
                select (StatementSyntax)new HistogramSyntax(Merge(k, e), n, title.GetOrDefault(),
                    list.OfType<SyntaxExpr>().ToList(), list.OfType<BinningSyntax>().ToList(),
                    list.OfType<(string axis, string text)>().Where(l => l.axis == "x").Select(l => l.text).LastOrDefault(),
                    list.OfType<(string axis, string text)>().Where(l => l.axis == "y").Select(l => l.text).LastOrDefault()));

            // An optional title after the name, as for histograms: count n "Events passing", sum ht "H_T": ...
            Statements["count"] = Stmt("count", k =>
                from n in Identifier from title in StringLiteral.Optional() from e in end
                select (StatementSyntax)new AggregateSyntax(Merge(k, e), AggregateKind.Count, n, null, title.GetOrDefault()));
            foreach (var (word, kind) in new[] { ("sum", AggregateKind.Sum), ("mean", AggregateKind.Mean) })
                Statements[word] = Stmt(word, k =>
                    from n in Identifier from title in StringLiteral.Optional() from colon in Sym(':') from v in Expression
                    select (StatementSyntax)new AggregateSyntax(Merge(k, v.Span), kind, n, v, title.GetOrDefault()));
        }
    }
}
