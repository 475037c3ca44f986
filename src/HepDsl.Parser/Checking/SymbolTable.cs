using System;
using System.Collections.Generic;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    /// <summary>Everything declared so far, what has been read, and the diagnostics of one compilation.</summary>
    internal sealed class SymbolTable
    {
        public SymbolTable(DiagnosticBag diagnostics) => Diagnostics = diagnostics;

        public DiagnosticBag Diagnostics { get; }
        public Dictionary<string, CollectionSymbol> Collections { get; } = new Dictionary<string, CollectionSymbol>(StringComparer.Ordinal);
        public Dictionary<string, BranchSymbol> Branches { get; } = new Dictionary<string, BranchSymbol>(StringComparer.Ordinal);
        /// <summary>User C# functions declared with <c>function</c>, by .hep name.</summary>
        public Dictionary<string, FunctionSymbol> Functions { get; } = new Dictionary<string, FunctionSymbol>(StringComparer.Ordinal);
        public Dictionary<string, DefinitionSymbol> Definitions { get; } = new Dictionary<string, DefinitionSymbol>(StringComparer.Ordinal);
        /// <summary>Union flavour tags: name → (union, member index).</summary>
        public Dictionary<string, (string Union, int Index)> Tags { get; } = new Dictionary<string, (string, int)>(StringComparer.Ordinal);

        /// <summary>Where reads are recorded now (swapped while checking a derived field's definition).</summary>
        public Usage Usage { get; set; } = new Usage();

        private readonly HashSet<string> _variableNames = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>A bound-variable name unique in the whole analysis: <paramref name="wanted"/>, else wanted2, wanted3...</summary>
        public string FreshVariable(string wanted)
        {
            var name = wanted;
            for (var i = 2; _variableNames.Contains(name) || IsGlobal(name); i++) name = wanted + i;
            _variableNames.Add(name);
            return name;
        }

        /// <summary>True when the name is taken by a collection, branch, definition or tag.</summary>
        public bool IsGlobal(string name) =>
            Collections.ContainsKey(name) || Branches.ContainsKey(name) || Definitions.ContainsKey(name) || Tags.ContainsKey(name);

        public IEnumerable<string> GlobalNames()
        {
            foreach (var k in Collections.Keys) yield return k;
            foreach (var k in Branches.Keys) yield return k;
            foreach (var k in Definitions.Keys) yield return k;
            foreach (var k in Tags.Keys) yield return k;
        }

        /// <summary>Records that field <paramref name="field"/> of <paramref name="collection"/> is read (and what a derived field reads).</summary>
        public void UseField(CollectionSymbol collection, string field)
        {
            Usage.Field(collection.Name, field);
            if (collection.Kind == CollectionKind.Union)
            {
                foreach (var m in collection.Members) UseField(Collections[m], field);
                return;
            }
            if (collection.FieldsByName.TryGetValue(field, out var f) && f.DefinitionUsage != null) Usage.Merge(f.DefinitionUsage);
        }

        /// <summary>Records that objects of <paramref name="collection"/> are iterated (their count is needed).</summary>
        public void UseCollection(CollectionSymbol collection)
        {
            Usage.Collections.Add(collection.Name);
            if (collection.Kind == CollectionKind.Union)
                foreach (var m in collection.Members) Usage.Collections.Add(m);
        }

        /// <summary>Records that the four-vector of <paramref name="collection"/> objects is built.</summary>
        public void UseFourVector(CollectionSymbol collection)
        {
            UseCollection(collection);
            Usage.FourVectors.Add(collection.Name);
            if (collection.Kind == CollectionKind.Union)
            {
                foreach (var m in collection.Members) UseFourVector(Collections[m]);
                return;
            }
            if (collection.FourVector != null)
                foreach (var f in collection.FourVector.Fields) UseField(collection, f);
        }
    }
}
