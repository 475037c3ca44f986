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
                W.Line($"if (!{_expr.Value(c.Predicate)}) return;");
                W.Close();
                W.Line($"_cutflow.Pass({c.Row + 1}, weight);");
                break;
            case Parser.Model.Histogram1D h:
                Fill(h.Over, () => $"{_bookings.Field(h.Name)}.Fill({_expr.Value(h.X)}, weight);");
                break;
            case Parser.Model.Histogram2D h:
                Fill(h.Over, () =>
                {
                    var x = _expr.Value(h.X);
                    var y = _expr.Value(h.Y);
                    return $"{_bookings.Field(h.Name)}.Fill({x}, {y}, weight);";
                });
                break;
            case AggregateStatement a:
                Fill(a.Over, () =>
                {
                    if (a.Value is null) return $"{_bookings.Field(a.Name)}.Add(1.0, weight);";
                    var value = _expr.Value(a.Value);
                    if (a.Value.Type.Kind != TypeKind.Float) return $"{_bookings.Field(a.Name)}.Add({value}, weight);";
                    // NaN or infinity would make the whole sum or mean NaN: stopped at the event (FiniteValues).
                    var v = _scope.Fresh("value");
                    W.Line($"double {v} = {value};");
                    W.Line($"if (!double.IsFinite({v})) throw FiniteValues.Error(\"the value of {a.Kind.ToString().ToLowerInvariant()} '{a.Name}'\", {v}, _source!, _first + e);");
                    return $"{_bookings.Field(a.Name)}.Add({v}, weight);";
                });
                break;
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

    public Bookings(AnalysisModel model)
    {
        foreach (var s in model.Statements)
        {
            switch (s)
            {
                case Parser.Model.Histogram1D h: Histograms.Add(s); Add(h.Name, "_h_"); break;
                case Parser.Model.Histogram2D h: Histograms.Add(s); Add(h.Name, "_h_"); break;
                case AggregateStatement a: Aggregates.Add(a); Add(a.Name, "_a_"); break;
            }
        }
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
