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
    // 'function' declarations: a user's static C# method callable from expressions.
    internal sealed partial class Compilation
    {
        private void Function(FunctionSyntax f)
        {
            ElementType? Type(NameToken t)
            {
                if (TypeNames.ByName.TryGetValue(t.Name, out var type)) return type;
                _diagnostics.Report(DiagnosticCatalog.UnknownType, t.Span, t.Name, Suggestions.For(t.Name, TypeNames.ByName.Keys));
                return null;
            }
            var ret = Type(f.ReturnType);
            var ps = f.Parameters.Select(p => Type(p.Type)).ToList();
            if (ret == null || ps.Any(p => p == null)) return;
            if (Builtins.Scalar.ContainsKey(f.Name.Name) || Builtins.Special.Contains(f.Name.Name))
            {
                _diagnostics.Report(DiagnosticCatalog.FunctionNamedLikeBuiltin, f.Name.Span, f.Name.Name);
                return;
            }
            if (_symbols.Functions.TryGetValue(f.Name.Name, out var previous))
            {
                _diagnostics.Report(DiagnosticCatalog.DuplicateFunction, f.Name.Span, f.Name.Name, previous.Span);
                return;
            }
            _symbols.Functions[f.Name.Name] = new FunctionSymbol(f.Name.Name, ret.Value, ps.Select(p => p!.Value).ToList(), f.Method.Name, f.Span);
        }
    }
}
