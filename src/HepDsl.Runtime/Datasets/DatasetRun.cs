using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Datasets;

/// <summary>
/// One sample's run: its nominal files (<see cref="SampleVariation"/> = "nominal") or one of its alternative samples,
/// the outcome of the analysis over them, and the scale applied to its histograms (1 for data).
/// </summary>
public sealed record SampleRun(Sample Sample, string SampleVariation, IReadOnlyList<string> Locations, RunOutcome Outcome, Normalisation? Normalisation, double Scale);

/// <summary>Every sample run of a dataset, in dataset order (each sample's nominal first, then its alternatives).</summary>
public sealed record DatasetResult(IAnalysis Analysis, Dataset Dataset, IReadOnlyList<SampleRun> Runs);

/// <summary>
/// Runs an analysis over every sample of a dataset with any executor (the delegate runs one list of inputs), then
/// normalises each simulated sample: scale = cross-section (pb) × luminosity (/pb) / N (<see cref="SampleNormalisation"/>).
/// </summary>
public static class DatasetRunner
{
    /// <summary>Runs the analysis over <paramref name="inputs"/>; <paramref name="label"/> names the sample for progress.</summary>
    public delegate Task<RunOutcome> RunInputs(string label, IReadOnlyList<string> inputs);

    public static async Task<DatasetResult> RunAsync(IAnalysis analysis, Dataset dataset, RunInputs run, ByteSourceOptions? options = null)
    {
        CheckVariations(analysis, dataset);
        // What does not depend on the events read (given, or genEventSumw asked for) is known, and checked against
        // the files' Runs trees, for every sample and alternative before the first event of any of them is read.
        var planned = new List<(Sample Sample, string Variation, SampleFiles Files, IReadOnlyList<string> Locations, Normalisation? Norm)>();
        foreach (var sample in dataset.Samples)
        {
            var parts = new List<(string Name, SampleFiles Files)> { (HistogramRole.Nominal, sample.Nominal) };
            parts.AddRange(sample.Variations.Select(v => (v.Key, v.Value)));
            foreach (var (variation, files) in parts)
            {
                var locations = InputGlobs.Expand(files.Files);
                var norm = sample.IsData || files.Normalisation == NormalisationKind.Automatic ? null
                    : SampleNormalisation.Of(Label(sample, variation), files, locations, 0, options);
                planned.Add((sample, variation, files, locations, norm));
            }
        }
        var runs = new List<SampleRun>();
        foreach (var (sample, variation, files, locations, given) in planned)
        {
            var label = Label(sample, variation);
            var outcome = await run(label, files.Files).ConfigureAwait(false);
            if (sample.IsData)
            {
                runs.Add(new SampleRun(sample, variation, locations, outcome, null, 1));
                continue;
            }
            var norm = given ?? SampleNormalisation.Of(label, files, locations, outcome.Entries, options);
            runs.Add(new SampleRun(sample, variation, locations, outcome, norm, sample.CrossSection * dataset.Luminosity / norm.Value));
        }
        return new DatasetResult(analysis, dataset, runs);
    }

    private static string Label(Sample sample, string variation) =>
        variation == HistogramRole.Nominal ? sample.Name : $"{sample.Name} ({variation})";

    /// <summary>
    /// Before any event is read: a variation restricted to samples must name samples of the dataset, and a sample's
    /// alternative must not reuse the name of an event variation (both would write the same histograms).
    /// </summary>
    public static void CheckVariations(IAnalysis analysis, Dataset dataset)
    {
        var names = dataset.Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var v in analysis.Info.Variations ?? [])
        {
            foreach (var s in v.Samples)
                if (!names.Contains(s))
                    throw new HepDataException($"{dataset.File}: variation '{v.Name}' of {analysis.Info.SourceFile} applies to sample '{s}', which the dataset does not have (samples: {string.Join(", ", names)})");
            foreach (var sample in dataset.Samples)
                if (sample.Variations.ContainsKey(v.Name))
                    throw new HepDataException($"{dataset.File}: sample '{sample.Name}' has an alternative named '{v.Name}', which is also a variation of {analysis.Info.SourceFile}; rename one");
        }
    }
}
