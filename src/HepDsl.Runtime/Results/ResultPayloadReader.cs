using System.Text;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Runtime.Results;

/// <summary>
/// Reads what <see cref="ResultPayloadWriter"/> wrote. The envelope checksum has already been verified, but
/// every count is still checked against the bytes left, so a well-formed-but-wrong payload fails clearly.
/// </summary>
internal static class ResultPayloadReader
{
    public static ResultSet Read(ReadOnlySpan<byte> payload)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var analysis = r.ReadString();
            var histograms = new Histogram[Count(r, 1)];
            for (var i = 0; i < histograms.Length; i++) histograms[i] = ReadHistogram(r);
            var cutflow = ReadCutflow(r);
            var aggregates = new Aggregate[Count(r, 1)];
            for (var i = 0; i < aggregates.Length; i++) aggregates[i] = ReadAggregate(r);
            var result = new ResultSet(analysis, histograms, cutflow, aggregates);
            var processed = Count(r, 17);
            for (var i = 0; i < processed; i++)
                result.MarkProcessed(r.ReadString(), new EntryRange(r.ReadInt64(), r.ReadInt64()));
            if (stream.Position != stream.Length)
                throw new InvalidDataException($"partial result has {stream.Length - stream.Position} unexpected trailing bytes");
            return result;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("partial result payload ends early", e);
        }
    }

    private static Histogram ReadHistogram(BinaryReader r)
    {
        var kind = r.ReadByte();
        var name = r.ReadString();
        var title = r.ReadString();
        var entries = r.ReadInt64();
        var weighted = r.ReadBoolean();
        Histogram h;
        switch (kind)
        {
            case ResultPayloadWriter.Kind1D:
            {
                var x = ReadAxis(r);
                var h1 = new Histogram1D(name, title, x, r.ReadString());
                var s = ReadDoubles(r, 4, name);
                (h1.StatSumW, h1.StatSumW2, h1.StatSumWX, h1.StatSumWX2) = (s[0], s[1], s[2], s[3]);
                h = h1;
                break;
            }
            case ResultPayloadWriter.Kind2D:
            {
                var x = ReadAxis(r);
                var h2 = new Histogram2D(name, title, x, ReadAxis(r));
                var s = ReadDoubles(r, 7, name);
                (h2.StatSumW, h2.StatSumW2, h2.StatSumWX, h2.StatSumWX2, h2.StatSumWY, h2.StatSumWY2, h2.StatSumWXY) =
                    (s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
                h = h2;
                break;
            }
            default:
                throw new InvalidDataException($"histogram '{name}' has unknown kind {kind}");
        }
        ReadDoubles(r, h.SumW.Length, name).CopyTo(h.SumW, 0);
        ReadDoubles(r, h.SumW2.Length, name).CopyTo(h.SumW2, 0);
        h.RestoreFillState(entries, weighted);
        return h;
    }

    private static Axis ReadAxis(BinaryReader r)
    {
        var kind = r.ReadByte();
        var label = r.ReadString();
        return kind switch
        {
            ResultPayloadWriter.RegularAxis => Axis.Regular(r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), label),
            ResultPayloadWriter.LogAxis => Axis.Logarithmic(r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), label),
            ResultPayloadWriter.VariableAxis => Axis.Variable(ReadDoubles(r, null, label), label),
            _ => throw new InvalidDataException($"axis '{label}' has unknown kind {kind}"),
        };
    }

    private static Cutflow ReadCutflow(BinaryReader r)
    {
        var cuts = new string[Count(r, 1)];
        for (var i = 0; i < cuts.Length; i++) cuts[i] = r.ReadString();
        var cutflow = new Cutflow(cuts);
        for (var i = 0; i < cutflow.Passed.Length; i++) cutflow.Passed[i] = r.ReadInt64();
        for (var i = 0; i < cutflow.SumW.Length; i++) cutflow.SumW[i] = r.ReadDouble();
        for (var i = 0; i < cutflow.SumW2.Length; i++) cutflow.SumW2[i] = r.ReadDouble();
        return cutflow;
    }

    private static Aggregate ReadAggregate(BinaryReader r)
    {
        var name = r.ReadString();
        var title = r.ReadString();
        var kind = r.ReadByte();
        if (!Enum.IsDefined((AggregateKind)kind)) throw new InvalidDataException($"aggregate '{name}' has unknown kind {kind}");
        var a = new Aggregate(name, (AggregateKind)kind, title) { Entries = r.ReadInt64() };
        var s = ReadDoubles(r, 7, name);
        (a.SumW, a.SumW2, a.SumWX, a.SumWX2, a.Shift, a.SumWD, a.SumWD2) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
        return a;
    }

    private static double[] ReadDoubles(BinaryReader r, int? expected, string owner)
    {
        var n = Count(r, sizeof(double));
        if (expected is { } e && n != e) throw new InvalidDataException($"'{owner}' stores {n} numbers where its shape needs {e}");
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = r.ReadDouble();
        return values;
    }

    /// <summary>A non-negative count whose items (at least <paramref name="minItemSize"/> bytes each) fit in what is left.</summary>
    private static int Count(BinaryReader r, int minItemSize)
    {
        var n = r.ReadInt32();
        var left = r.BaseStream.Length - r.BaseStream.Position;
        if (n < 0 || (long)n * minItemSize > left)
            throw new InvalidDataException($"partial result declares {n} items but only {left} bytes remain");
        return n;
    }
}
