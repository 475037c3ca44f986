using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HepDsl.LanguageServer.Analysis;
using HepDsl.LanguageServer.Protocol;
using HepDsl.Parser;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.LanguageServer.Features;

/// <summary>
/// Completion from what is written before the cursor: statement keywords at the start of a line, fields after a
/// <c>.</c> (a combination's variables after its name), type names and the input file's branches in declarations, and in expressions the functions, the
/// declarations in scope, the variables bound in the statement, the expression keywords and the input's branches.
/// The statement being typed usually does not parse yet, so names come from the rest of the file's analysis.
/// </summary>
public static partial class Completion
{
    // LSP CompletionItemKind values.
    private const int Function = 3, Field = 5, Variable = 6, Class = 7, Module = 9, Property = 10, Keyword = 14, Snippet = 15, Struct = 22, Enum = 13, EnumMember = 20, Constant = 21, TypeParameter = 25;

    public static JsonArray Items(DocumentAnalysis doc, DocumentAnalysis? previous, Position position, InputSchema? input)
    {
        var lines = doc.Text.Replace("\r\n", "\n").Split('\n');
        var line = position.Line < lines.Length ? lines[position.Line] : "";
        var before = line[..Math.Min(position.Character, line.Length)];
        var prefixLength = 0;
        while (prefixLength < before.Length && IsWordChar(before[before.Length - 1 - prefixLength])) prefixLength++;
        var head = before[..(before.Length - prefixLength)];
        var items = new JsonArray();

        if (head.EndsWith('.'))
        {
            // A combination's members are its variables: `z.` after `let z = pair (a, b) in Muon ...` offers a and b.
            if (TrailingName().Match(head[..^1]) is { Success: true } n && LetType(doc, n.Groups[1].Value) is { Kind: TypeKind.Combination } combination)
            {
                foreach (var slot in combination.Slots)
                    items.Add(new JsonObject { ["label"] = slot.Name, ["kind"] = Variable, ["detail"] = "object " + slot.Collection });
                return items;
            }
            var owner = Owner(doc, previous, lines, position, head[..^1]);
            if (owner != null) Members(doc, owner, items, input);
            return items;
        }
        if (head.Length == 0)
        {
            foreach (var word in Keywords.Statements)
                if (StatementSnippets.Statements.TryGetValue(word, out var s))
                {
                    var (snippet, help) = s;
                    items.Add(new JsonObject { ["label"] = word, ["kind"] = Keyword, ["detail"] = "statement", ["documentation"] = help, ["insertText"] = snippet, ["insertTextFormat"] = 2 });
                }
            return items;
        }
        var statement = StatementText(lines, position);
        var keyword = LeadingWord(statement);
        if (keyword == "use") { items.Add(new JsonObject { ["label"] = "nanoaod", ["kind"] = Module, ["detail"] = "CMS NanoAOD collections" }); return items; }
        if (keyword == "tree")
        {
            if (input != null) foreach (var t in input.Trees) items.Add(new JsonObject { ["label"] = t, ["kind"] = Module, ["detail"] = "tree in " + Path.GetFileName(input.Path) });
            return items;
        }
        if (keyword is "branch" or "collection" or "object")
        {
            foreach (var t in HepSemantics.TypeNames) items.Add(new JsonObject { ["label"] = t, ["kind"] = TypeParameter, ["detail"] = "element type" });
            InputBranchItems(items, input);
            return items;
        }

        foreach (var (name, (signature, help)) in FunctionDocs.All)
            items.Add(new JsonObject { ["label"] = name, ["kind"] = Function, ["detail"] = signature, ["documentation"] = help, ["insertText"] = name + "(${1})", ["insertTextFormat"] = 2 });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (variable, collection) in BoundVariables(statement))
            if (seen.Add(variable)) items.Add(new JsonObject { ["label"] = variable, ["kind"] = Variable, ["detail"] = "object " + collection });
        foreach (var s in doc.Index.Globals)
        {
            // A let is in scope after its statement (statements run in order); declarations of imports always are.
            if (s.Kind == SymbolKind.Let && s.Span.File == doc.Path && s.StatementSpan.EndLine - 1 >= position.Line) continue;
            if (!seen.Add(s.Name)) continue;
            items.Add(new JsonObject
            {
                ["label"] = s.Name,
                ["kind"] = s.Kind switch { SymbolKind.Collection => Class, SymbolKind.Object => Struct, SymbolKind.Union => Enum, SymbolKind.UnionTag => EnumMember, SymbolKind.Branch => Field, _ => Variable },
                ["detail"] = Hover.Describe(s, null),
            });
        }
        foreach (var k in StatementSnippets.Expression)
            if (seen.Add(k)) items.Add(new JsonObject { ["label"] = k, ["kind"] = k is "true" or "false" or "pi" ? Constant : Keyword });
        InputBranchItems(items, input, seen);
        return items;
    }

    private static void InputBranchItems(JsonArray items, InputSchema? input, HashSet<string>? seen = null)
    {
        if (input == null) return;
        foreach (var b in input.Branches)
            if (seen == null || seen.Add(b.Name))
                items.Add(new JsonObject { ["label"] = b.Name, ["kind"] = Field, ["detail"] = $"{b.RootTypeName} (branch of {input.Tree} in {Path.GetFileName(input.Path)})" });
    }

    private static void Members(DocumentAnalysis doc, string collection, JsonArray items, InputSchema? input)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in doc.Index.FieldsOf(collection))
            if (names.Add(f.Name))
                items.Add(new JsonObject { ["label"] = f.Name, ["kind"] = f.Kind == SymbolKind.Define ? Property : Field, ["detail"] = Hover.Describe(f, input) });
        if (doc.Index.HasFourVector(collection))
            foreach (var p in HepSemantics.FourVectorProperties)
                if (names.Add(p)) items.Add(new JsonObject { ["label"] = p, ["kind"] = Property, ["detail"] = "float (four-vector)" });
        if (names.Add("index")) items.Add(new JsonObject { ["label"] = "index", ["kind"] = Property, ["detail"] = "int (position in the event's collection)" });
        if (doc.Index.IsUnion(collection) && names.Add("flavour")) items.Add(new JsonObject { ["label"] = "flavour", ["kind"] = Property, ["detail"] = "int (which member)" });
    }

    /// <summary>The collection whose fields follow <paramref name="target"/> (the text before the dot).</summary>
    private static string? Owner(DocumentAnalysis doc, DocumentAnalysis? previous, string[] lines, Position position, string target)
    {
        var name = TrailingName().Match(target);
        if (name.Success)
        {
            var n = name.Groups[1].Value;
            foreach (var (variable, collection) in BoundVariables(StatementText(lines, position)))
                if (variable == n) return ResolveCollection(doc, collection);
            return ResolveCollection(doc, n);
        }
        // `leading(jets).` or `jets[0].`: a typed expression ending just before the dot, in this version or the last.
        foreach (var a in new[] { doc, previous })
        {
            if (a == null) continue;
            var info = a.Semantics.Expressions.Where(e => e.Syntax.Span.File == a.Path && e.Syntax.Span.EndLine == position.Line + 1 && e.Syntax.Span.EndColumn == target.TrimEnd().Length + 1)
                .OrderByDescending(e => Ranges.Size(e.Syntax.Span)).FirstOrDefault();
            if (SymbolIndex.CollectionOf(info?.Type) is { } c) return c;
        }
        return null;
    }

    /// <summary>A name's collection: a collection, object or union itself, or a let holding objects of one.</summary>
    private static string? ResolveCollection(DocumentAnalysis doc, string name)
    {
        var s = doc.Index.Global(name);
        if (s == null) return null;
        if (s.Kind is SymbolKind.Collection or SymbolKind.Object or SymbolKind.Union) return s.Name;
        return s.Kind == SymbolKind.Let ? SymbolIndex.CollectionOf(LetType(doc, name)) : null;
    }

    /// <summary>The type the checker gave a let's value.</summary>
    private static HepType? LetType(DocumentAnalysis doc, string name)
    {
        if (doc.Index.Global(name) is not { Kind: SymbolKind.Let } s) return null;
        var let = doc.Files.SelectMany(f => f.Statements).OfType<LetSyntax>().FirstOrDefault(l => l.Name.Span == s.Span);
        return let == null ? null : doc.Index.Info(let.Value)?.Type;
    }

    /// <summary>Variables bound in a statement's text: <c>j in Jet</c>, <c>pair (a, b) in Muon</c>, <c>(m in Muon, e in Electron)</c>.</summary>
    public static IEnumerable<(string Variable, string Collection)> BoundVariables(string statement)
    {
        foreach (Match m in GroupBinder().Matches(statement))
            foreach (var v in m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (!v.Contains(' ')) yield return (v, m.Groups[2].Value);
        foreach (Match m in SingleBinder().Matches(statement))
            yield return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static string StatementText(string[] lines, Position position)
    {
        var first = Math.Min(position.Line, lines.Length - 1);
        while (first > 0 && (lines[first].Length == 0 || char.IsWhiteSpace(lines[first][0]))) first--;
        var upTo = lines[Math.Min(position.Line, lines.Length - 1)];
        var text = string.Join("\n", lines[first..Math.Min(position.Line, lines.Length - 1)].Append(upTo[..Math.Min(position.Character, upTo.Length)]));
        return text;
    }

    private static string LeadingWord(string s)
    {
        var n = 0;
        while (n < s.Length && IsWordChar(s[n])) n++;
        return s[..n];
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    [GeneratedRegex(@"(\w+)\s*$")]
    private static partial Regex TrailingName();

    [GeneratedRegex(@"\b(?:pair|triple)\s*\(([\w\s,]+)\)\s*in\s*\(?\s*(\w+)")]
    private static partial Regex GroupBinder();

    [GeneratedRegex(@"\b(\w+)\s+in\s+\(?\s*(\w+)")]
    private static partial Regex SingleBinder();
}
