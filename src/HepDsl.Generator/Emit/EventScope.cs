using System;
using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Objects of a collection value: how many there are and the object index at a position.</summary>
internal sealed class Iterable
{
    public Iterable(string count, Func<string, string> element)
    {
        Count = count;
        Element = element;
    }

    public string Count { get; }
    public Func<string, string> Element { get; }
}

/// <summary>An event-level definition (<c>let</c>) as emitted: the locals that hold it.</summary>
internal sealed class DefinitionSymbol
{
    public DefinitionSymbol(HepType type) => Type = type;

    public HepType Type { get; }
    /// <summary>Scalar, four-vector or object definitions: the local.</summary>
    public string? Local { get; set; }
    /// <summary>Optional scalar or four-vector definitions: the bool local saying it is present.</summary>
    public string? Presence { get; set; }
    public Iterable? Collection { get; set; }
    /// <summary>Combination definitions: one object local per slot (-1 when absent).</summary>
    public string[]? Slots { get; set; }
}

/// <summary>
/// Where a missing (optional) value sends control: out of the event for cuts, past the statement for fills,
/// to the next tuple inside a loop. A stack, innermost on top; <see cref="Used"/> says whether a label is needed.
/// </summary>
internal sealed class FailTarget
{
    private FailTarget(string statement, string? label)
    {
        Statement = statement;
        Label = label;
    }

    public string Statement { get; }
    public string? Label { get; }
    public bool Used { get; private set; }

    public static FailTarget Return() => new("return;", null);
    public static FailTarget GoTo(string label) => new("goto " + label + ";", label);

    public string Use()
    {
        Used = true;
        return Statement;
    }
}

/// <summary>Shared state while emitting one event method: writer, names, definitions, bound variables, fail targets.</summary>
internal sealed class EventScope
{
    private readonly Dictionary<string, int> _counters = new();
    private readonly Stack<FailTarget> _fail = new();

    public EventScope(CodeWriter writer, AnalysisModel model, Columns columns)
    {
        Writer = writer;
        Model = model;
        Columns = columns;
        foreach (var c in model.Collections) Collections[c.Name] = c;
        _fail.Push(FailTarget.Return());
    }

    public CodeWriter Writer { get; }
    public AnalysisModel Model { get; }
    public Columns Columns { get; }
    public Dictionary<string, CollectionModel> Collections { get; } = new();
    public Dictionary<string, DefinitionSymbol> Definitions { get; } = new();
    /// <summary>Bound variable → the C# local holding its object index.</summary>
    public Dictionary<string, string> Variables { get; } = new();
    /// <summary>Processor-owned index lists the event method fills (one per selection or sorting).</summary>
    public List<string> Lists { get; } = new();
    /// <summary>Processor-owned four-vector arrays, by collection: filled before combination loops (see ExpressionEmitter.Loops).</summary>
    public SortedDictionary<string, string> FourVectorArrays { get; } = new(StringComparer.Ordinal);
    /// <summary>While combination loops are written: the collections whose cached four-vectors they read.</summary>
    public List<string>? CachedFourVectors { get; set; }

    /// <summary>A new local or label name: <c>{stem}{n}</c>.</summary>
    public string Fresh(string stem)
    {
        stem = CSharp.Sanitize(stem);
        _counters.TryGetValue(stem, out var n);
        _counters[stem] = ++n;
        return stem + "_" + n;
    }

    public string NewList()
    {
        var name = "_list" + (Lists.Count + 1);
        Lists.Add(name);
        return name;
    }

    public CollectionModel Collection(string name) =>
        Collections.TryGetValue(name, out var c) ? c : throw new InvalidOperationException($"collection '{name}' is not in the model");

    /// <summary>Emits <c>if (absent) fail</c> for the innermost fail target.</summary>
    public void FailIf(string absentCondition)
    {
        var line = $"if ({absentCondition}) {_fail.Peek().Use()}";
        // The same optional value read twice in one statement needs one check.
        if (Writer.LastLine != line) Writer.Line(line);
    }

    /// <summary>Runs <paramref name="body"/> with missing values jumping to <paramref name="label"/>; true if any did.</summary>
    public bool WithFailLabel(string label, Action body)
    {
        var target = FailTarget.GoTo(label);
        _fail.Push(target);
        try { body(); }
        finally { _fail.Pop(); }
        return target.Used;
    }

    /// <summary>What a failing cut does here: leave the event, or (inside a region) skip to the region's end.</summary>
    public string FailStatement() => _fail.Peek().Use();

    /// <summary>Varied stored fields ("Collection.field") → the processor field holding this pass's values (null when not varied in it).</summary>
    public Dictionary<string, string> VariedFields { get; } = new();

    private int _draws;
    /// <summary>The draw number of the next normal() in an object variation's value (0, 1, ... per variation).</summary>
    public int NextDraw() => _draws++;
    public void ResetDraws() => _draws = 0;

    public void WithFailReturn(Action body)
    {
        _fail.Push(FailTarget.Return());
        try { body(); }
        finally { _fail.Pop(); }
    }

    /// <summary>Binds a .hep variable to a C# local for the duration of <paramref name="body"/>.</summary>
    public void Bind(string variable, string local, Action body)
    {
        var had = Variables.TryGetValue(variable, out var previous);
        Variables[variable] = local;
        try { body(); }
        finally
        {
            if (had) Variables[variable] = previous!;
            else Variables.Remove(variable);
        }
    }

    /// <summary>The per-event count local of a source or union collection.</summary>
    public static string CountOf(string collection) => "n_" + CSharp.Sanitize(collection);
}
