using HepDsl.Generator.Diagnostics;
using HepDsl.Generator.Pipeline;

using HepDsl.Parser.Model;

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
    private static readonly System.Text.RegularExpressions.Regex AnalysisLine =
        new(@"^[ \t]*analysis[ \t]+([A-Za-z_][A-Za-z0-9_]*)", System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static AnalysisDeclaration Find(string name, HepSourceFile file)
    {
        foreach (System.Text.RegularExpressions.Match m in AnalysisLine.Matches(file.Text))
        {
            var group = m.Groups[1];
            if (group.Value != name) continue;
            var lineStart = file.Text.LastIndexOf('\n', System.Math.Max(0, group.Index - 1)) + 1;
            var line = 0;
            for (var i = 0; i < lineStart; i++)
                if (file.Text[i] == '\n') line++;
            return new AnalysisDeclaration(name, file.Path, file.FileName, group.Index, group.Length, line, group.Index - lineStart);
        }
        return new AnalysisDeclaration(name, file.Path, file.FileName, 0, 0, 0, 0);
    }

    /// <summary>HEP1002 on this file: another file already generates a class of the same name.</summary>
    public DiagnosticInfo DuplicateOf(AnalysisDeclaration first, string className) =>
        new(DiagnosticDescriptors.DuplicateAnalysis.Id, Microsoft.CodeAnalysis.DiagnosticSeverity.Error,
            $"analysis '{Name}' in {FileName} would generate class {className}, which {first.FileName} (analysis '{first.Name}') already generates; give each .hep file a different analysis name",
            FilePath, SpanStart, SpanLength, Line, Column, Line, Column + SpanLength);
}
