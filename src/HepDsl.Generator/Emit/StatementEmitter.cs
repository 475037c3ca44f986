using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>
/// Writes the body of the per-event method: the statements of the .hep file in order. A failing cut returns
/// from the method (later statements see only passing events); a fill that needs a missing value is skipped.
/// </summary>
internal sealed class StatementEmitter
{
    private readonly EventScope _scope;
    private readonly ExpressionEmitter _expr;
    private readonly Bookings _bookings;

    public StatementEmitter(EventScope scope, Bookings bookings)
    {
        _scope = scope;
        _expr = new ExpressionEmitter(scope);
        _bookings = bookings;
    }

    private CodeWriter W => _scope.Writer;

    public void Emit(Statement statement)
    {
        var file = System.IO.Path.GetFileName(statement.Span.File);
        W.Line($"// {file}({statement.Span.Line}): {Describe(statement)}");
        if (statement.Span.Line > 0) W.MapTo(file, statement.Span.Line);
        try { EmitMapped(statement); }
        finally { W.EndMapping(); }
    }

    private void EmitMapped(Statement statement)
    {
        switch (statement)
        {
            case Definition d: Define(d); break;
            case Weight w:
                // A weight that cannot be computed for this event drops the event.
                W.Begin();
                W.Line($"weight *= {_expr.Value(w.Value)};");
                W.Line($"if (!double.IsFinite(weight)) throw FiniteValues.Error(\"the weight\", weight, _source!, _first + e);");
                W.Close();
                break;
            case Cut c:
                W.Begin();
                W.Line($"if (!{_expr.Value(c.Predicate)}) {_scope.FailStatement()}");
                W.Close();
                W.Line($"{_bookings.NominalOnly}_cutflow.Pass({c.Row + 1}, weight);");
                break;
            case Parser.Model.Histogram1D h:
                Fill(h.Over, () => _bookings.FillCalls(h, _expr.Value(h.X)));
                break;
            case Parser.Model.Histogram2D h:
                Fill(h.Over, () =>
                {
                    var x = _expr.Value(h.X);
                    var y = _expr.Value(h.Y);
                    return _bookings.FillCalls(h, x + ", " + y);
                });
                break;
            case AggregateStatement a:
                Fill(a.Over, () =>
                {
                    if (a.Value is null) return $"{_bookings.NominalOnly}{_bookings.Field(a.Name)}.Add(1.0, weight);";
                    var value = _expr.Value(a.Value);
                    if (a.Value.Type.Kind != TypeKind.Float) return $"{_bookings.NominalOnly}{_bookings.Field(a.Name)}.Add({value}, weight);";
                    // NaN or infinity would make the whole sum or mean NaN: stopped at the event (FiniteValues).
                    var v = _scope.Fresh("value");
                    W.Line($"double {v} = {value};");
                    W.Line($"if (!double.IsFinite({v})) throw FiniteValues.Error(\"the value of {a.Kind.ToString().ToLowerInvariant()} '{a.Name}'\", {v}, _source!, _first + e);");
                    return $"{_bookings.NominalOnly}{_bookings.Field(a.Name)}.Add({v}, weight);";
                });
                break;
            case WeightVariation wv:
            {
                // Weight variations share the nominal pass: their factors are kept here and the fills after this
                // statement also fill each variation's histogram with weight × factor (NaN: factor absent, no fill).
                // A factor computed as NaN or infinite is not an absent one: it stops the run, as a weight does.
                var passes = _bookings.Reach.Names.Where(n => wv.Names.Contains(n.Name)).Select(n => n.Index + 1).ToList();
                var factors = wv.Down is null ? new[] { wv.Up } : new[] { wv.Up, wv.Down };
                W.Open("if (v == 0)");
                for (var i = 0; i < factors.Length; i++)
                {
                    W.Line($"_wf[{passes[i]}] = double.NaN;");
                    var absent = _scope.Fresh("absent_factor");
                    W.Begin();
                    var i1 = i;
                    var used = _scope.WithFailLabel(absent, () =>
                    {
                        W.Line($"_wf[{passes[i1]}] = {_expr.Value(factors[i1])};");
                        W.Line($"if (!double.IsFinite(_wf[{passes[i1]}])) throw FiniteValues.Error(\"the factor of variation '{wv.Names[i1]}'\", _wf[{passes[i1]}], _source!, _first + e);");
                    });
                    W.Close();
                    if (used) W.Line($"{absent}: ;");
                }
                W.Close();
                break;
            }
            case ObjectVariation:
            case RegionStart:
                break; // object variations are applied at the start of the event; regions by the event body
            default:
                throw new NotSupportedException($"statement {statement.GetType().Name}");
        }
    }

