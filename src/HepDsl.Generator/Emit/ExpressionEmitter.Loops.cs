using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Iterations: the nested loops of a binder (<c>for j in jets</c>, pairs, products), shared by every quantifier, reduction and best candidate.</summary>
internal sealed partial class ExpressionEmitter
{
    /// <summary>
    /// Writes the loops of <paramref name="binder"/> (i &lt; j &lt; k within one source, or a Cartesian product)
    /// and calls <paramref name="body"/> inside them with the variables bound. A tuple failing the
    /// <c>where</c> clause, or needing a missing value, goes on to the next tuple.
    /// </summary>
    public void Loops(Binder binder, Action body)
    {
        if (binder.Variables.Count < 2 || _scope.CachedFourVectors is not null)
        {
            Loop(binder, 0, null, null, body);
            return;
        }
        // Tuples build each object's four-vector once per tuple it is in (3·C(n,3) times for triples, each with
        // sin, cos and sinh): instead, once per object, just before the loops, into a processor-owned array.
        var mark = W.Mark();
        var cached = new List<string>();
        _scope.CachedFourVectors = cached;
        try { Loop(binder, 0, null, null, body); }
        finally { _scope.CachedFourVectors = null; }
        W.InsertAt(mark, cached.SelectMany(c => FillFourVectors(c, ObjectsPerTuple(binder, c))).ToList());
    }

    /// <summary>
    /// Objects of <paramref name="collection"/> a tuple needs: all its variables when they range over that collection
    /// or a selection of it (i &lt; j &lt; k), else one (a member of a union, or one factor of a product).
    /// </summary>
    private static int ObjectsPerTuple(Binder binder, string collection) =>
        binder.Distinct && binder.Variables[0].Source.Type.Collection == collection ? binder.Variables.Count : 1;

    private void Loop(Binder binder, int depth, Iterable? shared, string? previous, Action body)
    {
        if (depth == binder.Variables.Count)
        {
            var next = _scope.Fresh("next");
            var used = _scope.WithFailLabel(next, () =>
            {
                if (binder.Where is not null) W.Line($"if (!{Value(binder.Where)}) {"goto " + next + ";"}");
                body();
            });
            if (used || binder.Where is not null) W.Line($"{next}: ;");
            return;
        }
        var variable = binder.Variables[depth];
        var source = binder.Distinct ? shared ?? Collection(variable.Source) : Collection(variable.Source);
        var i = _scope.Fresh("i");
        var start = binder.Distinct && previous is not null ? previous + " + 1" : "0";
        var local = _scope.Fresh(variable.Name);
        W.Open($"for (var {i} = {start}; {i} < {source.Count}; {i}++)");
        W.Line($"var {local} = {source.Element(i)};");
        // A product never puts one object in two slots: an object is an int index of its collection, and a union's
        // index is a member's index plus the counts of the members before it.
        if (!binder.Distinct)
            for (var e = 0; e < depth; e++)
                if (SameObject(binder.Variables[e].Source.Type.Collection, _scope.Variables[binder.Variables[e].Name],
                        variable.Source.Type.Collection, local) is { } same)
                    W.Line($"if ({same}) continue;");
        _scope.Bind(variable.Name, local, () => Loop(binder, depth + 1, source, i, body));
        W.Close();
    }
}
