using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;
using static System.FormattableString;

namespace HepDsl.Parser.Checking
{
    // Files a compilation reads besides the main one: 'use nanoaod' and 'import "..."' (cycles, missing and unreadable files).
    internal sealed partial class Compilation
    {
        private void Use(UseSyntax u)
        {
            if (u.Schema != "nanoaod")
            {
                _diagnostics.Error(DiagnosticIds.UnknownSchema, u.Span, $"unknown schema '{u.Schema}'; expected 'nanoaod'" + Suggestions.For(u.Schema, new[] { "nanoaod" }));
                return;
            }
            if (_done.Contains(NanoAodSchema.FileName)) return;
            ProcessFile(NanoAodSchema.FileName, NanoAodSchema.Text);
        }

        private void Import(ImportSyntax i)
        {
            var from = _importStack[_importStack.Count - 1];
            var resolved = Syntax.ImportPaths.Resolve(from, i.Path);
            if (_importStack.Contains(resolved))
            {
                var cycle = _importStack.Skip(_importStack.IndexOf(resolved)).Select(Path.GetFileName).Concat(new[] { Path.GetFileName(resolved) });
                _diagnostics.Error(DiagnosticIds.ImportCycle, i.Span, "import cycle: " + string.Join(" -> ", cycle));
                return;
            }
            if (_done.Contains(resolved)) return; // each file is imported once
            if (!resolved.EndsWith(".hep", StringComparison.OrdinalIgnoreCase))
            {
                _diagnostics.Error(DiagnosticIds.BadSourceFile, i.Span, $"cannot import \"{i.Path}\": an import names a .hep file");
                return;
            }
            string? text;
            try { text = _readImport(resolved); }
            catch (BadSourceFileException bad)
            {
                _diagnostics.Error(DiagnosticIds.BadSourceFile, i.Span, $"cannot import \"{i.Path}\": {bad.Message}");
                return;
            }
            if (text != null && text.Length > SourceFiles.MaxBytes)
            {
                _diagnostics.Error(DiagnosticIds.BadSourceFile, i.Span, $"cannot import \"{i.Path}\": {SourceFiles.TooLarge(resolved, text.Length)}");
                return;
            }
            if (text == null)
            {
                _diagnostics.Error(DiagnosticIds.ImportNotFound, i.Span, $"cannot import \"{i.Path}\": no file {resolved}");
                return;
            }
            ProcessFile(resolved, text);
        }
    }
}
