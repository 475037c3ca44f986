using HepDsl.LanguageServer.Analysis;
using HepDsl.LanguageServer.Protocol;
using HepDsl.Parser;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.LanguageServer.Features;

/// <summary>
/// What the cursor is on: a function (its signature and one line of documentation), a declared name (kind, declared
/// type, and for a branch or stored field its ROOT branch and ROOT type), and the type of the innermost expression
/// (with <c>?</c> when it may be absent).
/// </summary>
public static class Hover
{
    public static (string Markdown, SourceSpan Span)? At(DocumentAnalysis doc, Position position, InputSchema? input)
    {
        var lines = new List<string>();
        SourceSpan? span = null;

        // A function name of a call.
        foreach (var e in doc.Semantics.Expressions)
            if (e.Syntax is CallSyntax c && c.NameSpan.File == doc.Path && position.In(c.NameSpan) && FunctionDocs.All.TryGetValue(c.Name, out var f))
                return ($"```hep\n{f.Signature}\n```\n{f.Doc}", c.NameSpan);

        var symbol = doc.Index.At(doc.Path, position);
        if (symbol != null) lines.Add(Describe(symbol, input));

        var expression = doc.ExpressionAt(position);
        if (expression != null && expression.Type.Kind != TypeKind.Error)
        {
            lines.Insert(0, $"```hep\n{Text(doc, expression.Syntax.Span)}: {expression.Type}\n```");
            span = expression.Syntax.Span;
        }
        if (lines.Count == 0) return null;
        span ??= symbol != null ? (doc.Index.Declarations.Contains(symbol) && position.In(symbol.Span) ? symbol.Span : ReferenceSpan(doc, symbol, position)) : null;
        return (string.Join("\n\n", lines), span ?? new SourceSpan(doc.Path, position.Line + 1, position.Character + 1, position.Line + 1, position.Character + 1));
    }

    private static SourceSpan? ReferenceSpan(DocumentAnalysis doc, HepSymbol symbol, Position position) =>
        doc.Index.References.Where(r => r.Symbol == symbol && r.Span.File == doc.Path && position.In(r.Span)).Select(r => r.Span).FirstOrDefault();

    public static string Describe(HepSymbol s, InputSchema? input)
    {
        var text = s.Kind switch
        {
            SymbolKind.Branch => $"branch `{s.Name}`: {s.Detail} (ROOT {RootType(s.Detail)})",
            SymbolKind.Field => $"field `{s.Qualified}`: {s.Detail}, branch `{s.Branch}` (ROOT {RootType(s.Detail)})",
            SymbolKind.Define => $"derived field `{s.Qualified}` (define)",
            SymbolKind.Collection => $"collection `{s.Name}` [{s.Detail}]",
            SymbolKind.Object => $"object `{s.Name}` (one per event)",
            SymbolKind.Union => $"union `{s.Name}` of {s.Detail}",
            SymbolKind.UnionTag => $"flavour tag `{s.Name}` of union {s.Container}",
            SymbolKind.Let => $"let `{s.Name}`",
            SymbolKind.Variable => s.Container == null ? $"variable `{s.Name}`" : $"variable `{s.Name}`: object {s.Container}",
            SymbolKind.Import => $"import of `{s.Target}`",
            SymbolKind.Cut => $"cut \"{s.Name}\"",
            SymbolKind.Histogram => $"histogram `{s.Name}`" + (s.Detail != null ? $" \"{s.Detail}\"" : ""),
            SymbolKind.Aggregate => $"{s.Detail} `{s.Name}`",
            SymbolKind.Region => $"region `{s.Name}`" + (s.Detail != null ? $" \"{s.Detail}\"" : ""),
            _ => $"analysis `{s.Name}`",
        };
        if (s.Span.File == HepSemantics.NanoAodFileName) text += " (from `use nanoaod`)";
        if (s.Branch != null && input?.Branch(s.Branch) is { } b) text += $"\n\nin {Path.GetFileName(input.Path)}: `{b.Name}` is `{b.RootTypeName}`";
        return text;
    }

    /// <summary>The ROOT type a declared element type reads (<c>float32</c> is <c>Float_t</c>); jagged and vector suffixes kept.</summary>
    public static string RootType(string? declared)
    {
        if (declared == null) return "?";
        var space = declared.IndexOfAny([' ', '[']);
        var element = space < 0 ? declared : declared[..space];
        var rest = space < 0 ? "" : declared[space..];
        var root = element switch
        {
            "bool" => "Bool_t", "int8" => "Char_t", "uint8" or "uchar" => "UChar_t", "int16" => "Short_t", "uint16" => "UShort_t",
            "int32" or "int" => "Int_t", "uint32" => "UInt_t", "int64" or "long" => "Long64_t", "uint64" => "ULong64_t",
            "float32" or "float" => "Float_t", "float64" or "double" => "Double_t", _ => element,
        };
        if (rest == " (std::vector)") return $"vector<{root}>";
        return root + rest;
    }

    private static string Text(DocumentAnalysis doc, SourceSpan span)
    {
        var lines = doc.Text.Replace("\r\n", "\n").Split('\n');
        if (span.Line < 1 || span.EndLine > lines.Length) return "";
        if (span.Line == span.EndLine)
        {
            var l = lines[span.Line - 1];
            var from = Math.Min(span.Column - 1, l.Length);
            return l[from..Math.Min(Math.Max(from, span.EndColumn - 1), l.Length)];
        }
        var first = lines[span.Line - 1][Math.Min(span.Column - 1, lines[span.Line - 1].Length)..];
        var parts = new List<string> { first };
        for (var i = span.Line; i < span.EndLine - 1; i++) parts.Add(lines[i].Trim());
        var last = lines[span.EndLine - 1];
        parts.Add(last[..Math.Min(span.EndColumn - 1, last.Length)].Trim());
        return string.Join(" ", parts);
    }
}
