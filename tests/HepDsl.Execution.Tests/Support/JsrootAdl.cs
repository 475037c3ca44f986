using System.Text.Json;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Execution.Tests.Support;

/// <summary>The independent JSROOT computation of an ADL query (scripts/jsroot-adl.mjs), binned like a HepDsl histogram.</summary>
internal sealed record JsrootAdlResult(string Query, long Entries, long Fills, long Passed, double[] Bins);

internal static class JsrootAdl
{
    private static readonly Lazy<bool> s_installed = new(() =>
    {
        var (code, _, err) = ProcessRunner.Run("bash", [Path.Combine(RepoPaths.Root, "scripts", "ensure-node-tools.sh")], RepoPaths.Root, TimeSpan.FromMinutes(5));
        if (code != 0) throw new InvalidOperationException($"scripts/ensure-node-tools.sh failed ({code}): {err}");
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static JsrootAdlResult Run(string file, string query, Axis axis)
    {
        _ = s_installed.Value;
        var scripts = Path.Combine(RepoPaths.Root, "scripts");
        var (code, stdout, stderr) = ProcessRunner.Run("node",
            [Path.Combine(scripts, "jsroot-adl.mjs"), file, query, axis.Bins.ToString(), R(axis.Low), R(axis.High)], scripts, TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"jsroot-adl.mjs {query} failed ({code}): {stderr}");
        return JsonSerializer.Deserialize<JsrootAdlResult>(stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException($"jsroot-adl.mjs {query} printed nothing");
    }

    private static string R(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