    /// <summary>One fill per event, or one per tuple of <paramref name="over"/>; skipped when a value is missing.</summary>
    private void Fill(Binder? over, Func<string> fill)
    {
        if (over is not null)
        {
            W.Begin();
            _expr.Loops(over, () => W.Line(fill()));
            W.Close();
            return;
        }
        var skip = _scope.Fresh("skip");
        W.Begin();
        var used = _scope.WithFailLabel(skip, () => W.Line(fill()));
        W.Close();
        if (used) W.Line($"{skip}: ;");
    }

    private void Define(Definition d)
    {
        var type = d.Value.Type;
        var symbol = new DefinitionSymbol(type);
        var name = _scope.Fresh("d_" + d.Name);
        switch (type.Kind)
        {
            case TypeKind.Collection:
                symbol.Collection = _expr.Collection(d.Value);
                break;
            case TypeKind.Combination:
            {
                symbol.Slots = type.Slots.Select(s => name + "_" + CSharp.Sanitize(s.Name)).ToArray();
                W.Line($"int {string.Join(", ", symbol.Slots.Select(s => s + " = -1"))};");
                Optional(name, () =>
                {
                    var slots = _expr.Combination(d.Value);
                    for (var i = 0; i < slots.Length; i++) W.Line($"{symbol.Slots[i]} = {slots[i]};");
                });
                break;
            }
            case TypeKind.Object:
                symbol.Local = name;
                W.Line($"int {name} = -1;");
                Optional(name, () => W.Line($"{name} = {_expr.Value(d.Value)};"));
                break;
            default:
                symbol.Local = name;
                if (!type.Optional)
                {
                    W.Line($"{CSharp.Type(type)} {name} = {_expr.Value(d.Value)};");
                    break;
                }
                symbol.Presence = "has_" + name;
                W.Line($"{CSharp.Type(type)} {name} = default;");
                W.Line($"var {symbol.Presence} = false;");
                Optional(name, () =>
                {
                    W.Line($"{name} = {_expr.Value(d.Value)};");
                    W.Line($"{symbol.Presence} = true;");
                });
                break;
        }
        _scope.Definitions[d.Name] = symbol;
    }

    /// <summary>Computes a definition in its own block; a missing value leaves it absent.</summary>
    private void Optional(string name, Action body)
    {
        var absent = "absent_" + name;
        W.Begin();
        var used = _scope.WithFailLabel(absent, body);
        W.Close();
        if (used) W.Line($"{absent}: ;");
    }

    private static string Describe(Statement s) => s switch
    {
        Definition d => "let " + d.Name,
        Weight => "weight",
        Cut c => "cut " + CSharpComment(c.Name),
        RegionStart r => "region " + r.Name,
        ObjectVariation o => "variation " + o.Name,
        WeightVariation w => "variation " + w.Name,
        Parser.Model.Histogram1D h => "histogram " + h.Name,
        Parser.Model.Histogram2D h => "histogram " + h.Name,
        AggregateStatement a => a.Kind.ToString().ToLowerInvariant() + " " + a.Name,
        _ => s.GetType().Name,
    };

    private static string CSharpComment(string text) => text.Replace("\n", " ").Replace("\r", " ");
}

/// <summary>Histograms and aggregates in booking order, with the processor fields that fill them.</summary>
internal sealed class Bookings
{
    private readonly Dictionary<string, string> _fields = new();

    public Bookings(AnalysisModel model) : this(model, new VariationReach(model)) { }

