using Microsoft.CodeAnalysis;

namespace HepDsl.Compiler;

/// <summary>A problem found compiling an analysis, printed as <c>FILE:LINE:COL: error HEP0xxx: message</c>.</summary>
public sealed record CompilerDiagnostic(string File, int Line, int Column, bool IsError, string Id, string Message)
{
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(IsError ? "error" : "warning")} {Id}: {Message}";

    internal static CompilerDiagnostic From(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        var file = span.IsValid && !string.IsNullOrEmpty(span.Path) ? span.Path : "<generated>";
        return new CompilerDiagnostic(file, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            d.Severity == DiagnosticSeverity.Error, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The .hep file (or the C# generated from it) has errors; <see cref="Exception.Message"/> lists them one per line.</summary>
public sealed class AnalysisCompileException(IReadOnlyList<CompilerDiagnostic> diagnostics)
    : Exception(string.Join(Environment.NewLine, diagnostics.Where(d => d.IsError)))
{
    public IReadOnlyList<CompilerDiagnostic> Diagnostics { get; } = diagnostics;
}
