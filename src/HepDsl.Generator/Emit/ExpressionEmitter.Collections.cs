using System;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Collection and combination values: all objects, a selection (<c>with</c>) or sorting filled into an index list, or a best combination's slots.</summary>
internal sealed partial class ExpressionEmitter
{
    /// <summary>A combination value as one object local per slot, checked present.</summary>
    public string[] Combination(Expr e)
    {
        switch (e)
        {
            case Best best: return Best(best);
            case DefinitionRef d:
                var symbol = Definition(d.Name);
                var slots = symbol.Slots ?? throw new NotSupportedException($"definition '{d.Name}' is not a combination");
                if (symbol.Type.Optional) _scope.FailIf(slots[0] + " < 0");
                return slots;
            default:
                throw new NotSupportedException($"{e.GetType().Name} as a combination at {e.Span}");
        }
    }

    /// <summary>A collection value: all objects of a collection, or a selection/sorting filled into an index list.</summary>
    public Iterable Collection(Expr e)
    {
        switch (e)
        {
            case CollectionRef c:
                return new Iterable(EventScope.CountOf(c.Collection), i => i);
            case DefinitionRef d:
                return Definition(d.Name).Collection ?? throw new NotSupportedException($"definition '{d.Name}' is not a collection");
            case Filter f:
            {
                var source = Collection(f.Source);
                var list = _scope.NewList();
                W.Line($"{list}.Clear();");
                var i = _scope.Fresh("i");
                var local = _scope.Fresh(f.Variable);
                W.Open($"for (var {i} = 0; {i} < {source.Count}; {i}++)");
                W.Line($"var {local} = {source.Element(i)};");
                _scope.Bind(f.Variable, local, () =>
                {
                    var keep = Predicate(f.Predicate);
                    W.Line($"if ({keep}) {list}.Add({local});");
                });
                W.Close();
                return ListIterable(list);
            }
            case Sort s:
            {
                var source = Collection(s.Source);
                var list = _scope.NewList();
                W.Line($"{list}.Clear();");
                var i = _scope.Fresh("i");
                var local = _scope.Fresh(s.Variable);
                var next = _scope.Fresh("next");
                W.Open($"for (var {i} = 0; {i} < {source.Count}; {i}++)");
                W.Line($"var {local} = {source.Element(i)};");
                // An object whose key is missing is left out of the sorted list.
                var used = _scope.WithFailLabel(next, () =>
                    _scope.Bind(s.Variable, local, () => W.Line($"{list}.Add({local}, {Value(s.Key)});")));
                if (used) W.Line($"{next}: ;");
                W.Close();
                W.Line($"{list}.SortByKey(descending: {(s.Descending ? "true" : "false")});");
                return ListIterable(list);
            }
            default:
                throw new NotSupportedException($"{e.GetType().Name} as a collection at {e.Span}");
        }
    }

    private static Iterable ListIterable(string list) => new($"{list}.Count", i => $"{list}[{i}]");
}
