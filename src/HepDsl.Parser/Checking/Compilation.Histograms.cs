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
    // Booking: histograms (1D, 2D, per-object fills sharing one iteration), aggregates, and the size limit of a histogram.
    internal sealed partial class Compilation
    {
        private bool BookName(NameToken name)
        {
            if (_bookedNames.TryGetValue(name.Name, out var previous))
            {
                _diagnostics.Report(DiagnosticCatalog.DuplicateBooking, name.Span, name.Name, previous);
                return false;
            }
            _bookedNames[name.Name] = name.Span;
            return true;
        }

        private void Histogram(HistogramSyntax h)
        {
            var named = BookName(h.Name);
            var ok = named;
            if (h.Fills.Count < 1 || h.Fills.Count > 2)
            {
                _diagnostics.Report(DiagnosticCatalog.BadHistogramShape, h.Name.Span, h.Name.Name, h.Fills.Count);
                return;
            }
            if (h.Binnings.Count != h.Fills.Count)
            {
                _diagnostics.Report(DiagnosticCatalog.BinningsPerFill, h.Binnings.Count > 0 ? h.Binnings[h.Binnings.Count - 1].Span : h.Name.Span,
                    h.Name.Name, h.Fills.Count, DiagnosticCatalog.Plural(h.Fills.Count), h.Binnings.Count);
                ok = false;
            }
            var axes = h.Binnings.Select(Binning).ToList();
            if (axes.Any(a => a == null)) ok = false;
            else if (axes.Count > 0)
            {
                var cells = axes.Aggregate(1.0, (n, a) => n * Cells(a!));
                if (cells > MaxHistogramCells)
                {
                    _diagnostics.Report(DiagnosticCatalog.HistogramTooLarge, Merge(h.Binnings[0].Span, h.Binnings[h.Binnings.Count - 1].Span),
                        h.Name.Name, cells, string.Join(" x ", axes.Select(a => Cells(a!).ToString("N0", CultureInfo.InvariantCulture))), MaxHistogramCells);
                    ok = false;
                }
            }

            var fills = new List<Expr>();
            _expressions.ProjectionReuse = null;
            foreach (var f in h.Fills)
            {
                var x = _expressions.Check(f, null);
                fills.Add(x);
                if (x is IterationExpr it && it.Over.Variables.Count == 1 && _expressions.ProjectionReuse == null && fills.Count == 1)
                    _expressions.ProjectionReuse = (it.Over.Variables[0].Source, it.Over.Variables[0].Name);
            }
            _expressions.ProjectionReuse = null;
            var (over, values) = PerObject(fills, "histogram fill");
            if (values == null || !ok) return;

            var title = h.Title ?? h.Name.Name;
            var x0 = new AxisModel(axes[0]!, h.XLabel ?? "");
            if (values.Count == 1)
                _statements.Add(new Histogram1D(h.Span, h.Name.Name, title, x0, h.YLabel ?? "", over, values[0]));
            else
                _statements.Add(new Histogram2D(h.Span, h.Name.Name, title, x0, new AxisModel(axes[1]!, h.YLabel ?? ""), over, values[0], values[1]));
        }

        /// <summary>
        /// Splits fills into one shared iteration (or none) and per-tuple numeric values. Reports and returns null
        /// values when a fill is not numeric or two fills iterate differently.
        /// </summary>
        private (Binder? Over, List<Expr>? Values) PerObject(List<Expr> fills, string role)
        {
            if (fills.Any(f => f.Type.Kind == TypeKind.Error)) return (null, null);
            Binder? over = null;
            var values = new List<Expr>();
            foreach (var f in fills)
            {
                var value = f;
                if (f is IterationExpr it)
                {
                    if (it.Element == null)
                    {
                        _diagnostics.Report(DiagnosticCatalog.FillOfTuples, f.Span, role, it.Type.Element);
                        return (null, null);
                    }
                    if (over != null && !ExpressionEquality.SameIteration(over, it.Over))
                    {
                        _diagnostics.Report(DiagnosticCatalog.FillsIterateDifferently, f.Span, role);
                        return (null, null);
                    }
                    over = it.Over;
                    value = it.Element;
                }
                value = _expressions.RequireNumber(value, role);
                if (value.Type.Kind == TypeKind.Error) return (null, null);
                values.Add(value);
            }
            return (over, values);
        }

        private static SourceSpan Merge(SourceSpan a, SourceSpan b) => new SourceSpan(a.File, a.Line, a.Column, b.EndLine, b.EndColumn);


        /// <summary>
        /// The most cells one histogram may have: bins with under- and overflow, the product of both axes for 2D.
        /// Each cell holds a sum of weights and of squared weights (16 bytes), per worker: 10 million is 160 MB.
        /// </summary>
        public const long MaxHistogramCells = 10_000_000;

        private static long Cells(Binning b) => b switch
        {
            RegularBinning r => (long)r.Bins + 2,
            VariableBinning v => v.Edges.Count + 1,
            _ => 0,
        };

        private void Aggregate(AggregateSyntax a)
        {
            var named = BookName(a.Name);
            if (a.Value == null)
            {
                if (named) _statements.Add(new AggregateStatement(a.Span, a.Name.Name, a.Kind, null, null, a.Title ?? a.Name.Name));
                return;
            }
            var x = _expressions.Check(a.Value, null);
            var (over, values) = PerObject(new List<Expr> { x }, a.Kind.ToString().ToLowerInvariant());
            if (values == null || !named) return;
            _statements.Add(new AggregateStatement(a.Span, a.Name.Name, a.Kind, over, values[0], a.Title ?? a.Name.Name));
        }
    }
}
