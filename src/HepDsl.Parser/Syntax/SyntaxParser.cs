using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using Sprache;

namespace HepDsl.Parser.Syntax
{
    /// <summary>Parses a whole file statement by statement; a statement that fails is reported and skipped.</summary>
    public static class SyntaxParser
    {
        public static IReadOnlyList<StatementSyntax> ParseFile(string file, string text, DiagnosticBag diagnostics)
        {
            var grammar = Grammar.For(file);
            var result = new List<StatementSyntax>();
            foreach (var statement in StatementSplitter.Split(text))
            {
                grammar.StartStatement(statement.Line);
                var keyword = Keywords.LeadingWord(statement.Text);
                if (!grammar.Statements.TryGetValue(keyword, out var parser))
                {
                    var width = keyword.Length == 0 ? 1 : keyword.Length;
                    var at = grammar.PointOf(1, 1) with { EndColumn = 1 + width };
                    diagnostics.Report(DiagnosticCatalog.UnknownStatement, at, string.Join(", ", Keywords.Statements),
                        keyword.Length == 0 ? statement.Text.Split('\n')[0].Trim() : keyword, Suggestions.For(keyword, grammar.Statements.Keys));
                    continue;
                }
                IResult<StatementSyntax> parsed;
                try { parsed = parser.End().TryParse(statement.Text); }
                catch (NestingTooDeepException deep)
                {
                    diagnostics.Report(DiagnosticCatalog.NestingTooDeep, grammar.PointOf(deep.Line, deep.Column), Nesting.MaxDepth);
                    continue;
                }
                if (!parsed.WasSuccessful)
                {
                    Describe(parsed, statement.Text, grammar.PointOf(parsed.Remainder.Line, parsed.Remainder.Column), diagnostics);
                    continue;
                }
                // Loops read operator chains without nesting; what they build may still nest too deep for the passes after.
                var tooDeep = ExpressionsOf(parsed.Value).Select(Nesting.TooDeep).FirstOrDefault(n => n != null);
                if (tooDeep != null) diagnostics.Report(DiagnosticCatalog.NestingTooDeep, tooDeep.Span, Nesting.MaxDepth);
                else result.Add(parsed.Value);
            }
            return result;
        }

        private static IEnumerable<SyntaxExpr> ExpressionsOf(StatementSyntax s) => s switch
        {
            DefineSyntax d => new[] { d.Value },
            LetSyntax l => new[] { l.Value },
            WeightSyntax w => new[] { w.Value },
            CutSyntax c => new[] { c.Predicate },
            HistogramSyntax h => h.Fills,
            AggregateSyntax a when a.Value != null => new[] { a.Value },
            VariationSyntax v => new[] { v.Value, v.Up, v.Down }.Where(e => e != null).Select(e => e!),
            _ => Enumerable.Empty<SyntaxExpr>(),
        };

        /// <summary>Reports what the parser expected where it stopped and what it found there.</summary>
        private static void Describe<T>(IResult<T> failure, string text, SourceSpan at, DiagnosticBag diagnostics)
        {
            var position = failure.Remainder.Position;
            var found = position >= text.Length ? "end of statement" : "'" + Snippet(text, position) + "'";
            var expected = failure.Expectations.Where(e => !string.IsNullOrEmpty(e)).Distinct().ToList();
            // The alternatives that start an expression say more as one word.
            if (expected.Contains("a number") && expected.Contains("a name"))
                expected = new List<string> { "an expression" }.Concat(expected.Where(e => !ExpressionStarts.Contains(e))).ToList();
            var what = expected.Count == 0 ? "a valid statement" :
                expected.Count == 1 ? expected[0] : string.Join(", ", expected.Take(expected.Count - 1)) + " or " + expected.Last();
            if (expected.Count == 1 && expected[0] == "end of input") what = "the end of the statement";
            // 'a = b' is a comparison written with one '='.
            var equals = found == "'='" && !expected.Contains("a name") && !expected.Contains("an expression") && (position + 1 >= text.Length || text[position + 1] != '=');
            diagnostics.Report(equals ? DiagnosticCatalog.SingleEquals : DiagnosticCatalog.Syntax, at, what, found);
        }

        private static readonly HashSet<string> ExpressionStarts = new HashSet<string>
        {
            "'-'", "a number", "'true'", "'false'", "'('", "'any'", "'all'", "'none'", "'if'", "'pair'", "'triple'", "a name", "'not'",
        };

        private static string Snippet(string text, int position)
        {
            var end = position;
            if (char.IsLetterOrDigit(text[end]) || text[end] == '_')
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
            else end++;
            return text.Substring(position, end - position);
        }
    }
}
