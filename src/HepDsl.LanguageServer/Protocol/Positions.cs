using System.Text.Json.Nodes;
using HepDsl.Parser.Model;

namespace HepDsl.LanguageServer.Protocol;

/// <summary>
/// LSP positions are 0-based line and UTF-16 character; .hep spans are 1-based line and column (end exclusive),
/// also counted in UTF-16 code units, so the conversion is a shift by one.
/// </summary>
public readonly record struct Position(int Line, int Character)
{
    public static Position From(JsonNode? node) => new((int)node!["line"]!, (int)node["character"]!);

    public JsonObject ToJson() => new() { ["line"] = Line, ["character"] = Character };

    /// <summary>True when this position lies in <paramref name="span"/> (its end included, so a cursor just after a name still hits it).</summary>
    public bool In(SourceSpan span)
    {
        int line = Line + 1, column = Character + 1;
        if (line < span.Line || line > span.EndLine) return false;
        if (line == span.Line && column < span.Column) return false;
        if (line == span.EndLine && column > span.EndColumn) return false;
        return true;
    }
}

public static class Ranges
{
    public static JsonObject Of(SourceSpan span) => new()
    {
        ["start"] = new Position(Math.Max(0, span.Line - 1), Math.Max(0, span.Column - 1)).ToJson(),
        ["end"] = new Position(Math.Max(0, span.EndLine - 1), Math.Max(0, span.EndColumn - 1)).ToJson(),
    };

    public static JsonObject Of(int startLine, int startCharacter, int endLine, int endCharacter) => new()
    {
        ["start"] = new Position(startLine, startCharacter).ToJson(),
        ["end"] = new Position(endLine, endCharacter).ToJson(),
    };

    /// <summary>A span's size, to pick the innermost of several spans containing a position.</summary>
    public static long Size(SourceSpan span) => (long)(span.EndLine - span.Line) * 100_000 + (span.EndColumn - span.Column);
}

/// <summary>file:// URIs and the paths the compiler sees.</summary>
public static class DocumentUris
{
    public static string ToPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsFile ? u.LocalPath : uri;

    public static string? ToUri(string path) =>
        path.StartsWith('<') ? null : Uri.TryCreate(path, UriKind.Absolute, out var u) ? u.AbsoluteUri : null;
}
