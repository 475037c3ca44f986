using HepDsl.Generator.Diagnostics;
using HepDsl.Generator.Pipeline;

using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Generator.Pipeline;

/// <summary>
/// What the generator adds for one .hep file: a source (null when the file has errors) and its diagnostics.
/// <paramref name="Declaration"/> locates the analysis name (for the duplicate-name check across files); null
/// when no source is emitted.
/// </summary>
public sealed record GeneratedAnalysis(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics, AnalysisDeclaration? Declaration = null);

/// <summary>Where a .hep file names its analysis: the <c>analysis NAME</c> line, or the file's start when the name comes from the file name.</summary>
public sealed record AnalysisDeclaration(string Name, string FilePath, string FileName, int SpanStart, int SpanLength, int Line, int Column)
{
    /// <summary>The span of <c>analysis NAME</c>'s name, as the parser's header scan finds it; the file's start otherwise.</summary>
    public static AnalysisDeclaration Find(string name, HepSourceFile file)
    {
        if (HepHeader.Scan(file.Path, file.Text).Analysis is { } declared && declared.Name == name)
        {
            var span = declared.Span;
            var start = new LineMap(file.Text).Offset(span.Line, span.Column);
            return new AnalysisDeclaration(name, file.Path, file.FileName, start, name.Length, span.Line - 1, span.Column - 1);
        }
        return new AnalysisDeclaration(name, file.Path, file.FileName, 0, 0, 0, 0);
    }

    /// <summary>HEP1002 on this file: another file already generates a class of the same name.</summary>
    public DiagnosticInfo DuplicateOf(AnalysisDeclaration first, string className) =>
        new(DiagnosticDescriptors.DuplicateAnalysis.Id, Microsoft.CodeAnalysis.DiagnosticSeverity.Error,
            DiagnosticCatalog.DuplicateAnalysis.Text(Name, FileName, className, first.FileName, first.Name),
            FilePath, SpanStart, SpanLength, Line, Column, Line, Column + SpanLength);
}
