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
                _diagnostics.Report(DiagnosticCatalog.UnknownSchema, u.Span, u.Schema, Suggestions.For(u.Schema, new[] { "nanoaod" }));
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
                _diagnostics.Report(DiagnosticCatalog.ImportCycle, i.Span, string.Join(" -> ", cycle));
                return;
            }
            if (_done.Contains(resolved)) return; // each file is imported once
            if (!resolved.EndsWith(".hep", StringComparison.OrdinalIgnoreCase))
            {
                _diagnostics.Report(DiagnosticCatalog.ImportNotHep, i.Span, i.Path);
                return;
            }
            string? text;
            try { text = _readImport(resolved); }
            catch (BadSourceFileException bad)
            {
                _diagnostics.Report(DiagnosticCatalog.ImportUnreadable, i.Span, i.Path, bad.Message);
                return;
            }
            if (text != null && text.Length > SourceFiles.MaxBytes)
            {
                _diagnostics.Report(DiagnosticCatalog.ImportUnreadable, i.Span, i.Path, SourceFiles.TooLarge(resolved, text.Length));
                return;
            }
            if (text == null)
            {
                _diagnostics.Report(DiagnosticCatalog.ImportNotFound, i.Span, i.Path, resolved);
                return;
            }
            ProcessFile(resolved, text);
        }
    }
}
