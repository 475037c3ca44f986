using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;
using Sprache;

namespace HepDsl.Parser.Syntax
{
    /// <summary>An <c>import "path"</c> as written, with where it stands.</summary>
    public sealed record ImportReference(string Path, SourceSpan Span);

    /// <summary>An <c>analysis NAME</c> statement: the name and the span of the name alone.</summary>
    public sealed record AnalysisName(string Name, SourceSpan Span);

    /// <summary>
    /// What tools need to know about a .hep file before checking it: the files it imports, the analysis it names and
    /// whether it is a library (shared definitions, nothing booked). Read with the grammar's own statement parsers,
    /// so a file with errors elsewhere still shows its imports.
    /// </summary>
    public sealed record HepHeader(IReadOnlyList<ImportReference> Imports, AnalysisName? Analysis, bool IsLibrary)
    {
        public static HepHeader Scan(string file, string text)
        {
            var grammar = Grammar.For(file);
            var imports = new List<ImportReference>();
            AnalysisName? analysis = null;
            var books = false;
            foreach (var statement in StatementSplitter.Split(text))
            {
                var keyword = Keywords.LeadingWord(statement.Text);
                if (keyword == "analysis" || Keywords.Booking.Contains(keyword)) books = true;
                if (keyword != "import" && (keyword != "analysis" || analysis != null)) continue;
                grammar.StartStatement(statement.Line);
                var parsed = grammar.Statements[keyword].TryParse(statement.Text);
                if (!parsed.WasSuccessful) continue;
                switch (parsed.Value)
                {
                    case ImportSyntax i: imports.Add(new ImportReference(i.Path, i.Span)); break;
                    // The statement's span ends with the name, which never spans lines.
                    case AnalysisSyntax a: analysis = new AnalysisName(a.Name, a.Span with { Line = a.Span.EndLine, Column = a.Span.EndColumn - a.Name.Length }); break;
                }
            }
            return new HepHeader(imports, analysis, !books);
        }
    }
}
