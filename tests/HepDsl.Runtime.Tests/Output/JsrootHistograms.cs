using System.Text.Json;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Runtime.Tests.Output;

/// <summary>Reads every histogram of a ROOT file through scripts/jsroot-read-hist.mjs (JSROOT, an independent reader).</summary>
public static class JsrootHistograms
{
    public static JsonElement Read(string path)
    {
        var (code, stdout, stderr) = NodeTools.RunNode("jsroot-read-hist.mjs", [path], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"JSROOT could not read {path} (exit {code}): {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    public static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!) : e.GetDouble();

    public static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(Number).ToArray();
}
