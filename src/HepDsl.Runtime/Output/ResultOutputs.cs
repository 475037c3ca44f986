using HepDsl.Runtime.Output.Json;
using HepDsl.Runtime.Output.Plots;
using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Output;

/// <summary>Writes every output of a finished (merged) result into one folder.</summary>
public static class ResultOutputs
{
    public const string HistogramsJson = "histograms.json";
    public const string HistogramsRoot = "histograms.root";
    public const string CutflowJson = "cutflow.json";
    public const string AggregatesJson = "aggregates.json";
    public const string PlotsFolder = "plots";

    /// <summary>
    /// Writes histograms.json (UHI), histograms.root (TH1D/TH2D), cutflow.json, aggregates.json and
    /// plots/NAME.png; returns the full paths written, in that order.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(ResultSet result, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        string Target(string name)
        {
            var path = Path.GetFullPath(Path.Combine(outputDirectory, name));
            written.Add(path);
            return path;
        }

        File.WriteAllBytes(Target(HistogramsJson), UhiHistogramJson.Serialize(result.Histograms));
        RootHistogramWriter.Write(Target(HistogramsRoot), result.Histograms);
        File.WriteAllBytes(Target(CutflowJson), CutflowReport.ToJson(result.Cutflow));
        File.WriteAllBytes(Target(AggregatesJson), Json.AggregatesJson.Serialize(result.Aggregates));
        Directory.CreateDirectory(Path.Combine(outputDirectory, PlotsFolder));
        foreach (var h in result.Histograms)
            HistogramPlotter.WritePng(h, Target(Path.Combine(PlotsFolder, PlotFileName(h.Name))));
        return written;
    }

    /// <summary>NAME.png, with characters a file name cannot hold replaced by '_'.</summary>
    public static string PlotFileName(string histogramName)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(histogramName.Select(c => invalid.Contains(c) || c == '\\' ? '_' : c).ToArray());
        return (safe is "" or "." or ".." ? "_" + safe : safe) + ".png";
    }
}
