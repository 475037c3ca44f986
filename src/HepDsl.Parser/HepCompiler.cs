using System;
using HepDsl.Parser.Checking;
using HepDsl.Parser.Diagnostics;

namespace HepDsl.Parser
{
    /// <summary>
    /// The entry point for the generator and the CLI: parse and check one .hep file (with its imports).
    /// </summary>
    public static class HepCompiler
    {
        /// <summary>
        /// Compiles <paramref name="text"/> (the contents of <paramref name="path"/>).
        /// <paramref name="readImport"/> gets the resolved path of an import (relative paths resolved against the
        /// importing file's folder) and returns its text, or null when it does not exist.
        /// The model is null when any error was reported.
        /// </summary>
        public static CompileResult Compile(string path, string text, Func<string, string?> readImport) =>
            Checking.Compilation.Run(path, text, readImport);

        /// <summary>
        /// HEP0029 for a .hep file a tool was asked to read that does not exist (HEP0014 is an <c>import</c> of one),
        /// at 1:1 so it prints like every other diagnostic.
        /// </summary>
        public static HepDiagnostic FileNotFound(string path) =>
            DiagnosticCatalog.FileNotFound.At(path, 1, 1, 1, 1);

        /// <summary>HEP0041 for a .hep file a tool was asked to read that may not be read (<see cref="SourceFiles"/>), at 1:1.</summary>
        public static HepDiagnostic BadFile(string path, string message) =>
            DiagnosticCatalog.BadSourceFile.At(path, 1, 1, 1, 1, message);

        /// <summary>
        /// True for a file of shared definitions meant only to be imported: it has no <c>analysis</c> statement and
        /// books nothing (no cut, histogram, count, sum or mean). Tools compile every other .hep file as an analysis.
        /// </summary>
        public static bool IsLibrary(string text) => Syntax.HepHeader.Scan("", text).IsLibrary;
    }
}
