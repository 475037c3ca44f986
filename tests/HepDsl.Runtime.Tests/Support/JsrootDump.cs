using System.Text.Json;

namespace HepDsl.Runtime.Tests.Support;

/// <summary>What JSROOT (an independent reader) makes of one branch: per-entry JSON values, or its error.</summary>
public sealed record JsrootBranch(string Name, IReadOnlyList<JsonElement>? Values, string? Error);

/// <summary>Runs scripts/jsroot-dump.mjs once for a file's tree and parses its JSON lines.</summary>
public static class JsrootDump
{
    public static IReadOnlyDictionary<string, JsrootBranch> Read(string path, string tree, IReadOnlyCollection<string>? branches = null)
    {
        var args = new List<string> { path, tree };
        if (branches is not null) args.Add(string.Join(',', branches));
        var (code, stdout, stderr) = NodeTools.RunNode("jsroot-dump.mjs", args, TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"jsroot-dump.mjs {path} {tree} failed ({code}): {stderr}");
        var result = new Dictionary<string, JsrootBranch>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var root = JsonDocument.Parse(line).RootElement;
            string name = root.GetProperty("branch").GetString()!;
            result[name] = root.TryGetProperty("error", out var error)
                ? new JsrootBranch(name, null, error.GetString())
                : new JsrootBranch(name, root.GetProperty("values").EnumerateArray().ToList(), null);
        }
        return result;
    }
}
