using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Four-vectors of objects: built from their fields, or read from a processor-owned array filled once per object before tuple loops.</summary>
internal sealed partial class ExpressionEmitter
{
    private string FourVector(Expr target)
    {
        var collection = _scope.Collection(target.Type.Collection ?? throw new InvalidOperationException("four-vector of an object without collection"));
        var obj = collection is SingletonCollection ? "0" : Object(target);
        if (collection is UnionCollection union)
            return UnionChoice(union, obj, (k, local) => MemberFourVector(_scope.Collection(union.Members[k]), local));
        return MemberFourVector(collection, obj);
    }

    private string MemberFourVector(CollectionModel collection, string obj)
    {
        if (_scope.CachedFourVectors is { } cached && collection is SourceCollection source && StoredFourVector(source))
        {
            if (!cached.Contains(source.Name)) cached.Add(source.Name);
            return $"{FourVectorArray(source)}[{obj}]";
        }
        return ComputedFourVector(collection, obj);
    }

    private string ComputedFourVector(CollectionModel collection, string obj)
    {
        var spec = collection switch
        {
            SourceCollection s => s.FourVector,
            SingletonCollection s => s.FourVector,
            _ => null,
        } ?? throw new InvalidOperationException($"collection '{collection.Name}' has no four-vector recipe");
        var f = spec.Fields.Select(name => MemberField(collection, name, obj, HepType.Float)).ToArray();
        return spec.Kind switch
        {
            FourVectorKind.PtEtaPhiM => $"LorentzVector.FromPtEtaPhiM({f[0]}, {f[1]}, {f[2]}, {f[3]})",
            FourVectorKind.PxPyPzE => $"LorentzVector.FromPxPyPzE({f[0]}, {f[1]}, {f[2]}, {f[3]})",
            // Missing transverse momentum: massless, in the transverse plane.
            FourVectorKind.PtPhi => $"LorentzVector.FromPtEtaPhiM({f[0]}, 0.0, {f[1]}, 0.0)",
            FourVectorKind.PxPy => $"LorentzVector.FromPxPyPzE({f[0]}, {f[1]}, 0.0, Math.Sqrt({f[0]} * {f[0]} + {f[1]} * {f[1]}))",
            _ => throw new NotSupportedException(spec.Kind.ToString()),
        };
    }

    /// <summary>Only four-vectors built from stored fields are cached: they are plain expressions of the object index.</summary>
    private static bool StoredFourVector(SourceCollection source) =>
        source.FourVector is { } spec && spec.Fields.All(name => source.Fields.Any(f => f.Name == name && f.IsStored));

    private string FourVectorArray(SourceCollection source)
    {
        if (!_scope.FourVectorArrays.TryGetValue(source.Name, out var array))
        {
            array = "_p4_" + CSharp.Sanitize(source.Name);
            _scope.FourVectorArrays[source.Name] = array;
        }
        return array;
    }

    /// <param name="needed">Below this many objects no tuple uses one (most events, for muon pairs): nothing to fill.</param>
    private IEnumerable<string> FillFourVectors(string collection, int needed)
    {
        var source = (SourceCollection)_scope.Collection(collection);
        var array = FourVectorArray(source);
        var n = EventScope.CountOf(collection);
        var k = _scope.Fresh("k");
        // Grows like the column buffers: allocations only while warming up.
        yield return $"if ({array}.Length < {n}) {array} = new LorentzVector[Math.Max({n}, 2 * {array}.Length)];";
        var loop = $"for (var {k} = 0; {k} < {n}; {k}++) {array}[{k}] = {ComputedFourVector(source, k)};";
        yield return needed > 1 ? $"if ({n} >= {needed}) {loop}" : loop;
    }
}
