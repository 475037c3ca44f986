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
                        _diagnostics.Error(DiagnosticIds.BadBinCount, r.Span, $"expected a whole number of bins greater than 0 but got {r.Bins}");
                        return null;
                    }
                    if (!IsFinite(r.Low) || !IsFinite(r.High))
                    {
                        _diagnostics.Error(DiagnosticIds.BadBinRange, r.Span, Invariant($"expected finite edges but got from {r.Low} to {r.High}"));
                        return null;
                    }
                    if (r.High > r.Low && !((r.High - r.Low) / r.Bins > 0 && IsFinite(r.High - r.Low)))
                    {
                        _diagnostics.Error(DiagnosticIds.BadBinRange, r.Span, Invariant($"the width of {r.Bins} bins from {r.Low} to {r.High} is ")
                            + (IsFinite(r.High - r.Low) ? "too small to tell the bins apart" : "larger than the largest number; narrow the range"));
                        return null;
                    }
                    if (!(r.High > r.Low))
                    {
                        _diagnostics.Error(DiagnosticIds.BadBinRange, r.Span, $"expected the upper edge to be greater than the lower edge but got from {r.Low} to {r.High}");
                        return null;
                    }
                    if (r.Log && !(r.Low > 0))
                    {
                        _diagnostics.Error(DiagnosticIds.BadBinRange, r.Span, $"expected a lower edge greater than 0 for log bins but got {r.Low}");
                        return null;
                    }
                    return r.Log ? new LogBinning((int)r.Bins, r.Low, r.High) : new RegularBinning((int)r.Bins, r.Low, r.High);
                case EdgesBinningSyntax e:
                    if (e.Edges.Count < 2)
                    {
                        _diagnostics.Error(DiagnosticIds.BadBinEdges, e.Span, $"expected at least 2 bin edges but got {e.Edges.Count}");
                        return null;
                    }
                    for (var i = 0; i < e.Edges.Count; i++)
                        if (!IsFinite(e.Edges[i]) || (i > 0 && !IsFinite(e.Edges[i] - e.Edges[i - 1])))
                        {
                            _diagnostics.Error(DiagnosticIds.BadBinEdges, e.Span, IsFinite(e.Edges[i])
                                ? Invariant($"the width from edge {i} ({e.Edges[i - 1]}) to edge {i + 1} ({e.Edges[i]}) is larger than the largest number")
                                : Invariant($"expected finite bin edges but edge {i + 1} is {e.Edges[i]}"));
                            return null;
                        }
                    for (var i = 1; i < e.Edges.Count; i++)
                        if (!(e.Edges[i] > e.Edges[i - 1]))
                        {
                            _diagnostics.Error(DiagnosticIds.BadBinEdges, e.Span, $"expected increasing bin edges but edge {i + 1} ({e.Edges[i]}) is not greater than edge {i} ({e.Edges[i - 1]})");
                            return null;
                        }
                    return new VariableBinning(e.Edges.ToEquatableArray());
                default: return null;
            }
        }

        private static bool IsFinite(double x) => !double.IsNaN(x) && !double.IsInfinity(x);
    }
}
