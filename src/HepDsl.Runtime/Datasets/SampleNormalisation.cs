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
    /// N for <paramref name="files"/>: the given events or sum of weights; else the sum of <c>genEventSumw</c> over the
    /// <c>Runs</c> tree of every file (NanoAOD's record of the generator weights before any skim); else, when the
    /// files have no such tree and nothing was asked for explicitly, the number of entries the run read.
    /// </summary>
    public static Normalisation Of(SampleFiles files, IReadOnlyList<string> locations, long entriesRead, ByteSourceOptions? options = null)
    {
        switch (files.Normalisation)
        {
            case NormalisationKind.Events: return new(files.Given!.Value, "events given");
            case NormalisationKind.SumOfWeights: return new(files.Given!.Value, "sum of weights given");
        }
        double sum = 0;
        string? withSumw = null, withoutSumw = null;
        foreach (var location in locations)
        {
            var runs = GenEventSumw(location, options);
            if (runs is null)
            {
                if (files.Normalisation == NormalisationKind.GenEventSumw)
                    throw new HepDataException($"{location}: the dataset asks for \"normalisation\": \"genEventSumw\" but the file has no Runs tree with a genEventSumw branch");
                withoutSumw ??= location;
            }
            else
            {
                withSumw ??= location;
                sum += runs.Value;
            }
            // One sample, one normalisation: falling back to the entries read would silently drop the other files' sums.
            if (withSumw is not null && withoutSumw is not null)
                throw new HepDataException($"{withoutSumw} has no Runs tree with a genEventSumw branch but {withSumw} of the same sample has: normalise the sample one way (give \"events\" or \"sum_of_weights\", or use files that all have Runs/genEventSumw)");
        }
        if (withoutSumw is not null)
        {
            if (entriesRead <= 0) throw new HepDataException($"{string.Join(", ", locations)}: no entries read, so the sample cannot be normalised by its number of events; give \"events\" or \"sum_of_weights\"");
            return new(entriesRead, "entries read");
        }
        if (!(sum > 0)) throw new HepDataException($"{string.Join(", ", locations)}: the sum of genEventSumw is {sum}; cannot normalise by it");
        return new(sum, "sum of genEventSumw in Runs");
    }

    /// <summary>Sum of <c>Runs/genEventSumw</c> in one file, or null when it has no such tree or branch.</summary>
    public static double? GenEventSumw(string location, ByteSourceOptions? options = null)
    {
        using var bytes = ByteSources.Open(location, options);
        using var file = RootFile.Open(bytes);
        if (!file.TreeNames.Contains("Runs")) return null;
        using var tree = file.OpenTree("Runs");
        var column = tree.Columns.FirstOrDefault(c => c.Name == "genEventSumw");
        if (column is null) return null;
        var buffer = new ColumnBuffer<double>();
        double sum = 0;
        foreach (var cluster in tree.Clusters)
        {
            // genEventSumw is a Double_t in NanoAOD; an older file with another type reads as it was stored.
            tree.Column<double>("genEventSumw").Read(cluster.First, checked((int)cluster.Count), buffer);
            foreach (var w in buffer.Span) sum += w;
        }
        return sum;
    }
}
