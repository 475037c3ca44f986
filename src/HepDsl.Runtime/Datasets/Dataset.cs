using System.Globalization;
using System.Text.Json;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Datasets;

/// <summary>How a simulated sample's weights are normalised: the denominator of cross-section × luminosity / N.</summary>
public enum NormalisationKind
{
    /// <summary>A given number of generated events (<c>"events": N</c>).</summary>
    Events,
    /// <summary>A given sum of generator weights (<c>"sum_of_weights": W</c>).</summary>
    SumOfWeights,
    /// <summary>The sum of <c>genEventSumw</c> over the <c>Runs</c> tree of every file (<c>"normalisation": "genEventSumw"</c>).</summary>
    GenEventSumw,
    /// <summary>Nothing given: <c>genEventSumw</c> from the files' <c>Runs</c> trees when they have one, else the entries read.</summary>
    Automatic,
}

/// <summary>The files of a sample (or of one of its alternative samples) and their normalisation.</summary>
public sealed record SampleFiles(IReadOnlyList<string> Files, NormalisationKind Normalisation, double? Given);

/// <summary>
/// One named sample: data, or a simulated process with a cross-section (pb). <see cref="Variations"/> are alternative
/// samples of the same process (another generator or tune), each written as variation NAME of this sample.
/// </summary>
public sealed record Sample(string Name, bool IsData, double CrossSection, SampleFiles Nominal, IReadOnlyDictionary<string, SampleFiles> Variations);

/// <summary>A run's dataset: samples and the integrated luminosity (/pb) that simulation is scaled to.</summary>
public sealed record Dataset(string File, double Luminosity, IReadOnlyList<Sample> Samples)
{
    /// <summary>
    /// Reads a dataset description (docs/datasets.md). Every mistake is a <see cref="HepDataException"/> naming the file
    /// and the JSON field (<c>samples[2].cross_section</c>); nothing is read from the ROOT files here.
    /// </summary>
    public static Dataset Load(string path)
    {
        string text;
        try { text = System.IO.File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new HepDataException($"{path}: cannot read the dataset: {e.Message}", e); }
        return Parse(path, text);
    }

