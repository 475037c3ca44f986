using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Diagnostics
{
    /// <summary>Severity of a diagnostic.</summary>
    public enum Severity { Error, Warning, Info }

    /// <summary>
    /// One problem found in a .hep file. <see cref="Id"/> is stable (HEP0001...; table in docs/language.md);
    /// positions are 1-based, end column exclusive.
    /// </summary>
    public sealed record HepDiagnostic(string Id, Severity Severity, string File, int Line, int Column, int EndLine, int EndColumn, string Message)
    {
        public override string ToString() =>
            $"{File}:{Line}:{Column}: {(Severity == Severity.Error ? "error" : Severity == Severity.Warning ? "warning" : "info")} {Id}: {Message}";
    }

    /// <summary>The outcome of <see cref="HepCompiler.Compile"/>: a model when there were no errors, and all diagnostics.</summary>
    public sealed record CompileResult(AnalysisModel? Model, EquatableArray<HepDiagnostic> Diagnostics)
    {
        public bool HasErrors
        {
            get
            {
                foreach (var d in Diagnostics) if (d.Severity == Severity.Error) return true;
                return false;
            }
        }
    }
}
