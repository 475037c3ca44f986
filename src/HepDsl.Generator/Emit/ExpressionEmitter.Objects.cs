using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Objects, their fields and their identity: an object is an <c>int</c> index into its collection; a union numbers its members end to end.</summary>
internal sealed partial class ExpressionEmitter
{
    private string Field(FieldAccess f)
    {
        var collection = _scope.Collection(f.Collection);
        if (collection is SingletonCollection singleton) return MemberField(singleton, f.Field, "0", f.Type);
        var obj = Object(f.Target);
        switch (collection)
        {
            case SourceCollection source:
                return MemberField(source, f.Field, obj, f.Type);
            case UnionCollection union:
                if (f.Field == "flavour") return "(long)" + UnionChoice(union, obj, (k, _) => CSharp.Int(k));
                return UnionChoice(union, obj, (k, local) => MemberField(_scope.Collection(union.Members[k]), f.Field, local, f.Type));
            default:
                throw new NotSupportedException($"field access on {collection.GetType().Name}");
        }
    }

    /// <summary>Field <paramref name="field"/> of object <paramref name="obj"/> of a source or singleton collection, as <paramref name="type"/>.</summary>
    private string MemberField(CollectionModel collection, string field, string obj, HepType type)
    {
        if (field == "index") return collection is SingletonCollection ? "0L" : $"(long){obj}";
        var model = collection.Fields.FirstOrDefault(x => x.Name == field)
            ?? throw new InvalidOperationException($"collection '{collection.Name}' has no field '{field}' in the model");
        if (model.IsStored)
        {
            var column = _scope.Columns[model.Branch!];
            var at = column.IsJagged ? $"{column.Buffer}.Values[{column.Offset} + {obj}]" : $"{column.Buffer}.Values[e]";
            var stored = CSharp.Convert(at, model.StoredAs!.Value, type.AsRequired());
            if (_scope.VariedFields.TryGetValue(collection.Name + "." + field, out var varied))
                return $"({varied} != null ? ({CSharp.Type(type.AsRequired())}){varied}[{obj}] : {stored})";
            return stored;
        }
        // A derived field: its definition, with its variable bound to this object.
        string value = "";
        _scope.Bind(model.Variable!, obj, () => value = Value(model.Definition!));
        return type.Kind == TypeKind.Float && model.Type.Kind == TypeKind.Int ? "(double)" + value : value;
    }

    /// <summary>
    /// A union object is one index over its members laid end to end (all electrons, then all muons): picks the
    /// member and the index within it.
    /// </summary>
    private string UnionChoice(UnionCollection union, string obj, Func<int, string, string> member)
    {
        var text = "";
        var start = new List<string>();
        for (var k = 0; k < union.Members.Count; k++)
        {
            var offset = start.Count == 0 ? "" : " - " + Sum(start);
            var local = start.Count == 0 ? obj : $"({obj}{offset})";
            var choice = member(k, local);
            start.Add(EventScope.CountOf(union.Members[k]));
            text += k == union.Members.Count - 1 ? choice : $"{obj} < {Sum(start)} ? {choice} : ";
        }
        return "(" + text + ")";
    }

    private static string Sum(List<string> terms) => terms.Count == 1 ? terms[0] : "(" + string.Join(" + ", terms) + ")";

    private string Index(IndexAccess ix)
    {
        var source = Collection(ix.Source);
        var index = Hoist(Value(ix.Index), "long", "at");
        var obj = _scope.Fresh("obj");
        W.Line($"int {obj} = {index} >= 0 && {index} < {source.Count} ? {source.Element($"(int){index}")} : -1;");
        _scope.FailIf(obj + " < 0");
        return obj;
    }

    private string Exists(Exists x)
    {
        var present = _scope.Fresh("exists");
        var absent = _scope.Fresh("absent");
        W.Line($"var {present} = false;");
        W.Begin();
        var used = _scope.WithFailLabel(absent, () =>
        {
            switch (x.Operand.Type.Kind)
            {
                case TypeKind.Combination: Combination(x.Operand); break;
                case TypeKind.Collection: Collection(x.Operand); break;
                default: Hoist(Value(x.Operand), CSharp.Type(x.Operand.Type), "v"); break;
            }
            W.Line($"{present} = true;");
        });
        W.Close();
        if (used) W.Line($"{absent}: ;");
        return present;
    }

    private static int SlotIndex(HepType combination, string slot)
    {
        for (var i = 0; i < combination.Slots.Count; i++)
            if (combination.Slots[i].Name == slot) return i;
        throw new InvalidOperationException($"no slot '{slot}' in {combination}");
    }

    /// <summary>
    /// The test that object <paramref name="a"/> of collection <paramref name="ca"/> is object <paramref name="b"/> of
    /// <paramref name="cb"/>, or null when they can never be one object (unrelated collections).
    /// </summary>
    private string? SameObject(string? ca, string a, string? cb, string b)
    {
        if (ca is null || cb is null) return null;
        if (ca == cb) return $"{a} == {b}";
        if (UnionOffset(ca, cb) is { } offsetB) return $"{a} == {b}{offsetB}";
        if (UnionOffset(cb, ca) is { } offsetA) return $"{b} == {a}{offsetA}";
        return null;
    }

    /// <summary>
    /// When <paramref name="union"/> is a union with member <paramref name="member"/>: what turns that member's index
    /// into the union's ("" for the first member, else " + " the counts of the members before it); else null.
    /// </summary>
    private string? UnionOffset(string union, string member)
    {
        if (_scope.Collection(union) is not UnionCollection u) return null;
        var k = 0;
        while (k < u.Members.Count && u.Members[k] != member) k++;
        if (k == u.Members.Count) return null;
        return k == 0 ? "" : " + " + Sum(u.Members.Take(k).Select(EventScope.CountOf).ToList());
    }
}
