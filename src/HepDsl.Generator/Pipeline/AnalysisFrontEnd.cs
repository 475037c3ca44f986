using System.Threading;
using HepDsl.Generator.Diagnostics;

namespace HepDsl.Generator.Pipeline;

// TEMPORARY until the parser lands.
internal static class AnalysisFrontEnd
{
    public static ParsedAnalysis Compile(HepSourceFile file, HepFileSet files, CancellationToken cancellationToken) =>
        new(file, SourceHash.Of(file, new HepSourceFile[0]), EquatableArray<DiagnosticInfo>.Empty);
}

public sealed record ParsedAnalysis(HepSourceFile File, string SourceHash, EquatableArray<DiagnosticInfo> Diagnostics);

internal static class AnalysisBackEnd
{
    public static GeneratedAnalysis Generate(ParsedAnalysis analysis, CancellationToken cancellationToken) =>
        new(analysis.File.FileName + ".g.cs", null, analysis.Diagnostics);
}