    public static Dataset Parse(string path, string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new HepDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e); }
        using (doc)
        {
            var reader = new Reader(path);
            var root = doc.RootElement;
            reader.Object(root, "the dataset");
            reader.OnlyKeys(root, "", "luminosity", "samples");
            var lumi = reader.PositiveNumber(root, "luminosity", "");
            if (!root.TryGetProperty("samples", out var samples) || samples.ValueKind != JsonValueKind.Array || samples.GetArrayLength() == 0)
                throw reader.Error("samples", "expected a non-empty array of samples");
            var list = new List<Sample>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var s in samples.EnumerateArray())
            {
                var at = $"samples[{i++}]";
                var sample = reader.Sample(s, at);
                if (!names.Add(sample.Name)) throw reader.Error(at + ".name", $"a second sample named '{sample.Name}'");
                list.Add(sample);
            }
            return new Dataset(path, lumi, list);
        }
    }

    private sealed class Reader(string path)
    {
        public HepDataException Error(string field, string message) => new($"{path}: {field}: {message}");

        public void Object(JsonElement e, string what)
        {
            if (e.ValueKind != JsonValueKind.Object) throw new HepDataException($"{path}: expected {what} to be a JSON object");
        }

        public void OnlyKeys(JsonElement e, string at, params string[] allowed)
        {
            foreach (var p in e.EnumerateObject())
                if (!allowed.Contains(p.Name))
                    throw Error(Join(at, p.Name), $"unknown field; expected one of {string.Join(", ", allowed)}");
        }

        private static string Join(string at, string field) => at.Length == 0 ? field : at + "." + field;

        public double PositiveNumber(JsonElement e, string field, string at)
        {
            if (!e.TryGetProperty(field, out var v)) throw Error(Join(at, field), "missing");
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var x) || !(x > 0) || double.IsInfinity(x))
                throw Error(Join(at, field), $"expected a number greater than 0 but got {v.GetRawText()}");
            return x;
        }

        public Sample Sample(JsonElement s, string at)
        {
            if (s.ValueKind != JsonValueKind.Object) throw Error(at, "expected a sample object");
            OnlyKeys(s, at, "name", "type", "cross_section", "files", "events", "sum_of_weights", "normalisation", "variations");
            if (!s.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String || n.GetString()!.Length == 0)
                throw Error(at + ".name", "expected the sample's name (a non-empty string)");
            var name = n.GetString()!;
            if (name.Any(c => !(char.IsLetterOrDigit(c) || c == '_' || c == '-')))
                throw Error(at + ".name", $"'{name}': a sample name holds letters, digits, '_' and '-' only (it becomes part of histogram names)");
            if (!s.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() is not ("data" or "simulation"))
                throw Error(at + ".type", "expected \"data\" or \"simulation\"");
            var isData = t.GetString() == "data";
            double xsec = 0;
            if (isData)
            {
                foreach (var f in new[] { "cross_section", "events", "sum_of_weights", "normalisation", "variations" })
                    if (s.TryGetProperty(f, out _)) throw Error(at + "." + f, "data is not normalised or varied; only simulation has this field");
            }
            else xsec = PositiveNumber(s, "cross_section", at);
            var nominal = Files(s, at);
            var variations = new Dictionary<string, SampleFiles>(StringComparer.Ordinal);
            if (s.TryGetProperty("variations", out var vs))
            {
                if (vs.ValueKind != JsonValueKind.Object) throw Error(at + ".variations", "expected an object: variation name -> { files, normalisation }");
                foreach (var v in vs.EnumerateObject())
                {
                    var vat = $"{at}.variations.{v.Name}";
                    if (v.Name == Analysis.HistogramRole.Nominal || v.Name.Length == 0 || v.Name.Any(c => !(char.IsLetterOrDigit(c) || c == '_')))
                        throw Error(vat, "a variation name holds letters, digits and '_' and is not 'nominal'");
                    if (v.Value.ValueKind != JsonValueKind.Object) throw Error(vat, "expected an object with files");
                    OnlyKeys(v.Value, vat, "files", "events", "sum_of_weights", "normalisation");
                    variations[v.Name] = Files(v.Value, vat);
                }
            }
            return new Sample(name, isData, xsec, nominal, variations);
        }

        private SampleFiles Files(JsonElement s, string at)
        {
            if (!s.TryGetProperty("files", out var f)) throw Error(at + ".files", "missing: list the sample's files (paths, globs or URLs)");
            var files = new List<string>();
            if (f.ValueKind == JsonValueKind.String) files.Add(f.GetString()!);
            else if (f.ValueKind == JsonValueKind.Array)
            {
                var k = 0;
                foreach (var x in f.EnumerateArray())
                {
                    if (x.ValueKind != JsonValueKind.String || x.GetString()!.Length == 0) throw Error($"{at}.files[{k}]", "expected a path, glob or URL");
                    files.Add(x.GetString()!);
                    k++;
                }
            }
            if (files.Count == 0) throw Error(at + ".files", "expected a non-empty list of paths, globs or URLs");

            var given = new List<(NormalisationKind, double?)>();
            if (s.TryGetProperty("events", out _)) given.Add((NormalisationKind.Events, PositiveNumber(s, "events", at)));
            if (s.TryGetProperty("sum_of_weights", out _)) given.Add((NormalisationKind.SumOfWeights, PositiveNumber(s, "sum_of_weights", at)));
            if (s.TryGetProperty("normalisation", out var norm))
            {
                if (norm.ValueKind != JsonValueKind.String || norm.GetString() != "genEventSumw")
                    throw Error(at + ".normalisation", $"expected \"genEventSumw\" (or give \"events\" or \"sum_of_weights\") but got {norm.GetRawText()}");
                given.Add((NormalisationKind.GenEventSumw, null));
            }
            if (given.Count > 1) throw Error(at, "give one of events, sum_of_weights and normalisation, not several");
            var (kind, value) = given.Count == 1 ? given[0] : (NormalisationKind.Automatic, (double?)null);
            return new SampleFiles(files, kind, value);
        }
    }

    internal static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
