using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Generator.Diagnostics;
using HepDsl.Generator.Pipeline;
using Microsoft.CodeAnalysis;

namespace HepDsl.Generator;

/// <summary>
/// Turns every <c>.hep</c> AdditionalFile into a typed HepDsl analysis. Steps, each cached on value equality:
/// <list type="number">
/// <item><c>HepFiles</c>: path and text of each .hep file.</item>
/// <item><c>HepFileSet</c>: all of them together, so imports resolve without touching the disk.</item>
/// <item><c>HepInputs</c>: per file, its text and the texts of its import closure (value-equal, so an edit to an
/// unrelated .hep file leaves the next step cached).</item>
/// <item><c>HepParse</c>: parse and check one file (with its imports) into a model plus diagnostics.</item>
/// <item><c>HepEmit</c>: the model as C# text (<see cref="Emit.AnalysisEmitter"/>, a pure function).</item>
/// </list>
/// Nothing here holds a Compilation, symbol or syntax node, so editing C# code never re-runs a step.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class HepAnalysisGenerator : IIncrementalGenerator
{
    public static class StepNames
    {
        public const string Files = "HepFiles";
        public const string FileSet = "HepFileSet";
        public const string Inputs = "HepInputs";
        public const string Parse = "HepParse";
        public const string Emit = "HepEmit";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static f => f.Path.EndsWith(".hep", StringComparison.OrdinalIgnoreCase))
            .Select(static (f, ct) => new HepSourceFile(f.Path, f.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(StepNames.Files);

        var fileSet = files.Collect()
            .Select(static (all, _) => new HepFileSet(all))
            .WithTrackingName(StepNames.FileSet);

        var inputs = files.Combine(fileSet)
            .Select(static (pair, _) => pair.Right.InputsOf(pair.Left))
            .WithTrackingName(StepNames.Inputs);

        var parsed = inputs
            .Select(static (input, ct) => AnalysisFrontEnd.Compile(input, ct))
            .WithTrackingName(StepNames.Parse);

        var generated = parsed
            .Select(static (analysis, ct) => AnalysisBackEnd.Generate(analysis, ct))
            .WithTrackingName(StepNames.Emit);

        // All files together, only to keep generated class names unique: two .hep files naming the same analysis
        // would otherwise collide in AddSource. The first by path is generated, the others get HEP1002.
        context.RegisterSourceOutput(generated.Collect(), static (spc, outputs) =>
        {
            var firstByHint = new Dictionary<string, AnalysisDeclaration>(StringComparer.Ordinal);
            foreach (var output in outputs.OrderBy(o => o.Declaration?.FilePath, StringComparer.Ordinal))
            {
                foreach (var diagnostic in output.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                if (output.Source is null || output.Declaration is not { } declaration) continue;
                if (firstByHint.TryGetValue(output.HintName, out var first))
                {
                    var className = output.HintName.Substring(0, output.HintName.Length - ".g.cs".Length);
                    spc.ReportDiagnostic(declaration.DuplicateOf(first, className).ToDiagnostic());
                    continue;
                }
                firstByHint.Add(output.HintName, declaration);
                spc.AddSource(output.HintName, output.Source);
            }
        });
    }
}