    public Bookings(AnalysisModel model, VariationReach reach)
    {
        Reach = reach;
        var pass = 1;
        foreach (var s in model.Statements)
        {
            if (s is ObjectVariation) pass++;
            else if (s is WeightVariation w) foreach (var _ in w.Names) WeightPasses.Add(pass++);
        }
        string region = "";
        foreach (var s in model.Statements)
        {
            switch (s)
            {
                case RegionStart r: region = r.Name; break;
                case Parser.Model.Histogram1D h: Histograms.Add(s); Add(h.Name, "_h_"); Book(s, h.Name, region); break;
                case Parser.Model.Histogram2D h: Histograms.Add(s); Add(h.Name, "_h_"); Book(s, h.Name, region); break;
                case AggregateStatement a: Aggregates.Add(a); Add(a.Name, "_a_"); break;
            }
        }
    }

    public VariationReach Reach { get; }

    /// <summary>True when fills go to one histogram per variation pass (an array indexed by the pass <c>v</c>).</summary>
    public bool Varied => Reach.Count > 0;

    /// <summary>The guard of what only the nominal pass records (cut-flow, aggregates): empty when nothing is varied.</summary>
    public string NominalOnly => Varied ? "if (v == 0) " : "";

    /// <summary>Every booked histogram in result order: the nominal of each .hep histogram, then one per variation reaching it.</summary>
    public List<(Statement Histogram, int Pass, string Name, string Region, string Observable, string Variation)> Booked { get; } = new();

    private void Book(Statement h, string name, string region)
    {
        Booked.Add((h, 0, name, region, name, "nominal"));
        foreach (var pass in Reach.Reaching(h))
        {
            var variation = Reach.Names[pass - 1].Name;
            Booked.Add((h, pass, name + "_" + variation, region, name, variation));
        }
    }

    /// <summary>Pass numbers of weight variations: filled during the nominal pass, never run as passes of their own.</summary>
    public HashSet<int> WeightPasses { get; } = new();

    /// <summary>Pass numbers run as event passes after the nominal: the object variations.</summary>
    public IEnumerable<int> EventPasses => Enumerable.Range(1, Reach.Count).Where(p => !WeightPasses.Contains(p));

    /// <summary>
    /// The fill of histogram <paramref name="h"/> with <paramref name="args"/> (x or "x, y"): the histogram, or this
    /// pass's one (skipped when the pass cannot change it); in the nominal pass also every weight variation reaching
    /// it, with the weight times the variation's factor.
    /// </summary>
    public string FillCalls(Statement h, string args)
    {
        var name = h is Parser.Model.Histogram1D h1 ? h1.Name : ((Parser.Model.Histogram2D)h).Name;
        var field = _fields[name];
        if (!Varied) return $"{field}.Fill({args}, weight);";
        var weightPasses = Booked.Where(b => ReferenceEquals(b.Histogram, h) && WeightPasses.Contains(b.Pass)).Select(b => b.Pass).ToList();
        if (weightPasses.Count == 0) return $"{field}[v]?.Fill({args}, weight);";
        var dims = h is Parser.Model.Histogram2D ? 2 : 1;
        var locals = dims == 1 ? "var fill_x = " + args + ";" : "var (fill_x, fill_y) = (" + args + ");";
        var values = dims == 1 ? "fill_x" : "fill_x, fill_y";
        var extra = string.Concat(weightPasses.Select(p => $" if (_wf[{p}] == _wf[{p}]) {field}[{p}]!.Fill({values}, weight * _wf[{p}]);"));
        return $"{{ {locals} {field}[v]?.Fill({values}, weight); if (v == 0) {{{extra} }} }}";
    }

    public List<Statement> Histograms { get; } = new();
    public List<AggregateStatement> Aggregates { get; } = new();

    public string Field(string name) => _fields[name];

    private void Add(string name, string prefix)
    {
        var field = prefix + CSharp.Sanitize(name);
        for (var i = 2; _fields.ContainsValue(field); i++) field = prefix + CSharp.Sanitize(name) + "_" + i;
        _fields[name] = field;
    }
}
