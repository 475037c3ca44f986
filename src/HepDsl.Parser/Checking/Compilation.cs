using System;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    // Placeholder so the model can be committed first; replaced by the checker.
    internal static class Compilation
    {
        public static CompileResult Run(string path, string text, Func<string, string?> readImport) =>
            new CompileResult(null, EquatableArray.Create(new HepDiagnostic("HEP0000", Severity.Error, path, 1, 1, 1, 1, "the checker is not written yet")));
    }
}
