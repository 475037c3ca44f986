using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    // Names and members: variables, fields of 'it', definitions, collections, branches, 'x.field', 'x[i]'.
    internal sealed partial class ExprChecker
    {
        private Expr CheckName(NameSyntax n, Scope? scope)
        {
            var bound = scope?.Find(n.Name);
            if (bound != null) return new VariableRef(bound.Type, n.Span, bound.Unique);

            var implicitElement = scope?.InnermostImplicit();
            if (implicitElement != null && implicitElement.Type.Collection != null)
            {
                var c = _symbols.Collections[implicitElement.Type.Collection];
                if (HasMember(c, n.Name))
                    return ObjectMember(new VariableRef(implicitElement.Type, n.Span, implicitElement.Unique), c, n.Name, n.Span, n.Span);
            }

            if (_symbols.Definitions.TryGetValue(n.Name, out var def)) return new DefinitionRef(def.Type, n.Span, def.Name);
            if (_symbols.Collections.TryGetValue(n.Name, out var col))
            {
                _symbols.UseCollection(col);
                return col.Kind == CollectionKind.Singleton
                    ? new SingletonRef(HepType.ObjectOf(col.Name), n.Span, col.Name)
                    : (Expr)new CollectionRef(HepType.CollectionOf(col.Name), n.Span, col.Name);
            }
            if (_symbols.Branches.TryGetValue(n.Name, out var br))
            {
                if (br.IsArray)
                {
                    Diagnostics.Report(DiagnosticCatalog.WholeArray, n.Span, n.Name, br.Length, br.Length - 1);
                    return Error(n.Span);
                }
                _symbols.Usage.Branches.Add(br.Name);
                return new BranchRead(TypeNames.ExpressionType(br.Type), n.Span, br.Name, br.Type);
            }
            if (_symbols.Tags.TryGetValue(n.Name, out var tag)) return new IntLiteral(HepType.Int, n.Span, tag.Index);
            if (n.Name == "pi") return new FloatLiteral(HepType.Float, n.Span, System.Math.PI);

            var candidates = _symbols.GlobalNames().Concat(scope?.Names() ?? Enumerable.Empty<string>()).ToList();
            if (implicitElement?.Type.Collection != null) candidates.AddRange(MemberNames(_symbols.Collections[implicitElement.Type.Collection]));
            var hint = Suggestions.For(n.Name, candidates);
            return implicitElement?.Type.Collection != null
                ? Fail(DiagnosticCatalog.UnknownNameInObject, n.Span, n.Name, implicitElement.Type.Collection, hint)
                : Fail(DiagnosticCatalog.UnknownName, n.Span, n.Name, hint);
        }

        private static bool HasMember(CollectionSymbol c, string name) =>
            c.FieldsByName.ContainsKey(name) || name == "index" || (c.Kind == CollectionKind.Union && name == "flavour")
            || (c.HasFourVector && Builtins.Properties.ContainsKey(name));

        private static IEnumerable<string> MemberNames(CollectionSymbol c)
        {
            foreach (var f in c.Fields) yield return f.Name;
            yield return "index";
            if (c.Kind == CollectionKind.Union) yield return "flavour";
            if (c.HasFourVector) foreach (var p in Builtins.Properties.Keys) yield return p;
        }

        private Expr ObjectMember(Expr target, CollectionSymbol c, string name, SourceSpan nameSpan, SourceSpan span)
        {
            var optional = target.Type.Optional;
            if (c.FieldsByName.TryGetValue(name, out var field))
            {
                _symbols.UseCollection(c);
                _symbols.UseField(c, name);
                return new FieldAccess(field.Type with { Optional = optional }, span, target, c.Name, name);
            }
            if (name == "index" || (c.Kind == CollectionKind.Union && name == "flavour"))
            {
                _symbols.UseCollection(c);
                return new FieldAccess(HepType.Int with { Optional = optional }, span, target, c.Name, name);
            }
            if (c.HasFourVector && Builtins.Properties.TryGetValue(name, out var property))
            {
                var fv = AsFourVector(target, "four-vector property");
                return new Call(HepType.Float with { Optional = optional }, span, property, EquatableArray.Create(fv));
            }
            return Fail(DiagnosticCatalog.UnknownField, nameSpan, c.Name, name, Suggestions.For(name, MemberNames(c)));
        }

        private Expr CheckMember(MemberSyntax m, Scope? scope)
        {
            var target = Check(m.Target, scope);
            if (Failed(target)) return target;
            switch (target.Type.Kind)
            {
                case TypeKind.Object:
                    return ObjectMember(target, _symbols.Collections[target.Type.Collection!], m.Name, m.NameSpan, m.Span);
                case TypeKind.FourVector:
                    if (Builtins.Properties.TryGetValue(m.Name, out var property))
                        return new Call(HepType.Float with { Optional = target.Type.Optional }, m.Span, property, EquatableArray.Create(target));
                    return Fail(DiagnosticCatalog.UnknownFourVectorProperty, m.NameSpan, m.Name, Suggestions.For(m.Name, Builtins.Properties.Keys));
                case TypeKind.Combination:
                {
                    var slot = target.Type.Slots.FirstOrDefault(s => s.Name == m.Name);
                    if (slot == null)
                        return Fail(DiagnosticCatalog.UnknownSlot, m.NameSpan, target.Type, m.Name, Suggestions.For(m.Name, target.Type.Slots.Select(s => s.Name)));
                    return new SlotAccess(HepType.ObjectOf(slot.Collection, target.Type.Optional), m.Span, target, slot.Name);
                }
                case TypeKind.Collection:
                {
                    // Jet.pt: one value per object.
                    var c = _symbols.Collections[target.Type.Collection!];
                    if (!HasMember(c, m.Name))
                        return Fail(DiagnosticCatalog.UnknownField, m.NameSpan, c.Name, m.Name, Suggestions.For(m.Name, MemberNames(c)));
                    var variable = ProjectionVariable(target, c);
                    var elementType = HepType.ObjectOf(c.Name);
                    var element = ObjectMember(new VariableRef(elementType, m.Target.Span, variable), c, m.Name, m.NameSpan, m.Span);
                    if (Failed(element)) return element;
                    var binder = new Binder(EquatableArray.Create(new BoundVariable(variable, target, elementType)), false);
                    return new IterationExpr(HepType.ValuesOf(element.Type, c.Name), m.Span, binder, element);
                }
                default:
                    return Fail(DiagnosticCatalog.NoMembers, m.NameSpan, m.Name, target.Type);
            }
        }

        private string ProjectionVariable(Expr source, CollectionSymbol c)
        {
            if (ProjectionReuse is { } reuse && ExpressionEquality.Same(reuse.Source, source))
            {
                ProjectionReuse = null;
                return reuse.Variable;
            }
            return _symbols.FreshVariable(char.ToLowerInvariant(c.Name[0]) + c.Name.Substring(1));
        }

        private Expr CheckIndex(IndexSyntax i, Scope? scope)
        {
            if (i.Target is NameSyntax arrayName && ArrayBranch(arrayName, scope) is { } array)
                return CheckArrayElement(i, array, scope);
            var target = Check(i.Target, scope);
            var index = Check(i.Index, scope);
            if (Failed(target, index)) return Error(i.Span);
            if (target.Type.Kind != TypeKind.Collection) return Mismatch(target, "a collection", "indexing");
            if (index.Type.Kind != TypeKind.Int) return Mismatch(index, "an integer", "index");
            return new IndexAccess(HepType.ObjectOf(target.Type.Collection!, true), i.Span, target, index);
        }

        /// <summary>The fixed-size array branch <paramref name="n"/> names, unless a variable or an object's field of that name hides it.</summary>
        private BranchSymbol? ArrayBranch(NameSyntax n, Scope? scope)
        {
            if (scope?.Find(n.Name) != null) return null;
            var implicitElement = scope?.InnermostImplicit();
            if (implicitElement?.Type.Collection != null && HasMember(_symbols.Collections[implicitElement.Type.Collection], n.Name)) return null;
            return _symbols.Branches.TryGetValue(n.Name, out var br) && br.IsArray ? br : null;
        }

        /// <summary><c>v[1]</c> of a fixed-size array branch: the index is a whole number written out, within the length.</summary>
        private Expr CheckArrayElement(IndexSyntax i, BranchSymbol array, Scope? scope)
        {
            var index = Check(i.Index, scope);
            if (Failed(index)) return Error(i.Span);
            if (index is not IntLiteral literal)
            {
                Diagnostics.Report(DiagnosticCatalog.ArrayIndexNotWritten, i.Index.Span, array.Name, array.Length - 1);
                return Error(i.Span);
            }
            if (literal.Value < 0 || literal.Value >= array.Length)
            {
                Diagnostics.Report(DiagnosticCatalog.ArrayIndexOutside, i.Index.Span, literal.Value, array.Name, array.Length, array.Length - 1);
                return Error(i.Span);
            }
            _symbols.Usage.Branches.Add(array.Name);
            return new ArrayElementRead(TypeNames.ExpressionType(array.Type), i.Span, array.Name, array.Type, array.Length, (int)literal.Value);
        }
    }
}
