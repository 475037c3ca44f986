using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HepDsl.Generator.Diagnostics;

/// <summary>
/// A diagnostic as plain data, so it can travel through cached pipeline steps (a Roslyn <see cref="Diagnostic"/>
/// and its <see cref="Location"/> are not value-comparable). Positions are zero-based, as Roslyn counts.
/// </summary>
public sealed record DiagnosticInfo(
    string Id,
    DiagnosticSeverity Severity,
    string Message,
    string FilePath,
    int SpanStart,
    int SpanLength,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn)
{
    public Diagnostic ToDiagnostic()
    {
        var location = Location.Create(
            FilePath,
            new TextSpan(SpanStart, SpanLength),
            new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
        return Diagnostic.Create(DiagnosticDescriptors.For(Id), location, Severity, additionalLocations: null, properties: null, Message);
    }
}
