using System.Text.Json;
using System.Text.Json.Nodes;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Output;
using HepDsl.Runtime.Output.Json;
using HepDsl.Runtime.Output.Plots;
using HepDsl.Runtime.Output.Root;

namespace HepDsl.Runtime.Datasets;

/// <summary>
/// Everything a dataset run writes into one folder: histograms.root and histograms.json (every normalised histogram as
/// <c>{channel}_{sample}_{variation}</c>), plots/{channel}.png (stacked nominal), workspace.json (pyhf), samples.json (per
/// sample run: files, entries, normalisation and scale) and samples/{sample}/{variation}/cutflow.json (raw and weighted,
/// before the sample's scale).
/// </summary>
public static class DatasetOutputs
{
    public const string WorkspaceJson = "workspace.json";
    public const string SamplesJson = "samples.json";

    public static IReadOnlyList<string> WriteAll(DatasetResult result, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        string Target(string name)
        {
            var path = Path.GetFullPath(Path.Combine(outputDirectory, name));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            written.Add(path);
            return path;
        }
        var fit = FitHistograms.Of(result);
        var all = fit.Select(f => f.Histogram).ToList();
        File.WriteAllBytes(Target(ResultOutputs.HistogramsJson), UhiHistogramJson.Serialize(all));
        RootHistogramWriter.Write(Target(ResultOutputs.HistogramsRoot), all);

        foreach (var channel in fit.Where(f => f.Histogram is Histogram1D).Select(f => f.Channel).Distinct())
        {
            var nominal = fit.Where(f => f.Channel == channel && f.Variation == HistogramRole.Nominal).ToList();
            var simulation = nominal.Where(f => !f.IsData).Select(f => (f.Sample, (Histogram1D)f.Histogram)).ToList();
            var data = nominal.Where(f => f.IsData).Select(f => (Histogram1D)f.Histogram).ToList();
            Histogram1D? dataSum = null;
            foreach (var d in data)
            {
                var copy = (Histogram1D)HistogramCopy.Scaled(d, "data", 1);
                if (dataSum is null) dataSum = copy;
                else dataSum.Merge(copy);
            }
            StackedPlot.WritePng(channel, simulation, dataSum, Target(Path.Combine(ResultOutputs.PlotsFolder, ResultOutputs.PlotFileName(channel))));
        }

        if (fit.Any(f => !f.IsData && f.Histogram is Histogram1D))
            File.WriteAllText(Target(WorkspaceJson), PyhfWorkspace.Build(fit, result.Dataset).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var runs = new JsonArray();
        foreach (var run in result.Runs)
        {
            runs.Add(new JsonObject
            {
                ["sample"] = run.Sample.Name,
                ["variation"] = run.SampleVariation,
                ["type"] = run.Sample.IsData ? "data" : "simulation",
                ["files"] = new JsonArray(run.Locations.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
                ["entries"] = run.Outcome.Entries,
                ["cross_section"] = run.Sample.IsData ? null : run.Sample.CrossSection,
                ["normalisation"] = run.Normalisation?.Value,
                ["normalisation_source"] = run.Normalisation?.Source,
                ["scale"] = run.Scale,
            });
            File.WriteAllBytes(Target(Path.Combine("samples", run.Sample.Name, run.SampleVariation, ResultOutputs.CutflowJson)), CutflowReport.ToJson(run.Outcome.Result.Cutflow));
        }
        var summary = new JsonObject { ["luminosity"] = result.Dataset.Luminosity, ["runs"] = runs };
        File.WriteAllText(Target(SamplesJson), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return written;
    }
}
