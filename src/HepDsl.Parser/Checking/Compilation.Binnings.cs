using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;
using static System.FormattableString;

namespace HepDsl.Parser.Checking
{
    // Binnings of a histogram axis: regular, log and explicit edges, each checked for a whole bin count and finite, increasing edges.
    internal sealed partial class Compilation
    {
        private Binning? Binning(BinningSyntax b)
        {
            switch (b)
            {
                case RegularBinningSyntax r:
                    if (r.Bins != Math.Floor(r.Bins) || r.Bins <= 0 || r.Bins > int.MaxValue)
                    {
                        _diagnostics.Report(DiagnosticCatalog.BadBinCount, r.Span, r.Bins);
                        return null;
                    }
                    if (!IsFinite(r.Low) || !IsFinite(r.High))
                    {
                        _diagnostics.Report(DiagnosticCatalog.InfiniteRange, r.Span, r.Low, r.High);
                        return null;
                    }
                    if (r.High > r.Low && !((r.High - r.Low) / r.Bins > 0 && IsFinite(r.High - r.Low)))
                    {
                        _diagnostics.Report(IsFinite(r.High - r.Low) ? DiagnosticCatalog.BinWidthVanishes : DiagnosticCatalog.BinWidthOverflows, r.Span, r.Bins, r.Low, r.High);
                        return null;
                    }
                    if (!(r.High > r.Low))
                    {
                        _diagnostics.Report(DiagnosticCatalog.BadBinRange, r.Span, r.Low, r.High);
                        return null;
                    }
                    if (r.Log && !(r.Low > 0))
                    {
                        _diagnostics.Report(DiagnosticCatalog.LogBinsFromZero, r.Span, r.Low);
                        return null;
                    }
                    return r.Log ? new LogBinning((int)r.Bins, r.Low, r.High) : new RegularBinning((int)r.Bins, r.Low, r.High);
                case EdgesBinningSyntax e:
                    if (e.Edges.Count < 2)
                    {
                        _diagnostics.Report(DiagnosticCatalog.BadBinEdges, e.Span, e.Edges.Count);
                        return null;
                    }
                    for (var i = 0; i < e.Edges.Count; i++)
                        if (!IsFinite(e.Edges[i]) || (i > 0 && !IsFinite(e.Edges[i] - e.Edges[i - 1])))
                        {
                            if (IsFinite(e.Edges[i])) _diagnostics.Report(DiagnosticCatalog.EdgeWidthOverflows, e.Span, i, e.Edges[i - 1], i + 1, e.Edges[i]);
                            else _diagnostics.Report(DiagnosticCatalog.InfiniteEdge, e.Span, i + 1, e.Edges[i]);
                            return null;
                        }
                    for (var i = 1; i < e.Edges.Count; i++)
                        if (!(e.Edges[i] > e.Edges[i - 1]))
                        {
                            _diagnostics.Report(DiagnosticCatalog.EdgesNotIncreasing, e.Span, i + 1, e.Edges[i], i, e.Edges[i - 1]);
                            return null;
                        }
                    return new VariableBinning(e.Edges.ToEquatableArray());
                default: return null;
            }
        }

        private static bool IsFinite(double x) => !double.IsNaN(x) && !double.IsInfinity(x);
    }
}
