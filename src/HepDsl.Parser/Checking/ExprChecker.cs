using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    /// <summary>
    /// Resolves names and types of expressions. Errors are reported once; the failing node gets type Error and
    /// anything built on it stays quiet, so one mistake gives one message.
    /// </summary>
    internal sealed partial class ExprChecker
    {
        private readonly SymbolTable _symbols;

        public ExprChecker(SymbolTable symbols) => _symbols = symbols;

        private DiagnosticBag Diagnostics => _symbols.Diagnostics;

        /// <summary>
        /// When set, a projection over a source that prints like this reuses the variable (so the two fills of a 2D
        /// histogram of one collection iterate together).
        /// </summary>
        public (string Source, string Variable)? ProjectionReuse { get; set; }

        private static Expr Error(SourceSpan span) => new BoolLiteral(HepType.Error, span, false);
        private static bool Failed(params Expr[] e) => e.Any(x => x.Type.Kind == TypeKind.Error);
        private static bool AnyOptional(IEnumerable<Expr> e) => e.Any(x => x.Type.Optional);

        private Expr Fail(string id, SourceSpan span, string message)
        {
            Diagnostics.Error(id, span, message);
            return Error(span);
        }

        // ------------------------------------------------------------------ entry points

        /// <summary>True while an object variation's value is checked: only there may normal() draw random numbers.</summary>
        public bool AllowRandom { get; set; }
        /// <summary>Set when a normal() call was checked (reset by the caller).</summary>
        public bool UsedRandom { get; set; }

        /// <summary>Keys (<see cref="PresenceProofs.Key"/>) of optional values known present where the checker is now.</summary>
        private readonly List<string> _proven = new List<string>();

        /// <summary>
        /// Values a passed cut proved present: not optional in every later statement (a cut stops the events where
        /// they are absent).
        /// </summary>
        public void ProvePresentFromNowOn(Expr cutPredicate) => _proven.AddRange(PresenceProofs.WhenTrue(cutPredicate));

        /// <summary>How many proofs hold now; <see cref="ForgetProofsAfter"/> returns to that point.</summary>
        public int ProofCount => _proven.Count;

        /// <summary>
        /// Drops the proofs made after the first <paramref name="count"/>: a region's cuts prove nothing in the next
        /// region, which starts again from the common selection.
        /// </summary>
        public void ForgetProofsAfter(int count) => _proven.RemoveRange(count, _proven.Count - count);

        private T WithProofs<T>(IEnumerable<string> proofs, System.Func<T> check)
        {
            var before = _proven.Count;
            _proven.AddRange(proofs);
            try { return check(); }
            finally { _proven.RemoveRange(before, _proven.Count - before); }
        }

        // Check (ExprChecker.Observed.cs) reports what this returns to an editor's observer.
        private Expr CheckProven(SyntaxExpr e, Scope? scope)
        {
            var x = CheckNode(e, scope);
            if (x.Type.Optional && _proven.Count > 0 && _proven.Contains(PresenceProofs.Key(x)))
                x = x with { Type = x.Type.AsRequired() };
            return x;
        }

        private Expr CheckNode(SyntaxExpr e, Scope? scope)
        {
            switch (e)
            {
                case NumberSyntax n:
                    return n.IsInteger && n.Value <= long.MaxValue
                        ? new IntLiteral(HepType.Int, n.Span, (long)n.Value)
                        : (Expr)new FloatLiteral(HepType.Float, n.Span, n.Value);
                case BoolSyntax b: return new BoolLiteral(HepType.Bool, b.Span, b.Value);
                case NameSyntax n: return CheckName(n, scope);
                case MemberSyntax m: return CheckMember(m, scope);
                case IndexSyntax i: return CheckIndex(i, scope);
                case CallSyntax c: return CheckCall(c, scope);
                case UnarySyntax u: return CheckUnary(u, scope);
                case BinarySyntax b: return CheckBinary(b, scope);
                case CompareSyntax c: return CheckCompare(c, scope);
                case IfSyntax i: return CheckIf(i, scope);
                case WithSyntax w: return CheckWith(w, scope);
                case SortSyntax s: return CheckSort(s, scope);
                case BestSyntax b: return CheckBest(b, scope);
                case QuantifierSyntax q: return CheckQuantifier(q, scope);
                case ForSyntax f: return CheckFor(f, scope);
                case TuplesSyntax t:
                {
                    var (binder, _) = CheckBinder(t.Binder, scope);
                    if (binder == null) return Error(t.Span);
                    return new IterationExpr(new HepType(TypeKind.Values, null, false, default, binder.TupleType), t.Span, binder, null);
                }
                default: return Fail(DiagnosticIds.Syntax, e.Span, "unsupported expression");
            }
        }

        /// <summary>A Bool-valued expression (cut predicates, filters).</summary>
        public Expr CheckBool(SyntaxExpr e, Scope? scope, string role)
        {
            var x = Check(e, scope);
            return RequireKind(x, TypeKind.Bool, role);
        }

        /// <summary>A numeric expression (keys, weights, fills).</summary>
        public Expr CheckNumber(SyntaxExpr e, Scope? scope, string role) => RequireNumber(Check(e, scope), role);

        public Expr RequireNumber(Expr x, string role)
        {
            if (Failed(x) || x.Type.IsNumeric) return x;
            return Mismatch(x, "a number", role);
        }

        private Expr RequireKind(Expr x, TypeKind kind, string role)
        {
            if (Failed(x) || x.Type.Kind == kind) return x;
            return Mismatch(x, kind == TypeKind.Bool ? "true/false (a condition)" : kind.ToString().ToLowerInvariant(), role);
        }

        private Expr Mismatch(Expr x, string expected, string role)
        {
            if (x.Type.Kind == TypeKind.Values)
                return Fail(DiagnosticIds.PerObjectMisuse, x.Span,
                    $"{role}: expected {expected} but got {x.Type} (one value per object); fold it with any/all/count/sum/min/max or use it in a per-object histogram");
            return Fail(DiagnosticIds.TypeMismatch, x.Span, $"{role}: expected {expected} but got {x.Type}");
        }

        /// <summary>A four-vector: itself, or an object's (via its collection's recipe).</summary>
        public Expr AsFourVector(Expr x, string role)
        {
            if (Failed(x) || x.Type.Kind == TypeKind.FourVector) return x;
            if (x.Type.Kind == TypeKind.Object && x.Type.Collection != null)
            {
                var c = _symbols.Collections[x.Type.Collection];
                if (!c.HasFourVector)
                    return Fail(DiagnosticIds.NoFourVector, x.Span, $"{role}: objects of '{c.Name}' have no four-vector; declare one with 'fourvector ptetaphim(...)' or 'fourvector pxpypze(...)'");
                _symbols.UseFourVector(c);
                return new ObjectFourVector(HepType.FourVector with { Optional = x.Type.Optional }, x.Span, x);
            }
            return Mismatch(x, "a four-vector or an object with one", role);
        }

        private bool CanBeFourVector(Expr x) =>
            x.Type.Kind == TypeKind.FourVector || (x.Type.Kind == TypeKind.Object && x.Type.Collection != null && _symbols.Collections[x.Type.Collection].HasFourVector);

        // ------------------------------------------------------------------ names and members

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
                    Diagnostics.Error(DiagnosticIds.TypeMismatch, n.Span, $"'{n.Name}' is a fixed-size array of {br.Length} values: use one of them, {n.Name}[0] to {n.Name}[{br.Length - 1}]");
                    return Error(n.Span);
                }
                _symbols.Usage.Branches.Add(br.Name);
                return new BranchRead(TypeNames.ExpressionType(br.Type), n.Span, br.Name, br.Type);
            }
            if (_symbols.Tags.TryGetValue(n.Name, out var tag)) return new IntLiteral(HepType.Int, n.Span, tag.Index);
            if (n.Name == "pi") return new FloatLiteral(HepType.Float, n.Span, System.Math.PI);

            var candidates = _symbols.GlobalNames().Concat(scope?.Names() ?? Enumerable.Empty<string>()).ToList();
            if (implicitElement?.Type.Collection != null) candidates.AddRange(MemberNames(_symbols.Collections[implicitElement.Type.Collection]));
            var where = implicitElement?.Type.Collection != null ? $" (not a variable, a field of {implicitElement.Type.Collection}, a definition, a collection or a branch)" : " (not a variable, definition, collection or branch)";
            return Fail(DiagnosticIds.UnknownName, n.Span, $"unknown name '{n.Name}'{where}" + Suggestions.For(n.Name, candidates));
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
            return Fail(DiagnosticIds.UnknownField, nameSpan, $"'{c.Name}' has no field '{name}'" + Suggestions.For(name, MemberNames(c)));
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
                    return Fail(DiagnosticIds.UnknownField, m.NameSpan, $"a four-vector has no property '{m.Name}'" + Suggestions.For(m.Name, Builtins.Properties.Keys));
                case TypeKind.Combination:
                {
                    var slot = target.Type.Slots.FirstOrDefault(s => s.Name == m.Name);
                    if (slot == null)
                        return Fail(DiagnosticIds.UnknownSlot, m.NameSpan, $"the combination {target.Type} has no member '{m.Name}'" + Suggestions.For(m.Name, target.Type.Slots.Select(s => s.Name)));
                    return new SlotAccess(HepType.ObjectOf(slot.Collection, target.Type.Optional), m.Span, target, slot.Name);
                }
                case TypeKind.Collection:
                {
                    // Jet.pt: one value per object.
                    var c = _symbols.Collections[target.Type.Collection!];
                    if (!HasMember(c, m.Name))
                        return Fail(DiagnosticIds.UnknownField, m.NameSpan, $"'{c.Name}' has no field '{m.Name}'" + Suggestions.For(m.Name, MemberNames(c)));
                    var variable = ProjectionVariable(target, c);
                    var elementType = HepType.ObjectOf(c.Name);
                    var element = ObjectMember(new VariableRef(elementType, m.Target.Span, variable), c, m.Name, m.NameSpan, m.Span);
                    if (Failed(element)) return element;
                    var binder = new Binder(EquatableArray.Create(new BoundVariable(variable, target, elementType)), false);
                    return new IterationExpr(HepType.ValuesOf(element.Type, c.Name), m.Span, binder, element);
                }
                default:
                    return Fail(DiagnosticIds.TypeMismatch, m.NameSpan, $"cannot read '.{m.Name}' of {target.Type}");
            }
        }

        private string ProjectionVariable(Expr source, CollectionSymbol c)
        {
            var printed = ModelPrinter.Expression(source);
            if (ProjectionReuse is { } reuse && reuse.Source == printed)
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
                Diagnostics.Error(DiagnosticIds.TypeMismatch, i.Index.Span, $"the index of fixed-size array '{array.Name}' must be a whole number written out (0 to {array.Length - 1})");
                return Error(i.Span);
            }
            if (literal.Value < 0 || literal.Value >= array.Length)
            {
                Diagnostics.Error(DiagnosticIds.TypeMismatch, i.Index.Span, $"index {literal.Value} is outside '{array.Name}', which holds {array.Length} values (0 to {array.Length - 1})");
                return Error(i.Span);
            }
            _symbols.Usage.Branches.Add(array.Name);
            return new ArrayElementRead(TypeNames.ExpressionType(array.Type), i.Span, array.Name, array.Type, array.Length, (int)literal.Value);
        }

        // ------------------------------------------------------------------ operators

        private Expr CheckUnary(UnarySyntax u, Scope? scope)
        {
            var operand = Check(u.Operand, scope);
            if (Failed(operand)) return operand;
            if (u.Op == UnaryOp.Not)
            {
                operand = RequireKind(operand, TypeKind.Bool, "'not'");
                return Failed(operand) ? operand : new Unary(HepType.Bool with { Optional = operand.Type.Optional }, u.Span, u.Op, operand);
            }
            if (PerObject(operand) is { } values)
                return Lift(values, u.Span, element => new Unary(element.Type, u.Span, u.Op, element), "'-'");
            operand = RequireNumber(operand, "'-'");
            return Failed(operand) ? operand : new Unary(operand.Type, u.Span, u.Op, operand);
        }

        /// <summary>Per-object values (<c>Jet.pt</c>, <c>VALUE for j in Jet</c>), or null.</summary>
        private static IterationExpr? PerObject(Expr x) => x is IterationExpr { Element: not null } it ? it : null;

        /// <summary>
        /// Arithmetic on per-object values is per object: <c>Jet.pt * 2</c> is <c>j.pt * 2 for j in Jet</c>, so a
        /// histogram of it fills once per jet and <c>sum(Jet.pt * 2)</c> sums it.
        /// </summary>
        private Expr Lift(IterationExpr values, SourceSpan span, System.Func<Expr, Expr> perElement, string role)
        {
            var element = RequireNumber(values.Element!, role);
            if (Failed(element)) return element;
            var lifted = perElement(element);
            if (Failed(lifted)) return lifted;
            return new IterationExpr(HepType.ValuesOf(lifted.Type.AsRequired(), values.Type.Collection!), span, values.Over, lifted);
        }

        /// <summary>The error for per-object values on both sides of an operator that iterate differently.</summary>
        private Expr TwoIterations(SourceSpan span, IterationExpr left, string role)
        {
            var source = left.Over.Variables.Count == 1 ? ModelPrinter.Expression(left.Over.Variables[0].Source) : "Jet";
            return Fail(DiagnosticIds.PerObjectMisuse, span,
                $"{role}: the two sides are per-object values of different objects; name the objects once, like 'o.pt * o.eta for o in {source}' or 'a.pt * b.pt for pair (a, b) in {source}'");
        }

        private Expr CheckBinary(BinarySyntax b, Scope? scope)
        {
            // 'a + b + c + ...' leans left as deep as it is long: walk that spine with a loop, innermost first.
            var spine = new List<BinarySyntax>();
            SyntaxExpr e = b;
            while (e is BinarySyntax s) { spine.Add(s); e = s.Left; }
            var left = Check(e, scope);
            for (var k = spine.Count - 1; k >= 0; k--)
                left = CheckBinary(spine[k], left, CheckRight(spine[k], left, scope), scope);
            return left;
        }

        /// <summary>The right side of 'and' runs only where the left is true, of 'or' only where it is false.</summary>
        private Expr CheckRight(BinarySyntax b, Expr left, Scope? scope) =>
            b.Op == BinaryOp.And ? WithProofs(PresenceProofs.WhenTrue(left), () => Check(b.Right, scope))
            : b.Op == BinaryOp.Or ? WithProofs(PresenceProofs.WhenFalse(left), () => Check(b.Right, scope))
            : CheckSharingTheObject(left, b.Right, scope);

        private Expr CheckBinary(BinarySyntax b, Expr left, Expr right, Scope? scope)
        {
            if (Failed(left, right)) return Error(b.Span);
            if (b.Op != BinaryOp.And && b.Op != BinaryOp.Or && (PerObject(left) != null || PerObject(right) != null))
                return LiftBinary(b, left, right, scope);
            var optional = left.Type.Optional || right.Type.Optional;
            var symbol = OperatorText(b.Op);
            if (b.Op == BinaryOp.And || b.Op == BinaryOp.Or)
            {
                left = RequireKind(left, TypeKind.Bool, $"left of '{symbol}'");
                right = RequireKind(right, TypeKind.Bool, $"right of '{symbol}'");
                if (Failed(left, right)) return Error(b.Span);
                return new Binary(HepType.Bool with { Optional = optional }, b.Span, b.Op, left, right);
            }
            if ((b.Op == BinaryOp.Add || b.Op == BinaryOp.Subtract) && (CanBeFourVector(left) || CanBeFourVector(right)) && !(left.Type.IsNumeric || right.Type.IsNumeric))
            {
                left = AsFourVector(left, $"left of '{symbol}'");
                right = AsFourVector(right, $"right of '{symbol}'");
                if (Failed(left, right)) return Error(b.Span);
                return new Binary(HepType.FourVector with { Optional = optional }, b.Span, b.Op, left, right);
            }
            left = RequireNumber(left, $"left of '{symbol}'");
            right = RequireNumber(right, $"right of '{symbol}'");
            if (Failed(left, right)) return Error(b.Span);
            var bothInt = left.Type.Kind == TypeKind.Int && right.Type.Kind == TypeKind.Int;
            if (bothInt && b.Op == BinaryOp.Modulo && IntConstants.Value(right) == 0)
                return Fail(DiagnosticIds.DivisionByZero, right.Span, "the remainder of a division by zero: the right side of '%' is always 0");
            var type = bothInt && b.Op != BinaryOp.Divide && b.Op != BinaryOp.Power ? HepType.Int : HepType.Float;
            return new Binary(type with { Optional = optional }, b.Span, b.Op, left, right);
        }

        /// <summary>
        /// Checks the right operand; when the left is a projection like <c>Jet.pt</c>, a projection of the same source
        /// on the right (<c>Jet.eta</c>) reads the same object, as the two fills of a 2D histogram do.
        /// </summary>
        private Expr CheckSharingTheObject(Expr left, SyntaxExpr right, Scope? scope)
        {
            var outer = ProjectionReuse;
            if (PerObject(left) is { } values && values.Over.Variables.Count == 1 && values.Over.Where == null)
                ProjectionReuse = (ModelPrinter.Expression(values.Over.Variables[0].Source), values.Over.Variables[0].Name);
            try { return Check(right, scope); }
            finally { ProjectionReuse = outer; }
        }

        /// <summary><c>Jet.pt * 2</c>, <c>2 * Jet.pt</c>, <c>Jet.px * Jet.px</c>: one value per object.</summary>
        private Expr LiftBinary(BinarySyntax b, Expr left, Expr right, Scope? scope)
        {
            var symbol = OperatorText(b.Op);
            var (l, r) = (PerObject(left), PerObject(right));
            if (l != null && r != null && ModelPrinter.BinderText(l.Over) != ModelPrinter.BinderText(r.Over))
                return TwoIterations(b.Span, l, $"'{symbol}'");
            if ((l == null && left.Type.Kind is TypeKind.Values or TypeKind.Collection) || (r == null && right.Type.Kind is TypeKind.Values or TypeKind.Collection))
                return Mismatch(l == null ? left : right, "a number", $"'{symbol}'");
            var values = (l ?? r)!;
            var other = l == null ? RequireNumber(left, $"left of '{symbol}'") : r == null ? RequireNumber(right, $"right of '{symbol}'") : null;
            if (other != null && Failed(other)) return other;
            return Lift(values, b.Span, element =>
            {
                var (x, y) = l != null && r != null ? (element, RequireNumber(r.Element!, $"right of '{symbol}'")) : l != null ? (element, other!) : (other!, element);
                if (Failed(y)) return y;
                var bothInt = x.Type.Kind == TypeKind.Int && y.Type.Kind == TypeKind.Int;
                var type = bothInt && b.Op != BinaryOp.Divide && b.Op != BinaryOp.Power ? HepType.Int : HepType.Float;
                return new Binary(type with { Optional = x.Type.Optional || y.Type.Optional }, b.Span, b.Op, x, y);
            }, $"{(l != null ? "left" : "right")} of '{symbol}'");
        }

        private static string OperatorText(BinaryOp op) => op switch
        {
            BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", BinaryOp.Divide => "/",
            BinaryOp.Modulo => "%", BinaryOp.Power => "^", BinaryOp.And => "and", _ => "or",
        };

        private Expr CheckCompare(CompareSyntax c, Scope? scope)
        {
            var operands = c.Operands.Select(o => Check(o, scope)).ToList();
            if (Failed(operands.ToArray())) return Error(c.Span);
            for (var i = 0; i < c.Ops.Count; i++)
            {
                var (l, r, op) = (operands[i], operands[i + 1], c.Ops[i]);
                if (l.Type.IsNumeric && r.Type.IsNumeric) continue;
                var equality = op == CompareOp.Equal || op == CompareOp.NotEqual;
                if (equality && c.Ops.Count == 1)
                {
                    if (l.Type.Kind == TypeKind.Bool && r.Type.Kind == TypeKind.Bool) continue;
                    if (l.Type.Kind == TypeKind.Object && r.Type.Kind == TypeKind.Object)
                    {
                        if (l.Type.Collection == r.Type.Collection || IsMemberOf(l.Type.Collection, r.Type.Collection) || IsMemberOf(r.Type.Collection, l.Type.Collection)) continue;
                        return Fail(DiagnosticIds.TypeMismatch, c.Span, $"cannot compare an object of '{l.Type.Collection}' with an object of '{r.Type.Collection}'");
                    }
                }
                var bad = l.Type.IsNumeric ? r : l;
                return Mismatch(bad, equality && c.Ops.Count == 1 ? "a number (or two conditions, or two objects of one collection)" : "a number", "comparison");
            }
            return new Comparison(HepType.Bool with { Optional = AnyOptional(operands) }, c.Span, operands.ToEquatableArray(), c.Ops.ToEquatableArray());
        }

        /// <summary>True when <paramref name="member"/> is a member of the union <paramref name="union"/> (a muon is a lepton).</summary>
        private bool IsMemberOf(string? member, string? union) =>
            member != null && union != null && _symbols.Collections.TryGetValue(union, out var u) && u.Kind == CollectionKind.Union && u.Members.Contains(member);

        private Expr CheckIf(IfSyntax i, Scope? scope)
        {
            var condition = CheckBool(i.Condition, scope, "'if' condition");
            // Only the branch the condition chooses is evaluated: what the condition proves present is present there.
            var then = WithProofs(PresenceProofs.WhenTrue(condition), () => Check(i.Then, scope));
            var otherwise = WithProofs(PresenceProofs.WhenFalse(condition), () => Check(i.Else, scope));
            if (Failed(condition, then, otherwise)) return Error(i.Span);
            HepType type;
            if (then.Type.IsNumeric && otherwise.Type.IsNumeric)
                type = then.Type.Kind == TypeKind.Int && otherwise.Type.Kind == TypeKind.Int ? HepType.Int : HepType.Float;
            else if (then.Type.AsRequired() == otherwise.Type.AsRequired() && then.Type.Kind != TypeKind.Values)
                type = then.Type.AsRequired();
            else
                return Fail(DiagnosticIds.TypeMismatch, i.Else.Span, $"'else' branch: expected {then.Type.AsRequired()} like the 'then' branch but got {otherwise.Type}");
            var optional = condition.Type.Optional || then.Type.Optional || otherwise.Type.Optional;
            return new Conditional(type with { Optional = optional }, i.Span, condition, then, otherwise);
        }

        // ------------------------------------------------------------------ collections

        private Expr RequireCollection(Expr source, string role)
        {
            if (Failed(source) || source.Type.Kind == TypeKind.Collection) return source;
            return Mismatch(source, "a collection", role);
        }

        private (Scope Inner, string Variable, HepType Element) ImplicitElement(Expr source, Scope? scope)
        {
            var element = HepType.ObjectOf(source.Type.Collection!);
            var variable = _symbols.FreshVariable("it");
            return (new Scope(scope, "it", variable, element, true), variable, element);
        }

        private Expr CheckWith(WithSyntax w, Scope? scope)
        {
            var source = RequireCollection(Check(w.Source, scope), "'with'");
            if (Failed(source)) return source;
            var (inner, variable, _) = ImplicitElement(source, scope);
            var predicate = CheckBool(w.Predicate, inner, "'with' condition");
            if (Failed(predicate)) return predicate;
            return new Filter(source.Type, w.Span, source, variable, predicate);
        }

        private Expr CheckSort(SortSyntax s, Scope? scope)
        {
            var source = RequireCollection(Check(s.Source, scope), "'sorted by'");
            if (Failed(source)) return source;
            var (inner, variable, _) = ImplicitElement(source, scope);
            var key = CheckNumber(s.Key, inner, "sort key");
            if (Failed(key)) return key;
            return new Sort(source.Type, s.Span, source, variable, key, s.Descending);
        }

        private Expr CheckBest(BestSyntax b, Scope? scope)
        {
            Binder? binder;
            Scope? inner;
            HepType type;
            if (b.Source is TuplesSyntax tuples)
            {
                (binder, inner) = CheckBinder(tuples.Binder, scope);
                if (binder == null) return Error(b.Span);
                type = binder.TupleType.AsOptional();
            }
            else
            {
                var source = RequireCollection(Check(b.Source, scope), KindText(b.Kind));
                if (Failed(source)) return source;
                var (implicitScope, variable, element) = ImplicitElement(source, scope);
                inner = implicitScope;
                binder = new Binder(EquatableArray.Create(new BoundVariable(variable, source, element)), false);
                type = element.AsOptional();
            }
            var key = CheckNumber(b.Key, inner, KindText(b.Kind) + " key");
            Expr? target = null;
            if (b.Target != null) target = CheckNumber(b.Target, scope, "'closest to' target");
            if (Failed(key) || (target != null && Failed(target))) return Error(b.Span);
            return new Best(type, b.Span, b.Kind, binder, key, target);
        }

        private static string KindText(BestKind k) => k == BestKind.ClosestTo ? "'closest to'" : k == BestKind.MaxBy ? "'max by'" : "'min by'";

        /// <summary>Checks a binder; returns null (after reporting) when a source is not a collection.</summary>
        public (Binder? Binder, Scope? Inner) CheckBinder(BinderSyntax b, Scope? scope)
        {
            var variables = new List<BoundVariable>();
            var inner = scope;
            Expr? shared = null;
            var ok = true;
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var v in b.Variables)
            {
                Expr source;
                if (b.Distinct && shared != null) source = shared;
                else
                {
                    source = RequireCollection(Check(v.Source, scope), $"'{v.Name} in ...'");
                    shared = source;
                }
                if (Failed(source)) { ok = false; continue; }
                var element = HepType.ObjectOf(source.Type.Collection!);
                if (!seen.Add(v.Name))
                {
                    Diagnostics.Error(DiagnosticIds.DuplicateName, v.Span, $"variable '{v.Name}' is bound twice in one combination");
                    ok = false;
                    continue;
                }
                var unique = _symbols.FreshVariable(v.Name);
                variables.Add(new BoundVariable(unique, source, element, v.Name));
                inner = new Scope(inner, v.Name, unique, element, false);
            }
            if (!ok) return (null, inner);
            Expr? where = null;
            if (b.Where != null)
            {
                where = CheckBool(b.Where, inner, "'where' condition");
                if (Failed(where)) return (null, inner);
            }
            return (new Binder(variables.ToEquatableArray(), b.Distinct, where), inner);
        }

        private Expr CheckQuantifier(QuantifierSyntax q, Scope? scope)
        {
            var (binder, inner) = CheckBinder(q.Binder, scope);
            var body = CheckBool(q.Body, inner, $"'{q.Kind.ToString().ToLowerInvariant()}' condition");
            if (binder == null || Failed(body)) return Error(q.Span);
            WarnAboutTermsOutsideTheQuantifier(q);
            return new Quantifier(HepType.Bool, q.Span, q.Kind, binder, body);
        }

        /// <summary>
        /// The condition after ':' runs to the end of the expression, so in
        /// <c>Jet with none l in leptons: deltaR(it, l) &lt; 0.4 and abs(eta) &lt; 1.0</c> the last term is inside the
        /// quantifier. A top-level and/or term that does not use the quantifier's variables was probably meant outside.
        /// </summary>
        private void WarnAboutTermsOutsideTheQuantifier(QuantifierSyntax q)
        {
            if (q.Bracketed || !(q.Body is BinarySyntax top && (top.Op == BinaryOp.And || top.Op == BinaryOp.Or))) return;
            var variables = new HashSet<string>(q.Binder.Variables.Select(v => v.Name), System.StringComparer.Ordinal);
            var terms = new List<(SyntaxExpr Term, BinaryOp Op)>();
            // Left to right, with an explicit stack: an and/or chain may be thousands of terms long.
            var pending = new Stack<(SyntaxExpr Term, BinaryOp Op)>();
            pending.Push((q.Body, top.Op));
            while (pending.Count > 0)
            {
                var (e, op) = pending.Pop();
                if (e is BinarySyntax b && (b.Op == BinaryOp.And || b.Op == BinaryOp.Or)) { pending.Push((b.Right, b.Op)); pending.Push((b.Left, b.Op)); }
                else terms.Add((e, op));
            }
            foreach (var (term, op) in terms)
            {
                if (Mentions(term, variables)) continue;
                var kind = q.Kind.ToString().ToLowerInvariant();
                var names = string.Join(", ", variables);
                Diagnostics.Warning(DiagnosticIds.TermOutsideQuantifier, term.Span,
                    $"this '{(op == BinaryOp.And ? "and" : "or")}' term does not use '{names}' but is part of the '{kind}' condition (the condition after ':' runs to the end of the expression); "
                    + $"if it is meant outside, bracket the quantifier: ({kind} {names} in ...: ...) {(op == BinaryOp.And ? "and" : "or")} ...; if inside, bracket the condition");
            }
        }

        /// <summary>True when <paramref name="e"/> refers to one of <paramref name="names"/> anywhere inside.</summary>
        private static bool Mentions(SyntaxExpr e, HashSet<string> names)
        {
            switch (e)
            {
                case NameSyntax n: return names.Contains(n.Name);
                case MemberSyntax m: return Mentions(m.Target, names);
                case IndexSyntax i: return Mentions(i.Target, names) || Mentions(i.Index, names);
                case CallSyntax c: return c.Arguments.Any(a => Mentions(a, names));
                case UnarySyntax u: return Mentions(u.Operand, names);
                case BinarySyntax b:
                {
                    SyntaxExpr x = b;
                    while (x is BinarySyntax s) { if (Mentions(s.Right, names)) return true; x = s.Left; }
                    return Mentions(x, names);
                }
                case CompareSyntax c: return c.Operands.Any(o => Mentions(o, names));
                case IfSyntax f: return Mentions(f.Condition, names) || Mentions(f.Then, names) || Mentions(f.Else, names);
                case WithSyntax w: return Mentions(w.Source, names) || Mentions(w.Predicate, names);
                case SortSyntax s: return Mentions(s.Source, names) || Mentions(s.Key, names);
                case BestSyntax b: return Mentions(b.Source, names) || (b.Target != null && Mentions(b.Target, names)) || Mentions(b.Key, names);
                case QuantifierSyntax q: return Mentions(q.Binder, names) || Mentions(q.Body, names);
                case ForSyntax f: return Mentions(f.Element, names) || Mentions(f.Binder, names);
                case TuplesSyntax t: return Mentions(t.Binder, names);
                default: return false;
            }
        }

        private static bool Mentions(BinderSyntax b, HashSet<string> names) =>
            b.Variables.Any(v => Mentions(v.Source, names)) || (b.Where != null && Mentions(b.Where, names));

        private Expr CheckFor(ForSyntax f, Scope? scope)
        {
            var (binder, inner) = CheckBinder(f.Binder, scope);
            var element = Check(f.Element, inner);
            if (binder == null || Failed(element)) return Error(f.Span);
            if (element.Type.Kind == TypeKind.Values || element.Type.Kind == TypeKind.Collection)
                return Fail(DiagnosticIds.PerObjectMisuse, f.Element.Span, $"'for': expected one value per tuple but got {element.Type}");
            return new IterationExpr(HepType.ValuesOf(element.Type.AsRequired(), binder.Variables[0].ElementType.Collection!), f.Span, binder, element);
        }

        /// <summary>Collections and per-object values as an iteration (a fresh variable for a collection).</summary>
        public IterationExpr? AsIteration(Expr x)
        {
            if (x is IterationExpr it) return it;
            if (x.Type.Kind != TypeKind.Collection) return null;
            var c = _symbols.Collections[x.Type.Collection!];
            var element = HepType.ObjectOf(c.Name);
            var variable = _symbols.FreshVariable(char.ToLowerInvariant(c.Name[0]) + c.Name.Substring(1));
            var binder = new Binder(EquatableArray.Create(new BoundVariable(variable, x, element)), false);
            return new IterationExpr(HepType.ValuesOf(element, c.Name), x.Span, binder, new VariableRef(element, x.Span, variable));
        }

        // ------------------------------------------------------------------ calls

        private Expr CheckUserCall(CallSyntax c, FunctionSymbol f, Scope? scope)
        {
            var args = c.Arguments.Select(a => Check(a, scope)).ToList();
            if (args.Any(a => a.Type.Kind == TypeKind.Error)) return Error(c.Span);
            if (args.Count != f.Parameters.Count)
                return Fail(DiagnosticIds.WrongArity, c.NameSpan, $"{c.Name} takes {f.Parameters.Count} argument{(f.Parameters.Count == 1 ? "" : "s")} ({string.Join(", ", f.Parameters.Select(p => p.ToString().ToLowerInvariant()))}) but got {args.Count}");
            for (var i = 0; i < args.Count; i++)
            {
                var want = TypeNames.ExpressionType(f.Parameters[i]);
                var got = args[i].Type;
                var ok = want.Kind == TypeKind.Bool ? got.Kind == TypeKind.Bool
                    : want.Kind == TypeKind.Int ? got.Kind == TypeKind.Int
                    : got.Kind == TypeKind.Int || got.Kind == TypeKind.Float;
                if (!ok)
                    return Fail(DiagnosticIds.TypeMismatch, args[i].Span, $"argument {i + 1} of {c.Name} is {f.Parameters[i].ToString().ToLowerInvariant()}, but this is {got}");
            }
            var optional = args.Any(a => a.Type.Optional);
            return new UserCall(TypeNames.ExpressionType(f.ReturnType) with { Optional = optional }, c.Span, f.Name, f.Method, f.Parameters.ToEquatableArray(), f.ReturnType, args.ToEquatableArray());
        }

        private Expr CheckCall(CallSyntax c, Scope? scope)
        {
            if (_symbols.Functions.TryGetValue(c.Name, out var user)) return CheckUserCall(c, user, scope);
            var special = Builtins.Special.Contains(c.Name);
            if (!special && !Builtins.Scalar.ContainsKey(c.Name))
            {
                foreach (var a in c.Arguments) Check(a, scope);
                var hint = Suggestions.For(c.Name, Builtins.AllNames());
                return Fail(DiagnosticIds.UnknownFunction, c.NameSpan, $"unknown function '{c.Name}'" + (hint.Length > 0 ? hint : "; see the function list in docs/language.md"));
            }
            var args = c.Arguments.Select(a => Check(a, scope)).ToList();
            if (Failed(args.ToArray())) return Error(c.Span);

            switch (c.Name)
            {
                case "count": case "sum": case "product": case "mean":
                    if (!Arity(c, args.Count, 1, 1)) return Error(c.Span);
                    return Reduce(c, c.Name, args[0]);
                case "min": case "max":
                    if (args.Count == 1) return Reduce(c, c.Name, args[0]);
                    if (!Arity(c, args.Count, 1, int.MaxValue)) return Error(c.Span);
                    for (var i = 0; i < args.Count; i++)
                    {
                        args[i] = RequireNumber(args[i], $"argument {i + 1} of {c.Name}");
                        if (Failed(args[i])) return Error(c.Span);
                    }
                    return new Call((args.All(a => a.Type.Kind == TypeKind.Int) ? HepType.Int : HepType.Float) with { Optional = AnyOptional(args) },
                        c.Span, c.Name == "min" ? Builtin.Min : Builtin.Max, args.ToEquatableArray());
                case "exists":
                    if (!Arity(c, args.Count, 1, 1)) return Error(c.Span);
                    if (args[0].Type.Kind == TypeKind.Values || args[0].Type.Kind == TypeKind.Collection)
                        return Mismatch(args[0], "a single value that may be absent", "exists");
                    if (!args[0].Type.Optional)
                        Diagnostics.Warning(DiagnosticIds.NotOptional, args[0].Span, $"exists(...) of {args[0].Type} is always true: the value is never absent");
                    return new Exists(HepType.Bool, c.Span, args[0]);
                case "leading": case "subleading":
                {
                    if (!Arity(c, args.Count, 1, 1)) return Error(c.Span);
                    var source = RequireCollection(args[0], c.Name);
                    if (Failed(source)) return source;
                    var col = _symbols.Collections[source.Type.Collection!];
                    var variable = _symbols.FreshVariable("it");
                    var element = HepType.ObjectOf(col.Name);
                    var key = ObjectMember(new VariableRef(element, c.Span, variable), col, "pt", c.NameSpan, c.Span);
                    if (Failed(key)) return key;
                    var sorted = new Sort(source.Type, c.Span, source, variable, key, true);
                    return new IndexAccess(HepType.ObjectOf(col.Name, true), c.Span, sorted, new IntLiteral(HepType.Int, c.Span, c.Name == "leading" ? 0 : 1));
                }
            }

            var (function, shape) = Builtins.Scalar[c.Name];
            if (function == Builtin.Normal)
            {
                if (!AllowRandom)
                    return Fail(DiagnosticIds.RandomOutsideVariation, c.NameSpan, "normal(mean, sigma) draws a random number: it is allowed only in the value of an object variation (variation NAME: Jet.pt = pt * normal(1, 0.05)), where it is seeded by the event identity");
                UsedRandom = true;
            }
            var optional = AnyOptional(args);
            switch (shape)
            {
                case BuiltinShape.Numeric1:
                case BuiltinShape.Numeric2:
                {
                    var n = shape == BuiltinShape.Numeric1 ? 1 : 2;
                    if (!Arity(c, args.Count, n, n)) return Error(c.Span);
                    // abs(Jet.eta), atan2(Jet.py, 1.0): one value per object.
                    var perObject = args.Select(PerObject).ToList();
                    if (perObject.Count(p => p != null) == 1)
                    {
                        var k = perObject.FindIndex(p => p != null);
                        for (var i = 0; i < n; i++)
                        {
                            if (i == k) continue;
                            args[i] = RequireNumber(args[i], $"argument {i + 1} of {c.Name}");
                            if (Failed(args[i])) return Error(c.Span);
                        }
                        return Lift(perObject[k]!, c.Span, element =>
                        {
                            var lifted = args.ToList();
                            lifted[k] = element;
                            var t = function == Builtin.Abs && element.Type.Kind == TypeKind.Int ? HepType.Int : HepType.Float;
                            return new Call(t with { Optional = AnyOptional(lifted) }, c.Span, function, lifted.ToEquatableArray());
                        }, $"argument {k + 1} of {c.Name}");
                    }
                    for (var i = 0; i < n; i++)
                    {
                        args[i] = RequireNumber(args[i], $"argument {i + 1} of {c.Name}");
                        if (Failed(args[i])) return Error(c.Span);
                    }
                    var type = function == Builtin.Abs && args[0].Type.Kind == TypeKind.Int ? HepType.Int : HepType.Float;
                    return new Call(type with { Optional = optional }, c.Span, function, args.ToEquatableArray());
                }
                case BuiltinShape.Vector1:
                case BuiltinShape.Vector2:
                {
                    var n = shape == BuiltinShape.Vector1 ? 1 : 2;
                    if (!Arity(c, args.Count, n, n)) return Error(c.Span);
                    for (var i = 0; i < n; i++)
                    {
                        args[i] = AsFourVector(args[i], $"argument {i + 1} of {c.Name}");
                        if (Failed(args[i])) return Error(c.Span);
                    }
                    return new Call(HepType.Float with { Optional = optional }, c.Span, function, args.ToEquatableArray());
                }
                default:
                {
                    if (!Arity(c, args.Count, 4, 4)) return Error(c.Span);
                    for (var i = 0; i < 4; i++)
                    {
                        args[i] = RequireNumber(args[i], $"argument {i + 1} of {c.Name}");
                        if (Failed(args[i])) return Error(c.Span);
                    }
                    return new Call(HepType.FourVector with { Optional = optional }, c.Span, function, args.ToEquatableArray());
                }
            }
        }

        private bool Arity(CallSyntax c, int got, int min, int max)
        {
            if (got >= min && got <= max) return true;
            var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            Diagnostics.Error(DiagnosticIds.WrongArity, c.Span, $"{c.Name} takes {expected} argument{(min == 1 && max == 1 ? "" : "s")} but got {got}");
            return false;
        }

        private Expr Reduce(CallSyntax c, string name, Expr argument)
        {
            var iteration = AsIteration(argument);
            if (iteration == null)
                return Fail(DiagnosticIds.TypeMismatch, argument.Span, $"{name}: expected a collection or per-object values (like Jet.pt) but got {argument.Type}");
            if (name == "count") return new Reduction(HepType.Int, c.Span, ReductionKind.Count, iteration.Over, null);
            if (iteration.Element == null)
                return Fail(DiagnosticIds.TypeMismatch, argument.Span, $"{name}: expected values but got the tuples {iteration.Type.Element}; write '{name}(VALUE for pair (a, b) in ...)'");
            var element = iteration.Element;
            if (name == "sum" && !element.Type.IsNumeric && CanBeFourVector(element))
            {
                var vector = AsFourVector(element, "sum");
                return new Reduction(HepType.FourVector, c.Span, ReductionKind.FourVectorSum, iteration.Over, vector);
            }
            element = RequireNumber(element, name);
            if (Failed(element)) return element;
            var kind = name == "sum" ? ReductionKind.Sum : name == "product" ? ReductionKind.Product : name == "min" ? ReductionKind.Min : name == "max" ? ReductionKind.Max : ReductionKind.Mean;
            // A product is a Float (a product of integers overflows 64 bits quickly), 1 over nothing.
            var type = kind == ReductionKind.Mean ? HepType.Float.AsOptional()
                : kind == ReductionKind.Product ? HepType.Float
                : kind == ReductionKind.Sum ? element.Type.AsRequired()
                : element.Type.AsRequired().AsOptional();
            return new Reduction(type, c.Span, kind, iteration.Over, element);
        }
    }
}
