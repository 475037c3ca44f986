using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    /// <summary>Checks declarations (branches, collections, objects, unions, derived fields) into the symbol table.</summary>
    internal sealed class DeclarationChecker
    {
        private readonly SymbolTable _symbols;
        private readonly ExprChecker _expressions;
        private int _order;

        public DeclarationChecker(SymbolTable symbols, ExprChecker expressions)
        {
            _symbols = symbols;
            _expressions = expressions;
        }

        private DiagnosticBag Diagnostics => _symbols.Diagnostics;

        /// <summary>True when <paramref name="name"/> is free (reports a duplicate otherwise).</summary>
        public bool ClaimName(NameToken name)
        {
            var n = name.Name;
            if (_symbols.Collections.TryGetValue(n, out var c)) Diagnostics.Report(DiagnosticCatalog.DuplicateName, name.Span, n, c.Span);
            else if (_symbols.Branches.TryGetValue(n, out var b)) Diagnostics.Report(DiagnosticCatalog.NameTakenByBranch, name.Span, n, b.Span);
            else if (_symbols.Definitions.TryGetValue(n, out var d)) Diagnostics.Report(DiagnosticCatalog.NameTakenByDefinition, name.Span, n, d.Span);
            else if (_symbols.Tags.ContainsKey(n)) Diagnostics.Report(DiagnosticCatalog.NameTakenByTag, name.Span, n);
            else return true;
            return false;
        }

        private ElementType? Type(NameToken t)
        {
            if (TypeNames.ByName.TryGetValue(t.Name, out var type)) return type;
            Diagnostics.Report(DiagnosticCatalog.UnknownType, t.Span, t.Name, Suggestions.For(t.Name, TypeNames.ByName.Keys));
            return null;
        }

        public void Branches(BranchSyntax b)
        {
            var type = Type(b.Group.Type);
            if (type == null) return;
            for (var i = 0; i < b.Group.Names.Count; i++)
            {
                var n = b.Group.Names[i];
                var length = 1;
                if (b.Lengths[i] is { } l && (!int.TryParse(l.Digits, out length) || length < 2 || length > 1_000_000))
                {
                    Diagnostics.Report(DiagnosticCatalog.ArrayLength, l.Span, n.Name, l.Digits);
                    continue;
                }
                if (ClaimName(n)) _symbols.Branches[n.Name] = new BranchSymbol(n.Name, type.Value, n.Span, length);
            }
        }

        public void Collection(CollectionSyntax c)
        {
            if (c.Vector != null)
            {
                VectorCollection(c);
                return;
            }
            var counterTypeToken = c.CounterType!;
            if (counterTypeToken.Name == "vector")
            {
                Diagnostics.Report(DiagnosticCatalog.BadCollection, counterTypeToken.Span, c.Name.Name);
                return;
            }
            var counterType = Type(counterTypeToken);
            if (counterType is ElementType ct && (ct == ElementType.Bool || ct == ElementType.Float32 || ct == ElementType.Float64))
            {
                Diagnostics.Report(DiagnosticCatalog.CounterType, counterTypeToken.Span, counterTypeToken.Name);
                counterType = null;
            }
            if (!ClaimName(c.Name) || counterType == null) return;
            var symbol = new CollectionSymbol(CollectionKind.Source, c.Name.Name, c.Name.Span) { Counter = c.Counter!.Name, CounterType = counterType.Value, Order = _order++ };
            AddStoredFields(symbol, c.Groups);
            symbol.FourVector = FourVector(symbol, c.FourVector);
            _symbols.Collections[symbol.Name] = symbol;
        }

        /// <summary><c>collection Jet[vector]: float32 jet_pt as pt, ...</c>: objects counted by the length of the vectors.</summary>
        private void VectorCollection(CollectionSyntax c)
        {
            if (!ClaimName(c.Name)) return;
            var symbol = new CollectionSymbol(CollectionKind.Source, c.Name.Name, c.Name.Span) { IsVector = true, Order = _order++ };
            AddStoredFields(symbol, c.Groups);
            if (!symbol.Fields.Any(f => f.Branch != null))
            {
                // Without a branch there is nothing to take the number of objects from.
                if (c.Groups.Count == 0)
                    Diagnostics.Report(DiagnosticCatalog.VectorWithoutFields, c.Name.Span, c.Name.Name);
                return;
            }
            symbol.FourVector = FourVector(symbol, c.FourVector);
            _symbols.Collections[symbol.Name] = symbol;
        }

        public void Object(ObjectSyntax o)
        {
            if (!ClaimName(o.Name)) return;
            var symbol = new CollectionSymbol(CollectionKind.Singleton, o.Name.Name, o.Name.Span) { Order = _order++ };
            AddStoredFields(symbol, o.Groups);
            symbol.FourVector = FourVector(symbol, o.FourVector);
            _symbols.Collections[symbol.Name] = symbol;
        }

        private void AddStoredFields(CollectionSymbol symbol, IReadOnlyList<FieldGroupSyntax> groups)
        {
            var byBranch = new Dictionary<string, FieldSymbol>(System.StringComparer.Ordinal);
            foreach (var g in groups)
            {
                var type = Type(g.Type);
                if (type == null) continue;
                for (var i = 0; i < g.Names.Count; i++)
                {
                    var n = g.Names[i];
                    var explicitBranch = g.Branches?[i];
                    var branch = explicitBranch?.Name ?? symbol.Name + "_" + n.Name;
                    if (symbol.FieldsByName.TryGetValue(n.Name, out var previous))
                    {
                        Diagnostics.Report(DiagnosticCatalog.DuplicateField, n.Span, symbol.Name, n.Name, previous.Span);
                        continue;
                    }
                    if (byBranch.TryGetValue(branch, out var same))
                    {
                        Diagnostics.Report(DiagnosticCatalog.BranchReadTwice, (explicitBranch ?? n).Span, symbol.Name, branch, same.Name, same.Span);
                        continue;
                    }
                    if (symbol.Counter != null && branch == symbol.Counter)
                    {
                        Diagnostics.Report(DiagnosticCatalog.CounterAsField, (explicitBranch ?? n).Span, branch, symbol.Name);
                        continue;
                    }
                    var field = new FieldSymbol(n.Name, TypeNames.ExpressionType(type.Value), n.Span) { Branch = branch, StoredAs = type.Value };
                    byBranch[branch] = field;
                    symbol.Add(field);
                }
            }
        }

        private FourVectorSpec? FourVector(CollectionSymbol symbol, FourVectorSyntax? f)
        {
            if (f == null) return null;
            var kinds = new Dictionary<string, (FourVectorKind Kind, int Count)>
            {
                ["ptetaphim"] = (FourVectorKind.PtEtaPhiM, 4),
                ["pxpypze"] = (FourVectorKind.PxPyPzE, 4),
                ["ptphi"] = (FourVectorKind.PtPhi, 2),
                ["pxpy"] = (FourVectorKind.PxPy, 2),
            };
            if (!kinds.TryGetValue(f.Kind.Name, out var kind))
            {
                Diagnostics.Report(DiagnosticCatalog.BadFourVector, f.Kind.Span, f.Kind.Name, Suggestions.For(f.Kind.Name, kinds.Keys));
                return null;
            }
            if (f.Fields.Count != kind.Count)
            {
                Diagnostics.Report(DiagnosticCatalog.FourVectorFieldCount, f.Span, f.Kind.Name, kind.Count, f.Fields.Count);
                return null;
            }
            var ok = true;
            foreach (var n in f.Fields)
            {
                if (!symbol.FieldsByName.TryGetValue(n.Name, out var field))
                {
                    Diagnostics.Report(DiagnosticCatalog.FourVectorUnknownField, n.Span, symbol.Name, n.Name, Suggestions.For(n.Name, symbol.FieldsByName.Keys));
                    ok = false;
                }
                else if (!field.Type.IsNumeric)
                {
                    Diagnostics.Report(DiagnosticCatalog.FourVectorComponentType, n.Span, n.Name, field.Type);
                    ok = false;
                }
            }
            return ok ? new FourVectorSpec(kind.Kind, f.Fields.Select(n => n.Name).ToEquatableArray()) : null;
        }

        public void Union(UnionSyntax u)
        {
            var members = new List<CollectionSymbol>();
            var ok = true;
            foreach (var m in u.Members)
            {
                if (!_symbols.Collections.TryGetValue(m.Name, out var c))
                {
                    Diagnostics.Report(DiagnosticCatalog.UnknownCollection, m.Span, m.Name, Suggestions.For(m.Name, _symbols.Collections.Keys));
                    ok = false;
                }
                else if (c.Kind != CollectionKind.Source)
                {
                    Diagnostics.Report(c.Kind == CollectionKind.Singleton ? DiagnosticCatalog.BadUnion : DiagnosticCatalog.UnionOfUnion, m.Span, m.Name);
                    ok = false;
                }
                else if (members.Contains(c))
                {
                    Diagnostics.Report(DiagnosticCatalog.RepeatedUnionMember, m.Span, m.Name);
                    ok = false;
                }
                else members.Add(c);
            }
            if (!ClaimName(u.Name)) ok = false;
            foreach (var t in u.Tags)
                if (!ClaimName(t) || u.Tags.Count(x => x.Name == t.Name) > 1) ok = false;
            if (!ok) return;

            var union = new CollectionSymbol(CollectionKind.Union, u.Name.Name, u.Name.Span) { Order = _order++, UnionHasFourVector = members.All(m => m.FourVector != null) };
            union.Members.AddRange(members.Select(m => m.Name));
            union.Tags.AddRange(u.Tags.Select(t => t.Name));
            foreach (var f in members[0].Fields)
            {
                var all = members.Select(m => m.FieldsByName.TryGetValue(f.Name, out var x) ? x : null).ToList();
                if (all.Any(x => x == null)) continue;
                HepType type;
                if (all.All(x => x!.Type.Kind == f.Type.Kind)) type = f.Type;
                else if (all.All(x => x!.Type.IsNumeric)) type = HepType.Float;
                else continue;
                union.Add(new FieldSymbol(f.Name, type, u.Name.Span));
            }
            _symbols.Collections[union.Name] = union;
            for (var i = 0; i < u.Tags.Count; i++) _symbols.Tags[u.Tags[i].Name] = (union.Name, i);
        }

        public void Define(DefineSyntax d)
        {
            if (!_symbols.Collections.TryGetValue(d.Collection.Name, out var c))
            {
                Diagnostics.Report(DiagnosticCatalog.UnknownCollection, d.Collection.Span, d.Collection.Name, Suggestions.For(d.Collection.Name, _symbols.Collections.Keys));
                return;
            }
            if (c.Kind == CollectionKind.Union)
            {
                Diagnostics.Report(DiagnosticCatalog.DefineOnUnion, d.Collection.Span, c.Name, string.Join(", ", c.Members));
                return;
            }
            if (c.FieldsByName.TryGetValue(d.Field.Name, out var previous))
            {
                Diagnostics.Report(DiagnosticCatalog.DuplicateField, d.Field.Span, c.Name, d.Field.Name, previous.Span);
                return;
            }
            var outer = _symbols.Usage;
            var usage = new Usage();
            _symbols.Usage = usage;
            var variable = _symbols.FreshVariable("it");
            var element = HepType.ObjectOf(c.Name);
            var value = _expressions.Check(d.Value, new Scope(null, "it", variable, element, true));
            _symbols.Usage = outer;
            if (value.Type.Kind == TypeKind.Error) return;
            var k = value.Type.Kind;
            if (value.Type.Optional || !(k == TypeKind.Bool || k == TypeKind.Int || k == TypeKind.Float || k == TypeKind.FourVector))
            {
                Diagnostics.Report(DiagnosticCatalog.DerivedFieldType, d.Value.Span, value.Type);
                return;
            }
            c.Add(new FieldSymbol(d.Field.Name, value.Type, d.Field.Span) { Variable = variable, Definition = value, DefinitionUsage = usage });
        }
    }
}
