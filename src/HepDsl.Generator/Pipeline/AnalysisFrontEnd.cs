using System.Collections.Generic;
using System.Threading;
using HepDsl.Generator.Diagnostics;
using HepDsl.Parser;
using HepDsl.Parser.Model;
using Microsoft.CodeAnalysis;

namespace HepDsl.Generator.Pipeline;

/// <summary>
/// One .hep file parsed and checked: the model (null when there were errors), the hash of the texts it was
/// built from, and its diagnostics. Value-equal: the model is made of records and equatable arrays.
/// </summary>
public sealed record ParsedAnalysis(HepSourceFile File, string SourceHash, AnalysisModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Runs the .hep parser and checker on one file, resolving imports among the files it was given.</summary>
internal static class AnalysisFrontEnd
{
    public static ParsedAnalysis Compile(AnalysisInputs inputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var file = inputs.File;
        if (inputs.IsImported || inputs.IsLibrary)
            return new ParsedAnalysis(file, SourceHash.Of(file, new HepSourceFile[0]), null, EquatableArray<DiagnosticInfo>.Empty);
        var imported = new List<HepSourceFile>();
        var result = HepCompiler.Compile(file.Path, file.Text, path =>
        {
            var found = inputs.Import(path);
            if (found is not null) imported.Add(found);
            return found?.Text;
        });

        var diagnostics = new List<DiagnosticInfo>();
        foreach (var d in result.Diagnostics)
        {
            var text = d.File == file.Path || d.File.Length == 0 ? file : inputs.Import(d.File) ?? file;
            diagnostics.Add(ToInfo(d, text));
        }
        return new ParsedAnalysis(file, SourceHash.Of(file, imported), result.Model, diagnostics.ToEquatableArray());
    }

    /// <summary>The checker counts from 1 with an exclusive end column; Roslyn counts from 0.</summary>
    private static DiagnosticInfo ToInfo(HepDiagnostic d, HepSourceFile text)
    {
        var map = new LineMap(text.Text);
        var start = map.Offset(d.Line, d.Column);
        var endLine = d.EndLine < d.Line ? d.Line : d.EndLine;
        var endColumn = endLine == d.Line && d.EndColumn < d.Column ? d.Column : d.EndColumn;
        var end = map.Offset(endLine, endColumn);
        var severity = d.Severity switch
        {
            Severity.Error => DiagnosticSeverity.Error,
            Severity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
        return new DiagnosticInfo(d.Id, severity, d.Message, text.Path, start, end - start,
            System.Math.Max(0, d.Line - 1), System.Math.Max(0, d.Column - 1), System.Math.Max(0, endLine - 1), System.Math.Max(0, endColumn - 1));
    }
}
