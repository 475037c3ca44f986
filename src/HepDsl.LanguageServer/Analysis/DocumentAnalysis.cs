using HepDsl.Parser;
using HepDsl.Parser.Syntax;
using HepDsl.Parser.Checking;

namespace HepDsl.LanguageServer.Analysis;

/// <summary>
/// One version of an open document, compiled exactly as <c>hep check</c> compiles it (same diagnostics), with the
/// statements of the file and of everything it imports (NanoAOD included) and the symbol index over them.
/// </summary>
public sealed class DocumentAnalysis
{
    public string Path { get; }
    public string Text { get; }
    public SemanticResult Semantics { get; }
    public IReadOnlyList<(string Path, IReadOnlyList<StatementSyntax> Statements)> Files { get; }
    public SymbolIndex Index { get; }

    /// <summary>The statements of this file only.</summary>
    public IReadOnlyList<StatementSyntax> Statements => Files[0].Statements;

    /// <summary>The tree the analysis reads (<c>tree NAME</c>), if it says.</summary>
    public string? Tree => Files.SelectMany(f => f.Statements).OfType<TreeSyntax>().FirstOrDefault()?.Name;

    public DocumentAnalysis(string path, string text, Func<string, string?> readFile)
    {
        Path = path;
        Text = text;
        Semantics = HepSemantics.Analyze(path, text, readFile);
        var files = new List<(string, IReadOnlyList<StatementSyntax>)>();
        Collect(path, text, readFile, files, new HashSet<string>(StringComparer.Ordinal));
        Files = files;
        Index = new SymbolIndex(files, Semantics.Expressions);
    }

    // The built-in schema never changes: parsed once.
    private static readonly Lazy<IReadOnlyList<StatementSyntax>> NanoAod = new(() => HepSemantics.Parse(HepSemantics.NanoAodFileName, HepSemantics.NanoAodText).Statements);

    // The same walk as the compiler's: imports in order, each file once, `use nanoaod` as one more file.
    private static void Collect(string path, string text, Func<string, string?> readFile, List<(string, IReadOnlyList<StatementSyntax>)> files, HashSet<string> seen)
    {
        if (!seen.Add(path)) return;
        var statements = path == HepSemantics.NanoAodFileName ? NanoAod.Value : HepSemantics.Parse(path, text).Statements;
        files.Add((path, statements));
        foreach (var s in statements)
        {
            if (s is ImportSyntax i)
            {
                var target = ImportPaths.Resolve(path, i.Path);
                string? imported;
                try { imported = readFile(target); }
                catch (BadSourceFileException) { continue; } // the compiler reports it
                if (imported != null) Collect(target, imported, readFile, files, seen);
            }
            else if (s is UseSyntax { Schema: "nanoaod" })
                Collect(HepSemantics.NanoAodFileName, HepSemantics.NanoAodText, readFile, files, seen);
        }
    }

    /// <summary>The innermost checked expression of this file containing the position.</summary>
    public ExpressionInfo? ExpressionAt(Protocol.Position position)
    {
        ExpressionInfo? best = null;
        long size = long.MaxValue;
        foreach (var e in Semantics.Expressions)
        {
            var span = e.Syntax.Span;
            if (span.File != Path || !position.In(span)) continue;
            var s = Protocol.Ranges.Size(span);
            if (s < size || (s == size && best != null && e.Syntax is NameSyntax)) { best = e; size = s; }
        }
        return best;
    }
}
