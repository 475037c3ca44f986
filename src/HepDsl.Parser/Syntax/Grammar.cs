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
    /// file name and the line the current statement starts on (statements start in column 1). This file holds the
    /// lexical parsers, spans and the nesting guard; <c>Grammar.Expressions.cs</c> and <c>Grammar.Statements.cs</c>
    /// the two grammars.
    /// </summary>
    internal sealed partial class Grammar
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

        private int _depth;

        /// <summary>
        /// False when this thread's stack is nearly used up. The limit is chosen to fit a 512 KB stack; a caller on a
        /// smaller one still gets HEP0040 rather than a crash.
        /// </summary>
        private static bool StackLeft()
        {
            try { System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); return true; }
            catch (InsufficientExecutionStackException) { return false; }
        }

        /// <summary>
        /// <paramref name="p"/> one nesting level deeper. Beyond <see cref="Nesting.MaxDepth"/> the parse stops with
        /// <see cref="NestingTooDeepException"/> (reported as HEP0040 where it happened) before the recursion can
        /// exhaust the stack.
        /// </summary>
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
    }
}
