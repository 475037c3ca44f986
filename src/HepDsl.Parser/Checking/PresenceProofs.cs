using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    /// <summary>
    /// Which optional values a condition proves present. Where <c>exists(x)</c> is known to be true (the <c>then</c>
    /// branch of <c>if exists(x) ...</c>, the right side of <c>exists(x) and ...</c>, the <c>else</c> of
    /// <c>if not exists(x)</c>, every statement after <c>cut "...": exists(x)</c>), <c>x</c> is not optional: a weight
    /// or a value that uses it needs no presence check. Values are compared by <see cref="ExpressionEquality"/>, so the
    /// fresh variables the checker makes for <c>leading(Jet)</c> or <c>max(Jet.pt)</c> do not tell two identical
    /// expressions apart.
    /// </summary>
    internal static class PresenceProofs
    {
        /// <summary>The values present whenever <paramref name="condition"/> is true.</summary>
        public static IEnumerable<Expr> WhenTrue(Expr condition) => Proven(condition, true).Distinct(ExpressionEquality.Instance);

        /// <summary>The values present whenever <paramref name="condition"/> is false.</summary>
        public static IEnumerable<Expr> WhenFalse(Expr condition) => Proven(condition, false).Distinct(ExpressionEquality.Instance);

        // A loop, not recursion: 'a and b and c ...' chains are as deep as they are long.
        private static IEnumerable<Expr> Proven(Expr condition, bool value)
        {
            var result = new List<Expr>();
            var pending = new Stack<(Expr Condition, bool Value)>();
            pending.Push((condition, value));
            while (pending.Count > 0)
            {
                var (e, v) = pending.Pop();
                switch (e)
                {
                    case Exists x when v:
                        result.Add(x.Operand);
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

    }
}
