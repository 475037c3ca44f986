using HepDsl.Parser;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Syntax;

namespace HepDsl.Compiler;

/// <summary>One .hep text read from disk.</summary>
public sealed record HepSource(string Path, string Text);

/// <summary>
/// A .hep file and every file it imports (transitively), read from disk. The generator resolves imports only among
/// the files it is given, so the compiler must hand it all of them; they also make up the cache key. The parser
/// itself says which files it imports, so nothing here guesses at the syntax.
/// </summary>
public sealed record HepSources(IReadOnlyList<HepSource> Files, IReadOnlyList<CompilerDiagnostic> Diagnostics)
{
    public HepSource Main => Files[0];
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static HepSources Read(string hepPath)
    {
        var main = Path.GetFullPath(hepPath);
        string? mainText;
        try { mainText = SourceFiles.Read(main, import: false); }
        catch (BadSourceFileException bad)
        {
            return new HepSources([new(main, "")], [new CompilerDiagnostic(main, 1, 1, true, DiagnosticIds.BadSourceFile, DiagnosticCatalog.BadSourceFile.Text(bad.Message))]);
        }
        if (mainText == null) throw new FileNotFoundException($"{hepPath}: no such analysis file", hepPath);
        var files = new List<HepSource> { new(main, mainText) };
        var seen = new HashSet<string>(StringComparer.Ordinal) { main };
        var result = HepCompiler.Compile(main, files[0].Text, import =>
        {
            var path = Path.GetFullPath(import);
            var text = SourceFiles.Read(path, import: true);
            if (text == null) return null;
            if (seen.Add(path)) files.Add(new HepSource(path, text));
            return text;
        });
        var diagnostics = result.Diagnostics
            .Select(d => new CompilerDiagnostic(d.File, d.Line, d.Column, d.Severity == Severity.Error, d.Id, d.Message))
            .ToList();
        return new HepSources(files, diagnostics);
    }
}
