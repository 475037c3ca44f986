using System.Text;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Runtime.Results;

/// <summary>
/// Writes the self-describing body of a partial result: analysis name; histograms (kind, name, title,
/// axes with labels and edges, the 1D counts-axis label, fill counters, every cell's sum of weights and of squared weights, fill
/// statistics); the cut-flow (cut names and per-row counts); aggregates (name, title, kind, entries, the plain weighted
/// sums and the sums shifted by the first value, which a mean's spread needs); processed entry ranges.
/// Strings are UTF-8 with a 7-bit-encoded length; numbers little-endian; doubles bit for bit.
/// </summary>
internal static class ResultPayloadWriter
{
    internal const byte Kind1D = 1, Kind2D = 2;
    internal const byte RegularAxis = 1, VariableAxis = 2, LogAxis = 3;

    public static byte[] Write(ResultSet result)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(result.Analysis);
            w.Write(result.Histograms.Count);
            foreach (var h in result.Histograms) WriteHistogram(w, h);
            WriteCutflow(w, result.Cutflow);
            w.Write(result.Aggregates.Count);
            foreach (var a in result.Aggregates) WriteAggregate(w, a);
            w.Write(result.Processed.Count);
            foreach (var p in result.Processed)
            {
                w.Write(p.Location);
                w.Write(p.Range.First);
                w.Write(p.Range.Count);
            }
        }
        return stream.ToArray();
    }

    private static void WriteHistogram(BinaryWriter w, Histogram h)
    {
        switch (h)
        {
            case Histogram1D h1:
                w.Write(Kind1D);
                WriteHeader(w, h);
                WriteAxis(w, h1.X);
                w.Write(h1.YLabel);
                WriteDoubles(w, [h1.StatSumW, h1.StatSumW2, h1.StatSumWX, h1.StatSumWX2]);
                break;
            case Histogram2D h2:
                w.Write(Kind2D);
                WriteHeader(w, h);
                WriteAxis(w, h2.X);
                WriteAxis(w, h2.Y);
                WriteDoubles(w, [h2.StatSumW, h2.StatSumW2, h2.StatSumWX, h2.StatSumWX2, h2.StatSumWY, h2.StatSumWY2, h2.StatSumWXY]);
                break;
            default:
                throw new NotSupportedException($"cannot serialize histogram '{h.Name}' of type {h.GetType().Name}");
        }
        WriteDoubles(w, h.SumW);
        WriteDoubles(w, h.SumW2);
    }

    private static void WriteHeader(BinaryWriter w, Histogram h)
    {
        w.Write(h.Name);
        w.Write(h.Title);
        w.Write(h.Entries);
        w.Write(h.IsWeighted);
    }

    private static void WriteAxis(BinaryWriter w, Axis axis)
    {
        w.Write(axis.IsRegular ? RegularAxis : axis.IsLog ? LogAxis : VariableAxis);
        w.Write(axis.Label);
        if (axis.IsRegular || axis.IsLog)
        {
            w.Write(axis.Bins);
            w.Write(axis.Low);
            w.Write(axis.High);
        }
        else
        {
            WriteDoubles(w, axis.Edges.ToArray());
        }
    }

    private static void WriteCutflow(BinaryWriter w, Cutflow cutflow)
    {
        // Row 0 ("all events") is implicit in the Cutflow constructor; only the cut names are stored.
        w.Write(cutflow.Names.Count - 1);
        foreach (var name in cutflow.Names.Skip(1)) w.Write(name);
        foreach (var n in cutflow.Passed) w.Write(n);
        foreach (var s in cutflow.SumW) w.Write(s);
        foreach (var s in cutflow.SumW2) w.Write(s);
    }

    private static void WriteAggregate(BinaryWriter w, Aggregate a)
    {
        w.Write(a.Name);
        w.Write(a.Title);
        w.Write((byte)a.Kind);
        w.Write(a.Entries);
        WriteDoubles(w, [a.SumW, a.SumW2, a.SumWX, a.SumWX2, a.Shift, a.SumWD, a.SumWD2]);
    }

    private static void WriteDoubles(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }
}
