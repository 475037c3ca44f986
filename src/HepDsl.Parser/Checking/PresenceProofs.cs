using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    /// <summary>
    /// Which optional values a condition proves present. Where <c>exists(x)</c> is known to be true (the <c>then</c>
    /// branch of <c>if exists(x) ...</c>, the right side of <c>exists(x) and ...</c>, the <c>else</c> of
    /// <c>if not exists(x)</c>, every statement after <c>cut "...": exists(x)</c>), <c>x</c> is not optional: a weight
    /// or a value that uses it needs no presence check. Values are compared by <see cref="Key"/>, so the fresh variables
    /// the checker makes for <c>leading(Jet)</c> or <c>max(Jet.pt)</c> do not tell two identical expressions apart.
    /// </summary>
    internal static class PresenceProofs
    {
        /// <summary>The values present whenever <paramref name="condition"/> is true.</summary>
        public static IEnumerable<string> WhenTrue(Expr condition) => Proven(condition, true).Distinct();

        /// <summary>The values present whenever <paramref name="condition"/> is false.</summary>
        public static IEnumerable<string> WhenFalse(Expr condition) => Proven(condition, false).Distinct();

        // A loop, not recursion: 'a and b and c ...' chains are as deep as they are long.
        private static IEnumerable<string> Proven(Expr condition, bool value)
        {
            var result = new List<string>();
            var pending = new Stack<(Expr Condition, bool Value)>();
            pending.Push((condition, value));
            while (pending.Count > 0)
            {
                var (e, v) = pending.Pop();
                switch (e)
                {
                    case Exists x when v:
                        result.Add(Key(x.Operand));
                        break;
                    case Unary { Op: UnaryOp.Not } u:
                        pending.Push((u.Operand, !v));
                        break;
                    // "a and b" true: both true; "a or b" false: both false (left first, as written).
                    case Binary { Op: BinaryOp.And } b when v:
                        pending.Push((b.Right, true));
                        pending.Push((b.Left, true));
                        break;
                    case Binary { Op: BinaryOp.Or } b when !v:
                        pending.Push((b.Right, false));
                        pending.Push((b.Left, false));
                        break;
                }
            }
            return result;
        }

        /// <summary>
        /// The printed expression with the variables it binds itself renamed in order of appearance, so two checks of
        /// the same source text give the same key. Its free variables keep their (unique) names.
        /// </summary>
        public static string Key(Expr e)
        {
            var text = ModelPrinter.Expression(e);
            var bound = new List<string>();
            CollectBound(e, bound);
            for (var i = 0; i < bound.Count; i++)
                text = Regex.Replace(text, @"(?<![\w.$@])" + Regex.Escape(bound[i]) + @"(?![\w(])", "%" + i);
            return text;
        }

        private static void CollectBound(Expr? e, List<string> into)
        {
            void Add(string name) { if (!into.Contains(name)) into.Add(name); }
            void Binder(Binder b)
            {
                foreach (var v in b.Variables) { Add(v.Name); CollectBound(v.Source, into); }
                CollectBound(b.Where, into);
            }
            switch (e)
            {
                case null: return;
                case FieldAccess f: CollectBound(f.Target, into); break;
                case ObjectFourVector o: CollectBound(o.Target, into); break;
                case SlotAccess s: CollectBound(s.Target, into); break;
                case IndexAccess i: CollectBound(i.Source, into); CollectBound(i.Index, into); break;
                case Exists x: CollectBound(x.Operand, into); break;
                case Unary u: CollectBound(u.Operand, into); break;
                case Binary b: CollectBound(b.Left, into); CollectBound(b.Right, into); break;
                case Comparison c: foreach (var o in c.Operands) CollectBound(o, into); break;
                case Conditional c: CollectBound(c.Condition, into); CollectBound(c.Then, into); CollectBound(c.Else, into); break;
                case Call c: foreach (var a in c.Arguments) CollectBound(a, into); break;
                case Quantifier q: Binder(q.Over); CollectBound(q.Predicate, into); break;
                case Filter f: Add(f.Variable); CollectBound(f.Source, into); CollectBound(f.Predicate, into); break;
                case Sort s: Add(s.Variable); CollectBound(s.Source, into); CollectBound(s.Key, into); break;
                case Reduction r: Binder(r.Over); CollectBound(r.Value, into); break;
                case Best b: Binder(b.Over); CollectBound(b.Key, into); CollectBound(b.Target, into); break;
                case IterationExpr it: Binder(it.Over); CollectBound(it.Element, into); break;
            }
        }
    }
}
