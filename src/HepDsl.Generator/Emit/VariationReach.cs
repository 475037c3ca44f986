using System.Collections;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>
/// Which event variations can change which histogram, decided from the model before any event is read. An object
/// variation of C.f reaches a histogram when its fill, or a cut or weight on its path (the common statements before it
/// and its own region's), reads C.f (directly, through a let, a derived field, a union member, or C's four-vector when
/// f builds it). A weight variation reaches the histograms after it on their path. Others reuse the nominal.
/// </summary>
internal sealed class VariationReach
{
    private readonly AnalysisModel _model;
    // The lets visible on the path being walked: the common ones and the histogram's region's (two regions may each
    // have a let of the same name, so a name means the definition on this path).
    private readonly Dictionary<string, Definition> _definitions = new();
    private readonly Dictionary<Definition, HashSet<string>> _readsOfDefinition = new();

    public VariationReach(AnalysisModel model)
    {
        _model = model;
        var index = 0;
        foreach (var s in model.Statements)
        {
            if (s is ObjectVariation o) Names.Add((o.Name, index++));
            else if (s is WeightVariation w) foreach (var n in w.Names) Names.Add((n, index++));
        }
    }

    /// <summary>Variation names with their pass numbers minus one (pass 0 is the nominal).</summary>
    public List<(string Name, int Index)> Names { get; } = new();

    public int Count => Names.Count;

    /// <summary>Pass numbers (1-based) of the variations that can change histogram statement <paramref name="histogram"/>.</summary>
    public List<int> Reaching(Statement histogram)
    {
        var path = new List<Statement>();
        string? region = null;
        string? target = null;
        foreach (var s in _model.Statements)
        {
            if (s is RegionStart r) region = r.Name;
            if (ReferenceEquals(s, histogram)) { target = region; break; }
        }
        region = null;
        foreach (var s in _model.Statements)
        {
            if (s is RegionStart r) { region = r.Name; continue; }
            if (region != null && region != target) continue;
            path.Add(s);
            if (ReferenceEquals(s, histogram)) break;
        }
        _definitions.Clear();
        foreach (var d in path.OfType<Definition>()) _definitions[d.Name] = d;
        var reads = new HashSet<string>();
        var weightNames = new HashSet<string>();
        foreach (var s in path)
        {
            switch (s)
            {
                case Cut c: Walk(c.Predicate, reads); break;
                case Weight w: Walk(w.Value, reads); break;
                case WeightVariation v:
                    foreach (var n in v.Names) weightNames.Add(n);
                    Walk(v.Up, reads);
                    if (v.Down != null) Walk(v.Down, reads);
                    break;
                case Definition: case ObjectVariation: case RegionStart: break;
                default: if (ReferenceEquals(s, histogram)) Walk(s, reads); break;
            }
        }
        var result = new List<int>();
        var pass = 1;
        foreach (var s in _model.Statements)
        {
            if (s is ObjectVariation o)
            {
                if (reads.Contains(o.Collection + "." + o.Field) || (reads.Contains(o.Collection + ".#p4") && FourVectorUses(o.Collection, o.Field))) result.Add(pass);
                pass++;
            }
            else if (s is WeightVariation w)
            {
                foreach (var n in w.Names)
                {
                    // A weight variation also reaches fills through what its factor reads only via the weight itself.
                    if (weightNames.Contains(n)) result.Add(pass);
                    pass++;
                }
            }
        }
        return result;
    }

    private bool FourVectorUses(string collection, string field) =>
        _model.Collections.FirstOrDefault(c => c.Name == collection) is SourceCollection s && s.FourVector is { } fv && fv.Fields.Contains(field);

    // With an explicit stack: operator chains in the model are thousands of links deep (a 15,000-term sum), which a
    // recursive walk would carry on the generator's stack.
    private void Walk(object? root, HashSet<string> reads)
    {
        var pending = new Stack<object?>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            switch (node)
            {
                case null: continue;
                case string: case HepType: case SourceSpan: continue;
                case FieldAccess f:
                    Field(f.Collection, f.Field, reads);
                    pending.Push(f.Target);
                    continue;
                case ObjectFourVector v:
                    if (v.Target.Type.Collection is { } coll)
                        foreach (var c in Members(coll)) reads.Add(c + ".#p4");
                    pending.Push(v.Target);
                    continue;
                case DefinitionRef d:
                    if (!_definitions.TryGetValue(d.Name, out var def)) continue;
                    if (!_readsOfDefinition.TryGetValue(def, out var set))
                    {
                        _readsOfDefinition[def] = set = new HashSet<string>();
                        Walk(def.Value, set);
                    }
                    reads.UnionWith(set);
                    continue;
            }
            var type = node.GetType();
            if (type.IsPrimitive || type.IsEnum) continue;
            if (node is IEnumerable list)
            {
                foreach (var item in list) pending.Push(item);
                continue;
            }
            if (type.Namespace != "HepDsl.Parser.Model") continue;
            foreach (var p in type.GetProperties())
            {
                if (p.Name is "Type" or "Span" or "EqualityContract" || p.GetIndexParameters().Length > 0) continue;
                pending.Push(p.GetValue(node));
            }
        }
    }

    private void Field(string collection, string field, HashSet<string> reads)
    {
        foreach (var c in Members(collection))
        {
            reads.Add(c + "." + field);
            var model = _model.Collections.FirstOrDefault(x => x.Name == c)?.Fields.FirstOrDefault(x => x.Name == field);
            if (model?.Definition is { } definition) Walk(definition, reads);
        }
    }

    private IEnumerable<string> Members(string collection)
    {
        yield return collection;
        if (_model.Collections.FirstOrDefault(c => c.Name == collection) is UnionCollection u)
            foreach (var m in u.Members) yield return m;
    }
}
