using System;

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
    }
}
