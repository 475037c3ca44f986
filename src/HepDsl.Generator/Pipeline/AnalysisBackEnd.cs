using System;
using System.Threading;
using HepDsl.Generator.Diagnostics;
using HepDsl.Generator.Emit;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using Microsoft.CodeAnalysis;

namespace HepDsl.Generator.Pipeline;

/// <summary>Emits C# for a checked analysis; a failure of the emitter becomes diagnostic HEP1001 on the .hep file.</summary>
internal static class AnalysisBackEnd
{
    public static GeneratedAnalysis Generate(ParsedAnalysis analysis, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var model = analysis.Model;
        if (model is null) return new GeneratedAnalysis(analysis.File.FileName + ".g.cs", null, analysis.Diagnostics);
        var hint = AnalysisEmitter.ClassName(model) + ".g.cs";
        try
        {
            var source = AnalysisEmitter.Emit(model, analysis.File.FileName, analysis.SourceHash);
            return new GeneratedAnalysis(hint, source, analysis.Diagnostics, AnalysisDeclaration.Find(model.Name, analysis.File));
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            var failure = new DiagnosticInfo(DiagnosticDescriptors.EmitterFailed.Id, DiagnosticSeverity.Error,
                DiagnosticCatalog.EmitterFailed.Text(analysis.File.FileName, e.Message),
                analysis.File.Path, 0, 0, 0, 0, 0, 0);
            var all = new System.Collections.Generic.List<DiagnosticInfo>(analysis.Diagnostics) { failure };
            return new GeneratedAnalysis(hint, null, all.ToEquatableArray());
        }
    }
}
