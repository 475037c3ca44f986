using System.Text.Json;
using System.Text.Json.Nodes;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Editor.Tests.Support;

/// <summary>
/// A scenario for scripts/lsp-client.mjs (vscode-jsonrpc + vscode-languageserver-protocol, the libraries VS Code's own
/// client uses) against `dotnet hep.dll lsp`: steps are collected, then run in one client session, and each step's
/// answer is read back by the index its method returned.
/// </summary>
public sealed class LspSession
{
    private readonly JsonArray _steps = [];
    private readonly JsonObject _scenario;
    private JsonObject? _output;

    public LspSession(JsonObject? initializationOptions = null, string? rootUri = null)
    {
        var hep = Path.Combine(AppContext.BaseDirectory, "hep.dll");
        if (!File.Exists(hep)) throw new FileNotFoundException($"hep missing: {hep}");
        _scenario = new JsonObject
        {
            ["server"] = new JsonArray("dotnet", hep, "lsp"),
            ["steps"] = _steps,
            ["initializationOptions"] = initializationOptions,
            ["rootUri"] = rootUri,
        };
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    private int Add(JsonObject step)
    {
        _steps.Add(step);
        return _steps.Count - 1;
    }

    public int Open(string path, string text) => Add(new JsonObject { ["open"] = new JsonObject { ["uri"] = Uri(path), ["text"] = text } });
    public int Change(string path, string text) => Add(new JsonObject { ["change"] = new JsonObject { ["uri"] = Uri(path), ["text"] = text } });
    public int Configure(JsonObject settings) => Add(new JsonObject { ["configure"] = settings });

    public int Request(string method, string path, int line = -1, int character = -1, JsonObject? extra = null)
    {
        var p = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Uri(path) } };
        if (line >= 0) p["position"] = new JsonObject { ["line"] = line, ["character"] = character };
        if (extra != null) foreach (var (k, v) in extra) p[k] = v?.DeepClone();
        return Add(new JsonObject { ["request"] = method, ["params"] = p });
    }

    /// <summary>Runs every step in one session; fails with the client's output when it did not finish cleanly.</summary>
    public JsonObject Run()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lsp-scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, _scenario.ToJsonString());
        try
        {
            var (code, stdout, stderr) = NodeTools.RunNode("lsp-client.mjs", [file], TimeSpan.FromMinutes(3));
            Assert.True(code == 0, $"lsp-client.mjs exited {code}\nstdout: {stdout}\nstderr: {stderr}");
            _output = JsonNode.Parse(stdout)!.AsObject();
            Assert.Equal(0, (int)_output["exitCode"]!);
            return _output;
        }
        finally { File.Delete(file); }
    }

    private JsonObject Step(int index)
    {
        _output ??= Run();
        var step = _output["results"]!.AsArray().Single(r => (int)r!["step"]! == index)!.AsObject();
        Assert.False(step.ContainsKey("error"), $"step {index} failed: {step["error"]?.ToJsonString()}");
        return step;
    }

    public JsonNode? Result(int index) => Step(index)["result"];

    /// <summary>The JSON-RPC error a request was answered with (fails when it succeeded).</summary>
    public JsonObject Error(int index)
    {
        _output ??= Run();
        var step = _output["results"]!.AsArray().Single(r => (int)r!["step"]! == index)!.AsObject();
        return Assert.IsType<JsonObject>(step["error"], exactMatch: false);
    }
    public JsonArray Diagnostics(int index) => Step(index)["diagnostics"]!.AsArray();
    /// <summary>Every publishDiagnostics that arrived while step <paramref name="index"/> ran: (uri, diagnostics).</summary>
    public List<(string Uri, JsonArray Diagnostics)> Published(int index)
    {
        _output ??= Run();
        return _output["published"]!.AsArray().Where(p => (int)p!["step"]! == index).Select(p => ((string)p!["uri"]!, p["diagnostics"]!.AsArray())).ToList();
    }

    public JsonObject Capabilities => (_output ??= Run())["capabilities"]!.AsObject();

    public static string Pretty(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
}
