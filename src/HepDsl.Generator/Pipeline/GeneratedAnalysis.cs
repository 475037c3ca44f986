using HepDsl.Generator.Diagnostics;
using HepDsl.Generator.Pipeline;

using HepDsl.Parser.Model;

namespace HepDsl.Generator.Pipeline;

/// <summary>What the generator adds for one .hep file: a source (null when the file has errors) and its diagnostics.</summary>
public sealed record GeneratedAnalysis(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
