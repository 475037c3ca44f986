using System.Text.Json;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Output.Json;

/// <summary>
/// Aggregates as JSON, keyed by name: kind, value, raw entries, weight sums, and the statistical error where
/// it follows from what is stored: sqrt(sum w^2) for a count, the standard error of a weighted mean
/// (spread / sqrt(effective entries)) for a mean. A sum's error needs sum w^2 x^2, which is not kept.
/// </summary>
public static class AggregatesJson
{
    public static byte[] Serialize(IEnumerable<Aggregate> aggregates)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var a in aggregates)
            {
                w.WriteStartObject(a.Name);
                w.WriteString("kind", a.Kind.ToString().ToLowerInvariant());
                w.WriteString("title", a.Title);
                JsonNumbers.Write(w, "value", a.Value);
                JsonNumbers.Write(w, "error", Error(a));
                w.WriteNumber("entries", a.Entries);
                JsonNumbers.Write(w, "sum_of_weights", a.SumW);
                JsonNumbers.Write(w, "sum_of_weights_squared", a.SumW2);
                JsonNumbers.Write(w, "sum_of_weighted_values", a.SumWX);
                JsonNumbers.Write(w, "sum_of_weighted_squares", a.SumWX2);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static double? Error(Aggregate a)
    {
        switch (a.Kind)
        {
            case AggregateKind.Count:
                return Math.Sqrt(a.SumW2);
            case AggregateKind.Mean when a.SumW != 0 && a.SumW2 > 0:
                // The variance from the shifted sums (Aggregate.Variance): sum w x^2 / sum w - mean^2 would cancel
                // catastrophically for values with a large common offset.
                var effectiveEntries = a.SumW * a.SumW / a.SumW2;
                return Math.Sqrt(a.Variance / effectiveEntries);
            default:
                return null;
        }
    }
}
