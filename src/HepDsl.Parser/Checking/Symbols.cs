using System;
using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    internal enum CollectionKind { Source, Singleton, Union }

    /// <summary>A declared field (stored or derived) and, for derived ones, what their definition reads.</summary>
    internal sealed class FieldSymbol
    {
        public FieldSymbol(string name, HepType type, SourceSpan span) { Name = name; Type = type; Span = span; }
        public string Name { get; }
        public HepType Type { get; }
        public SourceSpan Span { get; }
        public string? Branch { get; set; }
        public ElementType? StoredAs { get; set; }
        public string? Variable { get; set; }
        public Expr? Definition { get; set; }
        public Usage? DefinitionUsage { get; set; }
    }

    /// <summary>A declared collection (source, singleton or union).</summary>
    internal sealed class CollectionSymbol
    {
        public CollectionSymbol(CollectionKind kind, string name, SourceSpan span) { Kind = kind; Name = name; Span = span; }
        public CollectionKind Kind { get; }
        public string Name { get; }
        public SourceSpan Span { get; }
        public int Order { get; set; }
        /// <summary>Counted collection: the counter branch; null for a vector collection.</summary>
        public string? Counter { get; set; }
        /// <summary><c>collection X[vector]</c>: objects are counted by the length of the fields' std::vector branches.</summary>
        public bool IsVector { get; set; }
        public ElementType CounterType { get; set; }
        public List<FieldSymbol> Fields { get; } = new List<FieldSymbol>();
        public Dictionary<string, FieldSymbol> FieldsByName { get; } = new Dictionary<string, FieldSymbol>(StringComparer.Ordinal);
        public FourVectorSpec? FourVector { get; set; }
        public bool UnionHasFourVector { get; set; }
        public List<string> Members { get; } = new List<string>();
        public List<string> Tags { get; } = new List<string>();

        public bool HasFourVector => Kind == CollectionKind.Union ? UnionHasFourVector : FourVector != null;

        public void Add(FieldSymbol field)
        {
            Fields.Add(field);
            FieldsByName[field.Name] = field;
        }
    }

    /// <summary>A declared scalar branch.</summary>
    /// <summary>A declared branch; <see cref="Length"/> is 1 for a scalar, N for a fixed-size array <c>name[N]</c>.</summary>
    internal sealed record BranchSymbol(string Name, ElementType Type, SourceSpan Span, int Length = 1)
    {
        public bool IsArray => Length > 1;
    }

    /// <summary>An event-level definition (<c>let</c>).</summary>
    internal sealed record DefinitionSymbol(string Name, HepType Type, SourceSpan Span);

    /// <summary>What an analysis reads: scalar branches, collections and their fields.</summary>
    internal sealed class Usage
    {
        public HashSet<string> Branches { get; } = new HashSet<string>(StringComparer.Ordinal);
        public HashSet<string> Collections { get; } = new HashSet<string>(StringComparer.Ordinal);
        public Dictionary<string, HashSet<string>> Fields { get; } = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        public HashSet<string> FourVectors { get; } = new HashSet<string>(StringComparer.Ordinal);

        public void Field(string collection, string field)
        {
            Collections.Add(collection);
            if (!Fields.TryGetValue(collection, out var set)) Fields[collection] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(field);
        }

        public void Merge(Usage other)
        {
            Branches.UnionWith(other.Branches);
            Collections.UnionWith(other.Collections);
            FourVectors.UnionWith(other.FourVectors);
            foreach (var kv in other.Fields)
                foreach (var f in kv.Value) Field(kv.Key, f);
        }
    }

    /// <summary>Variables in scope, innermost first. An implicit variable (<c>it</c>) also lends its fields as bare names.</summary>
    internal sealed record Scope(Scope? Parent, string Name, string Unique, HepType Type, bool Implicit)
    {
        public Scope? Find(string name)
        {
            for (var s = this; s != null; s = s.Parent)
                if (s.Name == name) return s;
            return null;
        }

        public Scope? InnermostImplicit()
        {
            for (var s = this; s != null; s = s.Parent)
                if (s.Implicit) return s;
            return null;
        }

        public IEnumerable<string> Names()
        {
            for (var s = this; s != null; s = s.Parent) yield return s.Name;
        }
    }

    /// <summary>Checker-internal: per-object values or tuples (<c>Jet.pt</c>, <c>pair (a, b) in Muon</c>), folded into a reduction, quantifier or per-object histogram.</summary>
    internal sealed record IterationExpr(HepType Type, SourceSpan Span, Binder Over, Expr? Element) : Expr(Type, Span);

    /// <summary>Element type names in declarations.</summary>
    /// <summary>A user C# function: its declared signature and the C# method it calls.</summary>
    internal sealed record FunctionSymbol(string Name, ElementType ReturnType, IReadOnlyList<ElementType> Parameters, string Method, SourceSpan Span);

    internal static class TypeNames
    {
        public static readonly Dictionary<string, ElementType> ByName = new Dictionary<string, ElementType>(StringComparer.Ordinal)
        {
            ["bool"] = ElementType.Bool,
            ["int8"] = ElementType.Int8, ["uint8"] = ElementType.UInt8, ["uchar"] = ElementType.UInt8,
            ["int16"] = ElementType.Int16, ["uint16"] = ElementType.UInt16,
            ["int32"] = ElementType.Int32, ["int"] = ElementType.Int32, ["uint32"] = ElementType.UInt32,
            ["int64"] = ElementType.Int64, ["long"] = ElementType.Int64, ["uint64"] = ElementType.UInt64,
            ["float32"] = ElementType.Float32, ["float"] = ElementType.Float32,
            ["float64"] = ElementType.Float64, ["double"] = ElementType.Float64,
        };

        public static HepType ExpressionType(ElementType t) =>
            t == ElementType.Bool ? HepType.Bool :
            t == ElementType.Float32 || t == ElementType.Float64 ? HepType.Float : HepType.Int;
    }
}
