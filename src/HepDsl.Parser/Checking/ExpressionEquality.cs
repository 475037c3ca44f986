using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    /// <summary>
    /// Whether two checked expressions mean the same thing: the same nodes with the same operators, names and
    /// literals, whatever their spans (two checks of one text at different places, or written with other blanks).
    /// Types are not compared: they follow from the nodes, except whether a value may be absent, which depends on
    /// where it is checked (a value proven present by <c>exists(x)</c> is the same value). Variables an expression
    /// binds itself (the fresh <c>it3</c> of <c>Jet with ...</c>, <c>j2</c> of <c>any j in Jet: ...</c>) are matched
    /// by position, so two checks of one text compare equal; variables bound outside keep their names.
    /// The walk uses a stack, not recursion: operator chains are as deep as they are long (15,000 terms and more).
    /// </summary>
    public sealed class ExpressionEquality : IEqualityComparer<Expr>
    {
        public static readonly ExpressionEquality Instance = new ExpressionEquality();

        private ExpressionEquality() { }

        /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are the same expression (see the class summary).</summary>
        public static bool Same(Expr? a, Expr? b) => new Walk().Run(a, b);

        /// <summary>
        /// True when two iterations run over the same tuples with the same variable names: per-object values built on
        /// them (<c>Jet.pt</c> and <c>Jet.eta</c> of one histogram) read the same objects. The binders' own variables
        /// must match by name, because the values that use them name them.
        /// </summary>
        public static bool SameIteration(Binder a, Binder b)
        {
            if (a.Variables.Count != b.Variables.Count) return false;
            for (var i = 0; i < a.Variables.Count; i++)
                if (a.Variables[i].Name != b.Variables[i].Name || a.Variables[i].Slot != b.Variables[i].Slot) return false;
            return new Walk().Run(a, b);
        }

        bool IEqualityComparer<Expr>.Equals(Expr? x, Expr? y) => Same(x, y);

        /// <summary>A hash that agrees with <see cref="Same"/>: node kinds, operators, names and literals, no spans, types or bound variable names.</summary>
        public int GetHashCode(Expr e)
        {
            var hash = 17;
            var pending = new Stack<object>();
            pending.Push(e);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                if (node is Binder binder)
                {
                    hash = Mix(hash, binder.Variables.Count * 2 + (binder.Distinct ? 1 : 0));
                    foreach (var v in binder.Variables) pending.Push(v.Source);
                    if (binder.Where != null) pending.Push(binder.Where);
                    continue;
                }
                var x = (Expr)node;
                hash = Mix(hash, x.GetType().Name.GetHashCode());
                hash = Mix(hash, Payload(x));
                foreach (var child in Children(x)) if (child != null) pending.Push(child);
            }
            return hash;
        }

        private static int Mix(int hash, int value) => unchecked(hash * 31 + value);

        /// <summary>The hash of what a node holds besides its children (variable names left out: they may be renamed).</summary>
        private static int Payload(Expr e) => e switch
        {
            IntLiteral i => i.Value.GetHashCode(),
            FloatLiteral f => f.Value.GetHashCode(),
            BoolLiteral b => b.Value ? 1 : 0,
            BranchRead b => b.Branch.GetHashCode(),
            ArrayElementRead a => Mix(a.Branch.GetHashCode(), a.Index),
            DefinitionRef d => d.Name.GetHashCode(),
            CollectionRef c => c.Collection.GetHashCode(),
            SingletonRef s => s.Collection.GetHashCode(),
            FieldAccess f => f.Field.GetHashCode(),
            SlotAccess s => s.Slot.GetHashCode(),
            Unary u => (int)u.Op,
            Binary b => (int)b.Op,
            Comparison c => c.Ops.GetHashCode(),
            UserCall u => u.Function.GetHashCode(),
            Call c => (int)c.Function,
            Quantifier q => (int)q.Kind,
            Sort s => s.Descending ? 1 : 0,
            Reduction r => (int)r.Kind,
            Best b => (int)b.Kind,
            _ => 0,
        };

        /// <summary>The sub-expressions and binders of a node, in a fixed order (null where an optional part is missing).</summary>
        private static IEnumerable<object?> Children(Expr e)
        {
            switch (e)
            {
                case FieldAccess f: return new object?[] { f.Target };
                case ObjectFourVector o: return new object?[] { o.Target };
                case Exists x: return new object?[] { x.Operand };
                case SlotAccess s: return new object?[] { s.Target };
                case IndexAccess i: return new object?[] { i.Source, i.Index };
                case Unary u: return new object?[] { u.Operand };
                case Binary b: return new object?[] { b.Left, b.Right };
                case Comparison c: return c.Operands;
                case Conditional c: return new object?[] { c.Condition, c.Then, c.Else };
                case UserCall u: return u.Arguments;
                case Call c: return c.Arguments;
                case Quantifier q: return new object?[] { q.Over, q.Predicate };
                case Filter f: return new object?[] { f.Source, f.Predicate };
                case Sort s: return new object?[] { s.Source, s.Key };
                case Reduction r: return new object?[] { r.Over, r.Value };
                case Best b: return new object?[] { b.Over, b.Key, b.Target };
                case IterationExpr it: return new object?[] { it.Over, it.Element };
                default: return Array.Empty<object?>();
            }
        }

        /// <summary>One comparison: the pairs still to compare and the bound variables matched so far (both ways).</summary>
        private sealed class Walk
        {
            private readonly Stack<(object? A, object? B)> _pending = new Stack<(object? A, object? B)>();
            private readonly Dictionary<string, string> _aToB = new Dictionary<string, string>(StringComparer.Ordinal);
            private readonly Dictionary<string, string> _bToA = new Dictionary<string, string>(StringComparer.Ordinal);

            public bool Run(object? a, object? b)
            {
                _pending.Push((a, b));
                while (_pending.Count > 0)
                {
                    var (x, y) = _pending.Pop();
                    if (x == null || y == null)
                    {
                        if (x != null || y != null) return false;
                        continue;
                    }
                    if (ReferenceEquals(x, y) && _aToB.Count == 0) continue;
                    if (x.GetType() != y.GetType()) return false;
                    if (x is Binder bx)
                    {
                        if (!SameBinder(bx, (Binder)y)) return false;
                        continue;
                    }
                    var (ex, ey) = ((Expr)x, (Expr)y);
                    // Binds a node's own variables before its children are compared (they are pushed after).
                    if (!SameNode(ex, ey)) return false;
                    // Pushed last first, so they are compared in order: a binder before the body that uses its variables.
                    var (cx, cy) = (Children(ex).ToList(), Children(ey).ToList());
                    if (cx.Count != cy.Count) return false;
                    for (var i = cx.Count - 1; i >= 0; i--) _pending.Push((cx[i], cy[i]));
                }
                return true;
            }

            private bool SameBinder(Binder a, Binder b)
            {
                if (a.Distinct != b.Distinct || a.Variables.Count != b.Variables.Count) return false;
                for (var i = 0; i < a.Variables.Count; i++)
                {
                    var (va, vb) = (a.Variables[i], b.Variables[i]);
                    if (va.Slot != vb.Slot) return false;
                    if (!Bind(va.Name, vb.Name)) return false;
                }
                // Sources are read outside the binder, the condition inside: either order is right.
                _pending.Push((a.Where, b.Where));
                for (var i = a.Variables.Count - 1; i >= 0; i--) _pending.Push((a.Variables[i].Source, b.Variables[i].Source));
                return true;
            }

            /// <summary>Matches a variable bound in <c>a</c> with the one bound at the same place in <c>b</c>.</summary>
            private bool Bind(string a, string b)
            {
                if (_aToB.TryGetValue(a, out var was)) return was == b;
                if (_bToA.ContainsKey(b)) return false;
                _aToB[a] = b;
                _bToA[b] = a;
                return true;
            }

            private bool SameVariable(string a, string b) =>
                _aToB.TryGetValue(a, out var bound) ? bound == b : !_bToA.ContainsKey(b) && a == b;

            /// <summary>Compares what two nodes of one type hold besides their children.</summary>
            private bool SameNode(Expr a, Expr b)
            {
                switch (a)
                {
                    case IntLiteral x: return x.Value == ((IntLiteral)b).Value;
                    case FloatLiteral x: return x.Value.Equals(((FloatLiteral)b).Value);
                    case BoolLiteral x: return x.Value == ((BoolLiteral)b).Value;
                    case BranchRead x: { var y = (BranchRead)b; return x.Branch == y.Branch && x.StoredAs == y.StoredAs; }
                    case ArrayElementRead x: { var y = (ArrayElementRead)b; return x.Branch == y.Branch && x.StoredAs == y.StoredAs && x.Length == y.Length && x.Index == y.Index; }
                    case DefinitionRef x: return x.Name == ((DefinitionRef)b).Name;
                    case VariableRef x: return SameVariable(x.Name, ((VariableRef)b).Name);
                    case CollectionRef x: return x.Collection == ((CollectionRef)b).Collection;
                    case SingletonRef x: return x.Collection == ((SingletonRef)b).Collection;
                    case FieldAccess x: { var y = (FieldAccess)b; return x.Collection == y.Collection && x.Field == y.Field; }
                    case SlotAccess x: return x.Slot == ((SlotAccess)b).Slot;
                    case Unary x: return x.Op == ((Unary)b).Op;
                    case Binary x: return x.Op == ((Binary)b).Op;
                    case Comparison x: return x.Ops == ((Comparison)b).Ops;
                    case UserCall x: { var y = (UserCall)b; return x.Function == y.Function && x.Method == y.Method && x.ParameterTypes == y.ParameterTypes && x.ReturnType == y.ReturnType; }
                    case Call x: return x.Function == ((Call)b).Function;
                    case Quantifier x: return x.Kind == ((Quantifier)b).Kind;
                    case Filter x: return Bind(x.Variable, ((Filter)b).Variable);
                    case Sort x: { var y = (Sort)b; return x.Descending == y.Descending && Bind(x.Variable, y.Variable); }
                    case Reduction x: return x.Kind == ((Reduction)b).Kind;
                    case Best x: return x.Kind == ((Best)b).Kind;
                    case ObjectFourVector _: case Exists _: case IndexAccess _: case Conditional _: case IterationExpr _: return true;
                    // A node this comparison does not know: equal only as records (spans included), never by accident.
                    default: return a.Equals(b);
                }
            }
        }
    }
}
