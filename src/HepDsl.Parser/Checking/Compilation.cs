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
    /// <summary>
    /// One compilation: parses the main file and its imports in order, checks every statement against what was
    /// declared before it, and assembles the model from what the statements actually read.
    /// </summary>
    internal sealed class Compilation
    {
        private readonly string _mainFile;
        private readonly Func<string, string?> _readImport;
        private readonly DiagnosticBag _diagnostics = new DiagnosticBag();
        private readonly SymbolTable _symbols;
        private readonly ExprChecker _expressions;
        private readonly DeclarationChecker _declarations;
        private readonly List<Statement> _statements = new List<Statement>();
        private readonly Dictionary<string, SourceSpan> _bookedNames = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        private readonly Dictionary<string, SourceSpan> _cutNames = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _importStack = new List<string>();
        private string? _name;
        private string _title = "";
        private SourceSpan? _analysisSpan;
        private string? _tree;
        private SourceSpan? _treeSpan;

        // The schema never changes: parse it once (syntax trees are immutable).
        private static readonly Lazy<IReadOnlyList<StatementSyntax>> NanoAodSyntax = new Lazy<IReadOnlyList<StatementSyntax>>(() =>
        {
            var bag = new DiagnosticBag();
            var parsed = SyntaxParser.ParseFile(NanoAodSchema.FileName, NanoAodSchema.Text, bag);
            if (bag.HasErrors) throw new InvalidOperationException("the built-in NanoAOD schema does not parse: " + bag.Items[0]);
            return parsed;
        });

        private Compilation(string mainFile, Func<string, string?> readImport)
        {
            _mainFile = mainFile;
            _readImport = readImport;
            _symbols = new SymbolTable(_diagnostics);
            _expressions = new ExprChecker(_symbols);
            _declarations = new DeclarationChecker(_symbols, _expressions);
        }

        public static CompileResult Run(string path, string text, Func<string, string?> readImport, Action<ExpressionInfo>? observer = null)
        {
            var c = new Compilation(path, readImport);
            c._expressions.Observer = observer;
            // Texts handed over already read (the generator's additional files) are held to the same limit.
            if (text.Length > SourceFiles.MaxBytes)
                c._diagnostics.Error(DiagnosticIds.BadSourceFile, new SourceSpan(path, 1, 1, 1, 2), SourceFiles.TooLarge(path, text.Length));
            else c.ProcessFile(path, text);
            var model = c.Finish();
            // Sorted by place (stable): parse errors and checking errors of one file read top to bottom.
            var ordered = c._diagnostics.Items.Select((d, i) => (d, i))
                .OrderBy(x => x.d.File == path ? 0 : 1).ThenBy(x => x.d.File, StringComparer.Ordinal)
                .ThenBy(x => x.d.Line).ThenBy(x => x.d.Column).ThenBy(x => x.i).Select(x => x.d);
            return new CompileResult(c._diagnostics.HasErrors ? null : model, ordered.ToEquatableArray());
        }

        private void ProcessFile(string path, string text)
        {
            _done.Add(path);
            _importStack.Add(path);
            var statements = path == NanoAodSchema.FileName ? NanoAodSyntax.Value : SyntaxParser.ParseFile(path, text, _diagnostics);
            foreach (var statement in statements)
                Process(statement);
            _importStack.RemoveAt(_importStack.Count - 1);
        }

        private void Process(StatementSyntax statement)
        {
            switch (statement)
            {
                case AnalysisSyntax a:
                    if (_analysisSpan != null)
                        _diagnostics.Error(DiagnosticIds.DuplicateHeader, a.Span, $"the analysis is already named '{_name}' at {_analysisSpan}");
                    else { _name = a.Name; _title = a.Title ?? ""; _analysisSpan = a.Span; }
                    break;
                case TreeSyntax t:
                    if (_tree != null && _tree != t.Name)
                        _diagnostics.Error(DiagnosticIds.DuplicateHeader, t.Span, $"the tree is already '{_tree}' at {_treeSpan}; an analysis reads one tree");
                    else if (_tree == null) { _tree = t.Name; _treeSpan = t.Span; }
                    break;
                case UseSyntax u: Use(u); break;
                case ImportSyntax i: Import(i); break;
                case BranchSyntax b: _declarations.Branches(b); break;
                case CollectionSyntax c: _declarations.Collection(c); break;
                case ObjectSyntax o: _declarations.Object(o); break;
                case UnionSyntax u: _declarations.Union(u); break;
                case DefineSyntax d: _declarations.Define(d); break;
                case LetSyntax l: Let(l); break;
                case WeightSyntax w:
                {
                    var value = _expressions.CheckNumber(w.Value, null, "weight");
                    // An event without a weight would vanish from every row of the cut flow, "all events" included.
                    if (value.Type.Kind != TypeKind.Error && value.Type.Optional)
                        _diagnostics.Error(DiagnosticIds.OptionalWeight, w.Value.Span, $"the weight is {value.Type}: it may be absent in some events (it uses an object that may not be there), and every event needs a weight; build it from values every event has (branches, counts, sums over collections)");
                    else if (value.Type.Kind != TypeKind.Error) _statements.Add(new Weight(w.Span, value));
                    break;
                }
                case CutSyntax c: Cut(c); break;
                case HistogramSyntax h: Histogram(h); break;
                case AggregateSyntax a: Aggregate(a); break;
                case RegionSyntax r: Region(r); break;
                case VariationSyntax v: Variation(v); break;
                case FunctionSyntax f: Function(f); break;
            }
        }

        // ------------------------------------------------------------------ files

        private void Use(UseSyntax u)
        {
            if (u.Schema != "nanoaod")
            {
                _diagnostics.Error(DiagnosticIds.UnknownSchema, u.Span, $"unknown schema '{u.Schema}'; expected 'nanoaod'" + Suggestions.For(u.Schema, new[] { "nanoaod" }));
                return;
            }
            if (_done.Contains(NanoAodSchema.FileName)) return;
            ProcessFile(NanoAodSchema.FileName, NanoAodSchema.Text);
        }

        private void Import(ImportSyntax i)
        {
            var from = _importStack[_importStack.Count - 1];
            var resolved = Syntax.ImportPaths.Resolve(from, i.Path);
            if (_importStack.Contains(resolved))
            {
                var cycle = _importStack.Skip(_importStack.IndexOf(resolved)).Select(Path.GetFileName).Concat(new[] { Path.GetFileName(resolved) });
                _diagnostics.Error(DiagnosticIds.ImportCycle, i.Span, "import cycle: " + string.Join(" -> ", cycle));
                return;
            }
            if (_done.Contains(resolved)) return; // each file is imported once
            if (!resolved.EndsWith(".hep", StringComparison.OrdinalIgnoreCase))
            {
                _diagnostics.Error(DiagnosticIds.BadSourceFile, i.Span, $"cannot import \"{i.Path}\": an import names a .hep file");
                return;
            }
            string? text;
            try { text = _readImport(resolved); }
            catch (BadSourceFileException bad)
            {
                _diagnostics.Error(DiagnosticIds.BadSourceFile, i.Span, $"cannot import \"{i.Path}\": {bad.Message}");
                return;
            }
            if (text != null && text.Length > SourceFiles.MaxBytes)
            {
                _diagnostics.Error(DiagnosticIds.BadSourceFile, i.Span, $"cannot import \"{i.Path}\": {SourceFiles.TooLarge(resolved, text.Length)}");
                return;
            }
            if (text == null)
            {
                _diagnostics.Error(DiagnosticIds.ImportNotFound, i.Span, $"cannot import \"{i.Path}\": no file {resolved}");
                return;
            }
            ProcessFile(resolved, text);
        }


        // ------------------------------------------------------------------ event statements

        private void Let(LetSyntax l)
        {
            var value = _expressions.Check(l.Value, null);
            var type = value.Type;
            if (type.Kind == TypeKind.Values)
            {
                _diagnostics.Error(DiagnosticIds.PerObjectMisuse, l.Value.Span, $"cannot name per-object values ({type}); name the collection instead (let x = Jet with ...) and read its field where it is used");
                type = HepType.Error;
            }
            if (_declarations.ClaimName(l.Name))
            {
                _symbols.Definitions[l.Name.Name] = new DefinitionSymbol(l.Name.Name, type, l.Span);
                if (_region != null) _regionDefinitions.Add(l.Name.Name);
            }
            if (type.Kind != TypeKind.Error) _statements.Add(new Definition(l.Span, l.Name.Name, value));
        }

        // ------------------------------------------------------------------ regions and variations

        private string? _region;
        // The presence proofs of the common selection (cuts before the first region); -1 before any region.
        private int _commonProofs = -1;
        private readonly List<string> _regionDefinitions = new List<string>();
        private readonly Dictionary<string, SourceSpan> _regions = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        private readonly Dictionary<string, SourceSpan> _variations = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);

        private void Function(FunctionSyntax f)
        {
            ElementType? Type(NameToken t)
            {
                if (TypeNames.ByName.TryGetValue(t.Name, out var type)) return type;
                _diagnostics.Error(DiagnosticIds.UnknownType, t.Span, $"unknown type '{t.Name}'; expected bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32 or float64" + Suggestions.For(t.Name, TypeNames.ByName.Keys));
                return null;
            }
            var ret = Type(f.ReturnType);
            var ps = f.Parameters.Select(p => Type(p.Type)).ToList();
            if (ret == null || ps.Any(p => p == null)) return;
            if (Builtins.Scalar.ContainsKey(f.Name.Name) || Builtins.Special.Contains(f.Name.Name))
            {
                _diagnostics.Error(DiagnosticIds.DuplicateName, f.Name.Span, $"'{f.Name.Name}' is a built-in function; name the C# function otherwise");
                return;
            }
            if (_symbols.Functions.TryGetValue(f.Name.Name, out var previous))
            {
                _diagnostics.Error(DiagnosticIds.DuplicateName, f.Name.Span, $"a function named '{f.Name.Name}' is already declared at {previous.Span}");
                return;
            }
            _symbols.Functions[f.Name.Name] = new FunctionSymbol(f.Name.Name, ret.Value, ps.Select(p => p!.Value).ToList(), f.Method.Name, f.Span);
        }

        private void Region(RegionSyntax r)
        {
            if (_regions.TryGetValue(r.Name.Name, out var previous))
            {
                _diagnostics.Error(DiagnosticIds.DuplicateName, r.Name.Span, $"a region named '{r.Name.Name}' is already at {previous}");
                return;
            }
            _regions[r.Name.Name] = r.Span;
            // A region sees the common statements and its own; the previous region's lets (so another region may
            // reuse their names) and what its cuts proved present end with it.
            foreach (var name in _regionDefinitions) _symbols.Definitions.Remove(name);
            _regionDefinitions.Clear();
            if (_commonProofs < 0) _commonProofs = _expressions.ProofCount;
            else _expressions.ForgetProofsAfter(_commonProofs);
            _region = r.Name.Name;
            _statements.Add(new RegionStart(r.Span, r.Name.Name, r.Title ?? r.Name.Name));
        }

        private bool ClaimVariation(NameToken name, IEnumerable<string> names)
        {
            foreach (var n in names)
            {
                if (n == "nominal")
                {
                    _diagnostics.Error(DiagnosticIds.BadVariation, name.Span, "'nominal' names the unvaried histograms; choose another variation name");
                    return false;
                }
                if (_variations.TryGetValue(n, out var previous))
                {
                    _diagnostics.Error(DiagnosticIds.DuplicateName, name.Span, $"a variation named '{n}' is already at {previous}");
                    return false;
                }
            }
            foreach (var n in names) _variations[n] = name.Span;
            return true;
        }

        private void Variation(VariationSyntax v)
        {
            var samples = v.Samples.Select(s => s.Name).ToEquatableArray();
            if (_region != null)
            {
                _diagnostics.Error(DiagnosticIds.BadVariation, v.Span, $"a variation applies to every region: declare it before the first region (this one is inside region '{_region}')");
                return;
            }
            if (v.Up != null)
            {
                var up = _expressions.CheckNumber(v.Up, null, "weight variation");
                var down = v.Down == null ? null : _expressions.CheckNumber(v.Down, null, "weight variation");
                // A factor may be absent (jets[3] after a cut on four jets is always there, but the type cannot know):
                // an event without it is dropped from that variation's pass, like a cut that needs a missing value.
                if (up.Type.Kind == TypeKind.Error || (down != null && down.Type.Kind == TypeKind.Error)) return;
                var names = down == null ? new[] { v.Name.Name } : new[] { v.Name.Name + "_up", v.Name.Name + "_down" };
                if (ClaimVariation(v.Name, names)) _statements.Add(new WeightVariation(v.Span, v.Name.Name, samples, up, down));
                return;
            }
            // An object variation: every later statement sees the varied field, so it comes before them.
            var firstEvent = _statements.FirstOrDefault(s => !(s is ObjectVariation));
            if (firstEvent != null)
            {
                _diagnostics.Error(DiagnosticIds.BadVariation, v.Span, $"an object variation changes what every statement sees: declare it before the first event statement (at {firstEvent.Span})");
                return;
            }
            if (!_symbols.Collections.TryGetValue(v.Collection!.Name, out var c))
            {
                _diagnostics.Error(DiagnosticIds.UnknownName, v.Collection.Span, $"unknown collection '{v.Collection.Name}'" + Suggestions.For(v.Collection.Name, _symbols.Collections.Keys));
                return;
            }
            if (c.Kind != CollectionKind.Source || !c.FieldsByName.TryGetValue(v.Field!.Name, out var field) || field.Branch == null)
            {
                _diagnostics.Error(DiagnosticIds.BadVariation, v.Field!.Span, c.Kind != CollectionKind.Source
                    ? $"'{c.Name}' is not a collection read from branches; vary a field of a source collection (like Jet.pt)"
                    : $"'{c.Name}' has no stored field '{v.Field.Name}' to vary" + Suggestions.For(v.Field.Name, c.Fields.Where(f => f.Branch != null).Select(f => f.Name)));
                return;
            }
            var variable = _symbols.FreshVariable("it");
            _expressions.AllowRandom = true;
            _expressions.UsedRandom = false;
            var value = _expressions.Check(v.Value!, new Scope(null, "it", variable, HepType.ObjectOf(c.Name), true));
            _expressions.AllowRandom = false;
            var random = _expressions.UsedRandom;
            _expressions.UsedRandom = false;
            if (value.Type.Kind == TypeKind.Error) return;
            value = _expressions.RequireNumber(value, "varied field");
            if (value.Type.Kind == TypeKind.Error) return;
            if (value.Type.Optional)
            {
                _diagnostics.Error(DiagnosticIds.TypeMismatch, v.Value!.Span, $"the varied field must have a value for every object, but this is {value.Type}");
                return;
            }
            var identity = new List<Expr>();
            if (random)
            {
                foreach (var name in new[] { "run", "luminosityBlock", "event" })
                {
                    if (!_symbols.Branches.ContainsKey(name))
                    {
                        _diagnostics.Error(DiagnosticIds.BadVariation, v.Value!.Span, $"normal() is seeded by the event identity (run, luminosityBlock, event), but there is no branch '{name}'; declare it (branch uint64 event) or use nanoaod");
                        return;
                    }
                    identity.Add(_expressions.Check(new NameSyntax(v.Value!.Span, name), null));
                }
            }
            _symbols.Usage.Field(c.Name, field.Name);
            if (ClaimVariation(v.Name, new[] { v.Name.Name }))
                _statements.Add(new ObjectVariation(v.Span, v.Name.Name, samples, c.Name, field.Name, variable, value, identity.ToEquatableArray()));
        }

        private void Cut(CutSyntax c)
        {
            var predicate = _expressions.CheckBool(c.Predicate, null, "cut");
            var key = (_region == null ? "" : _region + ": ") + c.Name.Name;
            if (_cutNames.TryGetValue(key, out var previous))
            {
                _diagnostics.Error(DiagnosticIds.DuplicateName, c.Name.Span, $"a cut named \"{c.Name.Name}\" is already at {previous}");
                return;
            }
            _cutNames[key] = c.Span;
            if (predicate.Type.Kind == TypeKind.Error) return;
            _statements.Add(new Cut(c.Span, c.Name.Name, _cutNames.Count - 1, predicate));
            _expressions.ProvePresentFromNowOn(predicate);
        }

        private bool BookName(NameToken name)
        {
            if (_bookedNames.TryGetValue(name.Name, out var previous))
            {
                _diagnostics.Error(DiagnosticIds.DuplicateName, name.Span, $"a histogram or aggregate named '{name.Name}' is already at {previous}");
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
                _diagnostics.Error(DiagnosticIds.BadHistogramShape, h.Name.Span, $"histogram '{h.Name.Name}': expected one fill expression (1D) or two (2D) but got {h.Fills.Count}");
                return;
            }
            if (h.Binnings.Count != h.Fills.Count)
            {
                _diagnostics.Error(DiagnosticIds.BadHistogramShape, h.Binnings.Count > 0 ? h.Binnings[h.Binnings.Count - 1].Span : h.Name.Span,
                    $"histogram '{h.Name.Name}': expected {h.Fills.Count} binning{(h.Fills.Count == 1 ? "" : "s")} (like '100 bins from 0 to 200' or 'edges [0, 10, 50]') for {h.Fills.Count} fill expression{(h.Fills.Count == 1 ? "" : "s")} but got {h.Binnings.Count}");
                ok = false;
            }
            var axes = h.Binnings.Select(Binning).ToList();
            if (axes.Any(a => a == null)) ok = false;
            else if (axes.Count > 0)
            {
                var cells = axes.Aggregate(1.0, (n, a) => n * Cells(a!));
                if (cells > MaxHistogramCells)
                {
                    _diagnostics.Error(DiagnosticIds.HistogramTooLarge, Merge(h.Binnings[0].Span, h.Binnings[h.Binnings.Count - 1].Span),
                        Invariant($"histogram '{h.Name.Name}' has {cells:N0} cells ({string.Join(" x ", axes.Select(a => Cells(a!).ToString("N0", CultureInfo.InvariantCulture)))}, under- and overflow included); ")
                        + Invariant($"a histogram may have at most {MaxHistogramCells:N0}"));
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
                    _expressions.ProjectionReuse = (ModelPrinter.Expression(it.Over.Variables[0].Source), it.Over.Variables[0].Name);
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
                        _diagnostics.Error(DiagnosticIds.PerObjectMisuse, f.Span, $"{role}: expected numbers but got the tuples {it.Type.Element}; write 'VALUE for pair (a, b) in ...'");
                        return (null, null);
                    }
                    if (over != null && ModelPrinter.BinderText(over) != ModelPrinter.BinderText(it.Over))
                    {
                        _diagnostics.Error(DiagnosticIds.PerObjectMisuse, f.Span, $"{role}: both fills must run over the same objects (like Jet.pt and Jet.eta); this one iterates differently");
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

        private static SourceSpan Merge(SourceSpan a, SourceSpan b) => new SourceSpan(a.File, a.Line, a.Column, b.EndLine, b.EndColumn);

        private static bool IsFinite(double x) => !double.IsNaN(x) && !double.IsInfinity(x);

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

        // ------------------------------------------------------------------ model

        private AnalysisModel? Finish()
        {
            if (_tree == null)
                _diagnostics.Error(DiagnosticIds.MissingTree, new SourceSpan(_mainFile, 1, 1, 1, 2), "missing 'tree NAME': the analysis must say which tree it reads (for NanoAOD: tree Events)");
            if (!_statements.Any(s => s is Histogram1D || s is Histogram2D || s is AggregateStatement) && !_diagnostics.HasErrors)
                _diagnostics.Warning(DiagnosticIds.EmptyAnalysis, new SourceSpan(_mainFile, 1, 1, 1, 2), "the analysis books no histogram or aggregate; only the cut flow will be filled");
            if (_diagnostics.HasErrors) return null;
            return ModelAssembler.Assemble(_name ?? DefaultName(_mainFile), _title, _mainFile, _tree!, _symbols, _statements);
        }

        /// <summary>The file name without extension, made a C# identifier.</summary>
        public static string DefaultName(string path)
        {
            var name = Path.GetFileNameWithoutExtension(path.Replace('\\', '/'));
            var chars = name.Select(ch => char.IsLetterOrDigit(ch) || ch == '_' ? ch : '_').ToArray();
            var s = new string(chars);
            if (s.Length == 0 || char.IsDigit(s[0])) s = "_" + s;
            return s;
        }
    }
}
