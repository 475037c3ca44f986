using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Root;

namespace HepDsl.Runtime.Datasets;

/// <summary>The denominator N of a simulated sample's scale cross-section × luminosity / N, and where it came from.</summary>
public sealed record Normalisation(double Value, string Source);

public static class SampleNormalisation
{
    /// <summary>
    /// N for <paramref name="files"/> of <paramref name="sample"/> (its name, for messages): the given events or sum of
    /// weights; else the sum of <c>genEventSumw</c> over the <c>Runs</c> tree of every file (NanoAOD's record of the
    /// generator weights before any skim); else, when none of the files has such a tree and nothing was asked for
    /// explicitly, the number of entries the run read. Files that disagree (some with Runs/genEventSumw, some without)
    /// are an error naming the first file without it.
    /// </summary>
    public static Normalisation Of(string sample, SampleFiles files, IReadOnlyList<string> locations, long entriesRead, ByteSourceOptions? options = null)
    {
        switch (files.Normalisation)
        {
            case NormalisationKind.Events: return new(files.Given!.Value, "events given");
            case NormalisationKind.SumOfWeights: return new(files.Given!.Value, "sum of weights given");
        }
        double sum = 0;
        var with = new List<string>();
        (string Location, string Why)? missing = null;
        foreach (var location in locations)
        {
            var runs = ReadGenEventSumw(location, options);
            if (runs.Sum is { } w) { sum += w; with.Add(location); continue; }
            if (files.Normalisation == NormalisationKind.GenEventSumw)
                throw new HepDataException($"{location}: sample '{sample}' asks for \"normalisation\": \"genEventSumw\", but {runs.Missing}; give \"events\" or \"sum_of_weights\" instead");
            missing ??= (location, runs.Missing!);
        }
        if (missing is { } m)
        {
            if (with.Count > 0)
                throw new HepDataException($"{m.Location}: sample '{sample}': {m.Why}, but {with[0]} has one, so neither the sum of genEventSumw nor the entries read normalise the sample; give \"events\" or \"sum_of_weights\"");
            if (entriesRead <= 0) throw new HepDataException($"{string.Join(", ", locations)}: sample '{sample}': no entries read, so the sample cannot be normalised by its number of events; give \"events\" or \"sum_of_weights\"");
            return new(entriesRead, "entries read");
        }
        if (!(sum > 0) || double.IsInfinity(sum))
            throw new HepDataException($"{string.Join(", ", locations)}: sample '{sample}': the sum of genEventSumw in the Runs trees is {sum.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; cannot normalise by it");
        return new(sum, "sum of genEventSumw in Runs");
    }

    /// <summary>Sum of <c>Runs/genEventSumw</c> in one file, or null when it has no such tree or branch.</summary>
    public static double? GenEventSumw(string location, ByteSourceOptions? options = null) => ReadGenEventSumw(location, options).Sum;

    /// <summary>The sum over the file's Runs tree, or why there is none ("the file has no Runs tree", ...).</summary>
    private static (double? Sum, string? Missing) ReadGenEventSumw(string location, ByteSourceOptions? options)
    {
        using var bytes = ByteSources.Open(location, options);
        using var file = RootFile.Open(bytes);
        if (!file.TreeNames.Contains("Runs")) return (null, $"the file has no Runs tree (trees: {string.Join(", ", file.TreeNames)})");
        using var tree = file.OpenTree("Runs");
        var column = tree.Columns.FirstOrDefault(c => c.Name == "genEventSumw");
        if (column is null) return (null, $"its Runs tree has no genEventSumw branch (branches: {string.Join(", ", tree.Columns.Select(c => c.Name))})");
        var buffer = new ColumnBuffer<double>();
        double sum = 0;
        foreach (var cluster in tree.Clusters)
        {
            // genEventSumw is a Double_t in NanoAOD; an older file with another type reads as it was stored.
            tree.Column<double>("genEventSumw").Read(cluster.First, checked((int)cluster.Count), buffer);
            foreach (var w in buffer.Span) sum += w;
        }
        return (sum, null);
    }
}
