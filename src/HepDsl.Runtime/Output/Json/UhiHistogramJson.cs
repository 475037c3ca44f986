using System.Text.Json;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Runtime.Output.Json;

/// <summary>
/// Histograms in scikit-hep's UHI serialization (uhi_schema 1): one entry per histogram keyed by its .hep name,
/// regular or variable axes with under- and overflow, dense storage with the flow bins included. Unweighted
/// histograms use "double" storage (counts); weighted ones "weighted" (values = sum of weights, variances =
/// sum of squared weights). Storage arrays nest as numpy's C order: values[ix][iy], index 0 the underflow.
/// </summary>
public static class UhiHistogramJson
{
    public static byte[] Serialize(IEnumerable<Histogram> histograms)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var h in histograms) WriteHistogram(w, h);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static void Write(string path, IEnumerable<Histogram> histograms) => File.WriteAllBytes(path, Serialize(histograms));

    private static void WriteHistogram(Utf8JsonWriter w, Histogram h)
    {
        w.WriteStartObject(h.Name);
        w.WriteNumber("uhi_schema", 1);
        w.WriteStartObject("writer_info");
        w.WriteStartObject("hepdsl");
        w.WriteNumber("entries", h.Entries);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteString("name", h.Name);
        w.WriteString("title", h.Title);
        // hist's name for the label of a histogram's values (the y axis of a 1D plot).
        if (h is Histogram1D h1) w.WriteString("label", h1.YLabel);
        w.WriteEndObject();
        var axes = Axes(h);
        w.WriteStartArray("axes");
        foreach (var a in axes) WriteAxis(w, a, h.Name);
        w.WriteEndArray();
        w.WriteStartObject("storage");
        w.WriteString("type", h.IsWeighted ? "weighted" : "double");
        WriteCells(w, "values", h, h.SumW);
        if (h.IsWeighted) WriteCells(w, "variances", h, h.SumW2);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static Axis[] Axes(Histogram h) => h switch
    {
        Histogram1D h1 => [h1.X],
        Histogram2D h2 => [h2.X, h2.Y],
        _ => throw new NotSupportedException($"cannot write histogram '{h.Name}' of type {h.GetType().Name} as UHI JSON"),
    };

    private static void WriteAxis(Utf8JsonWriter w, Axis a, string owner)
    {
        w.WriteStartObject();
        if (a.IsRegular)
        {
            w.WriteString("type", "regular");
            w.WriteNumber("lower", Finite(a.Low, owner));
            w.WriteNumber("upper", Finite(a.High, owner));
            w.WriteNumber("bins", a.Bins);
        }
        else
        {
            w.WriteString("type", "variable");
            w.WriteStartArray("edges");
            foreach (var e in a.Edges) w.WriteNumberValue(Finite(e, owner));
            w.WriteEndArray();
        }
        w.WriteBoolean("underflow", true);
        w.WriteBoolean("overflow", true);
        w.WriteBoolean("circular", false);
        w.WriteStartObject("metadata");
        w.WriteString("label", a.Label);
        w.WriteEndObject();
        if (a.IsLog)
        {
            // The UHI schema's regular axis has no transform (boost-histogram's log transform does not serialise): a
            // log-spaced axis is written as its edges, and marked here so a reader can rebuild it and plot on a log scale.
            w.WriteStartObject("writer_info");
            w.WriteStartObject("hepdsl");
            w.WriteString("spacing", "log");
            w.WriteNumber("bins", a.Bins);
            w.WriteNumber("lower", Finite(a.Low, owner));
            w.WriteNumber("upper", Finite(a.High, owner));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteCells(Utf8JsonWriter w, string name, Histogram h, double[] cells)
    {
        w.WriteStartArray(name);
        switch (h)
        {
            case Histogram1D:
                foreach (var v in cells) w.WriteNumberValue(Finite(v, h.Name));
                break;
            case Histogram2D h2:
                for (var ix = 0; ix < h2.X.Bins + 2; ix++)
                {
                    w.WriteStartArray();
                    for (var iy = 0; iy < h2.Y.Bins + 2; iy++) w.WriteNumberValue(Finite(cells[h2.Cell(ix, iy)], h.Name));
                    w.WriteEndArray();
                }
                break;
        }
        w.WriteEndArray();
    }

    // JSON has no NaN or infinity; a histogram that holds one (an infinite weight) cannot be written faithfully.
    private static double Finite(double v, string owner) =>
        double.IsFinite(v) ? v : throw new InvalidOperationException($"histogram '{owner}' holds {v}, which JSON cannot represent");
}
