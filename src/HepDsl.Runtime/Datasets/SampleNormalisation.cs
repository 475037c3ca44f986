using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;

namespace HepDsl.Runtime.Datasets;

/// <summary>The denominator N of a simulated sample's scale cross-section × luminosity / N, and where it came from.</summary>
public sealed record Normalisation(double Value, string Source);

public static class SampleNormalisation
{
    /// <summary>
    /// N for <paramref name="files"/> of <paramref name="sample"/> (its name, for messages): the given events or sum of
    /// weights; else the sum of <c>genEventSumw</c> over the <c>Runs</c> tree (TTree or RNTuple) of every file (NanoAOD's record of the
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

    /// <summary>
    /// The sum over the file's Runs tree, or why there is none ("the file has no Runs tree", ...). Runs is opened
    /// through the same seam as the events (<see cref="EventSources"/>), so a Runs RNTuple (NanoAOD written as RNTuple)
    /// counts exactly as a Runs TTree does.
    /// </summary>
    private static (double? Sum, string? Missing) ReadGenEventSumw(string location, ByteSourceOptions? options)
    {
        var bytes = ByteSources.Open(location, options);
        List<string> trees;
        try
        {
            using var file = RootFile.Open(bytes);
            // TTrees and RNTuples alike: "tree" in the message is either, as for the events' tree.
            trees = file.Keys.Where(k => k.IsTree || k.IsRNTuple).Select(k => k.FullName).Distinct().ToList();
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
        if (!trees.Contains("Runs"))
        {
            bytes.Dispose();
            return (null, $"the file has no Runs tree (trees: {string.Join(", ", trees)})");
        }
        using var runs = EventSources.OpenTree(bytes, "Runs"); // owns the byte source from here on
        var (kind, part, parts) = runs.NTuple is null ? ("tree", "branch", "branches") : ("RNTuple", "field", "fields");
        if (runs.Columns.All(c => c.Name != "genEventSumw"))
            return (null, $"its Runs {kind} has no genEventSumw {part} ({parts}: {string.Join(", ", runs.Columns.Select(c => c.Name))})");
        var column = runs.Column<double>("genEventSumw");
        var buffer = new ColumnBuffer<double>();
        double sum = 0;
        foreach (var cluster in runs.Clusters)
        {
            // genEventSumw is a Double_t in NanoAOD; an older file with another type reads as it was stored.
            column.Read(cluster.First, checked((int)cluster.Count), buffer);
            foreach (var w in buffer.Span) sum += w;
        }
        return (sum, null);
    }
}
