using System.Text.Json.Nodes;
using HepDsl.LanguageServer.Analysis;
using HepDsl.LanguageServer.Protocol;

namespace HepDsl.LanguageServer.Features;

/// <summary>
/// The outline of one file: declarations (collections with their fields), definitions, cuts, histograms and aggregates,
/// in file order; a region holds the statements that follow it, up to the next region.
/// </summary>
public static class DocumentSymbols
{
    // LSP SymbolKind values.
    private static int Kind(SymbolKind k) => k switch
    {
        SymbolKind.Analysis => 2, // Module
        SymbolKind.Collection => 5, // Class
        SymbolKind.Object => 23, // Struct
        SymbolKind.Union => 10, // Enum
        SymbolKind.UnionTag => 22, // EnumMember
        SymbolKind.Branch or SymbolKind.Field => 8, // Field
        SymbolKind.Define => 7, // Property
        SymbolKind.Let => 13, // Variable
        SymbolKind.Import => 1, // File
        SymbolKind.Cut => 24, // Event
        SymbolKind.Histogram => 18, // Array
        SymbolKind.Region => 3, // Namespace
        _ => 16, // Number: count, sum, mean
    };

    public static JsonArray Of(DocumentAnalysis doc)
    {
        var result = new JsonArray();
        var containers = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        JsonArray? region = null;
        foreach (var s in doc.Index.Declarations.Where(d => d.Span.File == doc.Path && d.Kind != SymbolKind.Variable).OrderBy(d => d.Span.Line).ThenBy(d => d.Span.Column))
        {
            var node = new JsonObject
            {
                ["name"] = s.Kind == SymbolKind.Cut ? $"cut \"{s.Name}\"" : s.Kind == SymbolKind.Define ? s.Qualified : s.Name,
                ["detail"] = s.Kind == SymbolKind.Histogram ? s.Detail ?? "histogram" : s.Detail ?? s.Kind.ToString().ToLowerInvariant(),
                ["kind"] = Kind(s.Kind),
                ["range"] = Ranges.Of(s.StatementSpan),
                ["selectionRange"] = Ranges.Of(s.Span),
            };
            if (s.Kind == SymbolKind.Region)
            {
                region = new JsonArray();
                node["children"] = region;
                result.Add(node);
                continue;
            }
            if (s.Kind == SymbolKind.Field && s.Container != null && containers.TryGetValue(s.Container, out var children)) children.Add(node);
            else (region ?? result).Add(node);
            if (s.Kind is SymbolKind.Collection or SymbolKind.Object)
            {
                var fields = new JsonArray();
                node["children"] = fields;
                containers[s.Name] = fields;
            }
        }
        return result;
    }
}
