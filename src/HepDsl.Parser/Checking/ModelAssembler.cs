using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    /// <summary>Builds the model from the checked statements and what they read: only used branches, collections and fields.</summary>
    internal static class ModelAssembler
    {
        public static AnalysisModel Assemble(string name, string title, string file, string tree, SymbolTable symbols, IReadOnlyList<Statement> statements)
        {
            var usage = symbols.Usage;
            var branches = new Dictionary<string, BranchModel>(StringComparer.Ordinal);
            var collections = new List<CollectionModel>();

            foreach (var c in symbols.Collections.Values.OrderBy(c => c.Order))
            {
                if (!usage.Collections.Contains(c.Name)) continue;
                usage.Fields.TryGetValue(c.Name, out var used);
                var fields = c.Fields.Where(f => used != null && used.Contains(f.Name))
                    .Select(f => new FieldModel(f.Name, f.Type, f.Branch, f.StoredAs, f.Variable, f.Definition)).ToEquatableArray();
                switch (c.Kind)
                {
                    case CollectionKind.Source when c.IsVector:
                    {
                        // The count is the length of one field's vectors: a used one, else the first declared.
                        var lengthField = fields.FirstOrDefault(f => f.IsStored);
                        var lengthSymbol = lengthField == null ? c.Fields.First(f => f.Branch != null) : null;
                        var lengthBranch = lengthField?.Branch ?? lengthSymbol!.Branch!;
                        if (lengthSymbol != null)
                            branches[lengthBranch] = new BranchModel(lengthBranch, lengthSymbol.StoredAs!.Value, BranchShape.Jagged, 0, c.Name, lengthSymbol.Name);
                        foreach (var f in fields.Where(f => f.IsStored))
                            branches[f.Branch!] = new BranchModel(f.Branch!, f.StoredAs!.Value, BranchShape.Jagged, 0, c.Name, f.Name);
                        collections.Add(new SourceCollection(c.Name, c.Span, lengthBranch, fields, c.FourVector, CountedByLength: true));
                        break;
                    }
                    case CollectionKind.Source:
                        branches[c.Counter!] = new BranchModel(c.Counter!, c.CounterType, BranchShape.Scalar, 1, c.Name, null);
                        foreach (var f in fields.Where(f => f.IsStored))
                            branches[f.Branch!] = new BranchModel(f.Branch!, f.StoredAs!.Value, BranchShape.Jagged, 0, c.Name, f.Name);
                        collections.Add(new SourceCollection(c.Name, c.Span, c.Counter!, fields, c.FourVector));
                        break;
                    case CollectionKind.Singleton:
                        foreach (var f in fields.Where(f => f.IsStored))
                            branches[f.Branch!] = new BranchModel(f.Branch!, f.StoredAs!.Value, BranchShape.Scalar, 1, c.Name, f.Name);
                        collections.Add(new SingletonCollection(c.Name, c.Span, fields, c.FourVector));
                        break;
                    default:
                        collections.Add(new UnionCollection(c.Name, c.Span, c.Members.ToEquatableArray(), c.Tags.ToEquatableArray(), fields, c.UnionHasFourVector));
                        break;
                }
            }
            foreach (var b in usage.Branches)
            {
                var symbol = symbols.Branches[b];
                branches[b] = symbol.IsArray
                    ? new BranchModel(b, symbol.Type, BranchShape.FixedArray, symbol.Length, null, null)
                    : new BranchModel(b, symbol.Type, BranchShape.Scalar, 1, null, null);
            }
            return new AnalysisModel(name, title, file, tree,
                branches.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToEquatableArray(),
                collections.ToEquatableArray(),
                statements.ToEquatableArray());
        }
    }
}
