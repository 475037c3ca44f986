using System.Text.Json.Nodes;
using HepDsl.LanguageServer.Analysis;
using HepDsl.LanguageServer.Features;
using HepDsl.LanguageServer.Protocol;
using HepDsl.Parser;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Syntax;

namespace HepDsl.LanguageServer;

/// <summary>
/// The .hep language server: one loop reading LSP messages in order (full-text document sync), answering requests and
/// publishing diagnostics after every change. Each change recompiles the document with the same parser and checker as
/// <c>hep check</c>, so diagnostics carry the same ids, positions and messages.
/// </summary>
public sealed class HepLanguageServer(Stream input, Stream output, TextWriter log)
{
    private readonly MessageStream _stream = new(input, output);
    private readonly Dictionary<string, string> _open = new(StringComparer.Ordinal); // path -> text
    private readonly Dictionary<string, DocumentAnalysis> _analyses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentAnalysis> _previous = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _published = new(StringComparer.Ordinal); // document -> files it published for
    private readonly InputBranches _inputs = new();
    private string? _inputFile;
    private string? _root;
    private bool _shutdown;

    /// <summary>Serves until <c>exit</c> or the end of the input; returns the process exit code (0 after shutdown, as LSP asks).</summary>
    public async Task<int> RunAsync(CancellationToken cancel = default)
    {
        while (true)
        {
            JsonNode? message;
            try { message = await _stream.ReadAsync(cancel); }
            catch (InvalidDataException e)
            {
                log.WriteLine($"hep lsp: {e.Message}");
                return 1;
            }
            if (message == null) return _shutdown ? 0 : 1;
            var method = (string?)message["method"];
            var id = message["id"]?.DeepClone();
            if (method == "exit") return _shutdown ? 0 : 1;
            try
            {
                var result = Handle(method, message["params"]);
                if (id != null) _stream.Write(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result });
            }
            catch (MethodNotFound) when (id != null)
            {
                Error(id, -32601, $"unhandled method {method}");
            }
            catch (MethodNotFound) { /* notifications nobody needs */ }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad request must not take the editor's server down: answer with the error and carry on.
                log.WriteLine($"hep lsp: {method} failed: {e}");
                if (id != null) Error(id, -32603, $"{method} failed: {e.Message}");
            }
        }
    }

    private void Error(JsonNode id, int code, string message) =>
        _stream.Write(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private sealed class MethodNotFound : Exception;

    private JsonNode? Handle(string? method, JsonNode? p)
    {
        switch (method)
        {
            case "initialize": return Initialize(p);
            case "initialized": return null;
            case "shutdown": _shutdown = true; return null;
            case "workspace/didChangeConfiguration":
                Configure(p?["settings"]?["hep"]);
                foreach (var path in _open.Keys.ToList()) Analyze(path);
                return null;
            case "textDocument/didOpen":
                Open(p!["textDocument"]!["uri"]!.GetValue<string>(), p["textDocument"]!["text"]!.GetValue<string>());
                return null;
            case "textDocument/didChange":
            {
                var changes = p!["contentChanges"]!.AsArray();
                // Full sync: the last change holds the whole text.
                if (changes.Count > 0) Open(p["textDocument"]!["uri"]!.GetValue<string>(), changes[^1]!["text"]!.GetValue<string>());
                return null;
            }
            case "textDocument/didSave": return null;
            case "textDocument/didClose":
            {
                var path = DocumentUris.ToPath(p!["textDocument"]!["uri"]!.GetValue<string>());
                _open.Remove(path);
                _analyses.Remove(path);
                _previous.Remove(path);
                return null;
            }
            case "textDocument/completion":
            {
                var (doc, at) = Document(p);
                return new JsonObject { ["isIncomplete"] = false, ["items"] = Completion.Items(doc, _previous.GetValueOrDefault(doc.Path), at, Input(doc)) };
            }
            case "textDocument/hover":
            {
                var (doc, at) = Document(p);
                if (Features.Hover.At(doc, at, Input(doc)) is not { } h) return null;
                return new JsonObject { ["contents"] = new JsonObject { ["kind"] = "markdown", ["value"] = h.Markdown }, ["range"] = Ranges.Of(h.Span) };
            }
            case "textDocument/definition":
            {
                var (doc, at) = Document(p);
                var symbol = doc.Index.At(doc.Path, at);
                if (symbol == null) return null;
                if (symbol.Kind == SymbolKind.Import && symbol.Target != null && DocumentUris.ToUri(symbol.Target) is { } target)
                    return new JsonObject { ["uri"] = target, ["range"] = Ranges.Of(0, 0, 0, 0) };
                return Location(symbol.Span);
            }
            case "textDocument/references":
            {
                var (doc, at) = Document(p);
                var symbol = doc.Index.At(doc.Path, at);
                var result = new JsonArray();
                if (symbol == null) return result;
                if (p!["context"]?["includeDeclaration"]?.GetValue<bool>() ?? true) Add(result, Location(symbol.Span));
                foreach (var (span, s) in doc.Index.References)
                    if (s == symbol) Add(result, Location(span));
                return result;
            }
            case "textDocument/documentSymbol":
                return DocumentSymbols.Of(Document(p).Doc);
            case "textDocument/formatting":
            {
                var doc = Document(p).Doc;
                var formatted = Formatter.Format(doc.Text);
                if (formatted == doc.Text) return new JsonArray();
                var lines = doc.Text.Split('\n');
                return new JsonArray(new JsonObject { ["range"] = Ranges.Of(0, 0, lines.Length, 0), ["newText"] = formatted });
            }
            default:
                if (method != null && method.StartsWith("$/", StringComparison.Ordinal)) return null; // optional notifications
                throw new MethodNotFound();
        }
    }

    private static void Add(JsonArray array, JsonObject? item)
    {
        if (item != null) array.Add(item);
    }

    private static JsonObject? Location(Parser.Model.SourceSpan span) =>
        DocumentUris.ToUri(span.File) is { } uri ? new JsonObject { ["uri"] = uri, ["range"] = Ranges.Of(span) } : null;

    private JsonNode Initialize(JsonNode? p)
    {
        if (p?["rootUri"] is JsonValue root && root.TryGetValue<string>(out var r)) _root = DocumentUris.ToPath(r);
        Configure(p?["initializationOptions"]);
        return new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["textDocumentSync"] = new JsonObject { ["openClose"] = true, ["change"] = 1, ["save"] = false },
                ["completionProvider"] = new JsonObject { ["triggerCharacters"] = new JsonArray(".", " ") },
                ["hoverProvider"] = true,
                ["definitionProvider"] = true,
                ["referencesProvider"] = true,
                ["documentSymbolProvider"] = true,
                ["documentFormattingProvider"] = true,
            },
            ["serverInfo"] = new JsonObject { ["name"] = "hep lsp", ["version"] = typeof(HepLanguageServer).Assembly.GetName().Version?.ToString() },
        };
    }

    /// <summary><c>hep.inputFile</c>: a ROOT file whose branches completion and hover offer (relative to the workspace root).</summary>
    private void Configure(JsonNode? settings)
    {
        if (settings?["inputFile"] is JsonValue v && v.TryGetValue<string>(out var file) && file.Length > 0)
            _inputFile = Path.IsPathRooted(file) || _root == null ? file : Path.Combine(_root, file);
        else if (settings != null) _inputFile = null;
    }

    private InputSchema? Input(DocumentAnalysis doc) => _inputFile == null ? null : _inputs.Read(_inputFile, doc.Tree);

    private void Open(string uri, string text)
    {
        var path = DocumentUris.ToPath(uri);
        _open[path] = text;
        Analyze(path);
    }

    // Imports are read from the editor's unsaved text when the file is open, else from disk as `hep check` reads them
    // (SourceFiles: size limit, .hep only; the compiler reports a refused import).
    private string? Read(string path) => _open.TryGetValue(path, out var t) ? t : SourceFiles.Read(path, import: true);

    private void Analyze(string path)
    {
        if (_analyses.TryGetValue(path, out var old)) _previous[path] = old;
        var doc = new DocumentAnalysis(path, _open[path], Read);
        _analyses[path] = doc;
        Publish(doc);
    }

    private void Publish(DocumentAnalysis doc)
    {
        var byFile = doc.Semantics.Result.Diagnostics.GroupBy(d => d.File).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var files = new HashSet<string>(byFile.Keys, StringComparer.Ordinal) { doc.Path };
        // Files this document reported on before and no longer does are cleared.
        if (_published.TryGetValue(doc.Path, out var before)) files.UnionWith(before);
        _published[doc.Path] = new HashSet<string>(byFile.Keys, StringComparer.Ordinal);
        // The document's own list goes last, so a client that waits for it has seen the imports' lists too.
        foreach (var file in files.OrderBy(f => f == doc.Path ? 1 : 0).ThenBy(f => f, StringComparer.Ordinal))
        {
            if (DocumentUris.ToUri(file) is not { } uri) continue;
            var list = new JsonArray();
            foreach (var d in byFile.GetValueOrDefault(file) ?? [])
            {
                var diagnostic = new JsonObject
                {
                    ["range"] = Ranges.Of(new Parser.Model.SourceSpan(d.File, d.Line, d.Column, d.EndLine, d.EndColumn)),
                    ["severity"] = d.Severity switch { Severity.Error => 1, Severity.Warning => 2, _ => 3 },
                    ["code"] = d.Id,
                    ["source"] = "hep",
                    ["message"] = d.Message,
                };
                // The editor links the code to its section of docs/language.md: the link the generator's descriptors carry.
                if (DiagnosticCatalog.Find(d.Id) is { } entry) diagnostic["codeDescription"] = new JsonObject { ["href"] = entry.HelpLink };
                list.Add(diagnostic);
            }
            _stream.Write(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "textDocument/publishDiagnostics",
                ["params"] = new JsonObject { ["uri"] = uri, ["diagnostics"] = list },
            });
        }
    }

    private (DocumentAnalysis Doc, Position At) Document(JsonNode? p)
    {
        var path = DocumentUris.ToPath(p!["textDocument"]!["uri"]!.GetValue<string>());
        if (!_analyses.TryGetValue(path, out var doc))
        {
            // A request for a file the editor never opened: analyse it from disk.
            var text = SourceFiles.Read(path, import: false) ?? throw new FileNotFoundException($"{path} is neither open nor on disk");
            doc = new DocumentAnalysis(path, text, Read);
        }
        var at = p["position"] is { } position ? Position.From(position) : default;
        return (doc, at);
    }
}
