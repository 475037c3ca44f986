using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Output.Root;

/// <summary>
/// Streams TH1D (version 3) and TH2D (version 4) member by member, in the class versions the embedded streamer
/// infos describe (TH1 v8, TH2 v5, TAxis v10, TAttAxis v4, TNamed v1, TAttLine/Fill/Marker v2, TList v5).
/// </summary>
internal static class HistogramStreamer
{
    // TObject bits as ROOT writes them for heap objects (kNotDeleted | kIsOnHeap), plus kMustCleanup for histograms.
    private const uint ObjectBits = 0x03000000;
    private const uint HistogramBits = 0x03000008;

    public static string ClassName(Histogram h) => h switch
    {
        Histogram1D => "TH1D",
        Histogram2D => "TH2D",
        _ => throw new NotSupportedException($"cannot write histogram '{h.Name}' of type {h.GetType().Name} to ROOT"),
    };

    public static void Write(RootWriteBuffer b, Histogram h)
    {
        switch (h)
        {
            case Histogram1D h1:
                using (b.Versioned(3))
                {
                    WriteTH1(b, h, h1.X, null, h1.YLabel, [h1.StatSumW, h1.StatSumW2, h1.StatSumWX, h1.StatSumWX2]);
                    b.ArrayD(h.SumW);
                }
                break;
            case Histogram2D h2:
                using (b.Versioned(4))
                {
                    using (b.Versioned(5))
                    {
                        WriteTH1(b, h, h2.X, h2.Y, h2.Y.Label, [h2.StatSumW, h2.StatSumW2, h2.StatSumWX, h2.StatSumWX2]);
                        b.F64(1); // fScalefactor
                        b.F64(h2.StatSumWY);
                        b.F64(h2.StatSumWY2);
                        b.F64(h2.StatSumWXY);
                    }
                    b.ArrayD(h.SumW);
                }
                break;
            default:
                throw new NotSupportedException($"cannot write histogram '{h.Name}' of type {h.GetType().Name} to ROOT");
        }
    }

    private static void WriteTH1(RootWriteBuffer b, Histogram h, Axis x, Axis? y, string yTitle, double[] stats)
    {
        using var _ = b.Versioned(8);
        Named(b, h.Name, h.Title, HistogramBits);
        using (b.Versioned(2)) { b.I16(602); b.I16(1); b.I16(1); }   // TAttLine: colour (kBlue+2), style, width
        using (b.Versioned(2)) { b.I16(0); b.I16(1001); }            // TAttFill: colour, style
        using (b.Versioned(2)) { b.I16(1); b.I16(1); b.F32(1); }     // TAttMarker: colour, style, size
        b.I32(h.SumW.Length);                                         // fNcells
        WriteAxis(b, "xaxis", x, x.Label);
        WriteAxis(b, "yaxis", y, yTitle);   // a TH1's y axis title labels the counts
        WriteAxis(b, "zaxis", null, "");
        b.I16(0);        // fBarOffset
        b.I16(1000);     // fBarWidth
        b.F64(h.Entries);
        foreach (var s in stats) b.F64(s);                            // fTsumw, fTsumw2, fTsumwx, fTsumwx2
        b.F64(-1111);    // fMaximum (ROOT's "unset")
        b.F64(-1111);    // fMinimum
        b.F64(0);        // fNormFactor
        b.ArrayD([]);    // fContour
        b.ArrayD(h.SumW2);                                            // fSumw2: errors are sqrt(sumw2)
        b.String("");    // fOption
        using (b.Versioned(5))                                        // fFunctions: an empty TList, streamed in place ("->")
        {
            TObject(b, ObjectBits);
            b.String("");
            b.I32(0);
        }
        b.I32(0);        // fBufferSize
        b.U8(0);         // fBuffer: no array (the flag byte of a pointer-to-array member)
        b.I32(0);        // fBinStatErrOpt = kNormal
        b.I32(2);        // fStatOverflows = kNeutral
    }

    /// <summary>A TAxis; null writes the single-bin [0, 1] axis ROOT gives unused dimensions.</summary>
    private static void WriteAxis(RootWriteBuffer b, string name, Axis? axis, string title)
    {
        using var _ = b.Versioned(10);
        Named(b, name, title, ObjectBits);
        using (b.Versioned(4))                                         // TAttAxis, ROOT's defaults
        {
            b.I32(510); b.I16(1); b.I16(1); b.I16(42);
            b.F32(0.005f); b.F32(0.035f); b.F32(0.03f); b.F32(1); b.F32(0.035f);
            b.I16(1); b.I16(42);
        }
        b.I32(axis?.Bins ?? 1);
        b.F64(axis?.Low ?? 0);
        b.F64(axis?.High ?? 1);
        b.ArrayD(axis is { IsRegular: false } ? axis.Edges.ToArray() : []);   // fXbins, empty for regular binning
        b.I32(0);        // fFirst
        b.I32(0);        // fLast
        b.U16(0);        // fBits2
        b.U8(0);         // fTimeDisplay
        b.String("");    // fTimeFormat
        b.U32(0);        // fLabels (null)
        b.U32(0);        // fModLabs (null)
    }

    private static void Named(RootWriteBuffer b, string name, string title, uint bits)
    {
        using var _ = b.Versioned(1);
        TObject(b, bits);
        b.String(name);
        b.String(title);
    }

    private static void TObject(RootWriteBuffer b, uint bits)
    {
        b.I16(1);
        b.U32(0);
        b.U32(bits);
    }
}
