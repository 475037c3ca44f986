using System;
using HepDsl.Parser.Diagnostics;
using System.Collections.Generic;

namespace HepDsl.Parser.Syntax
{
    /// <summary>
    /// The deepest an expression may nest (docs/language.md, HEP0040). The parser, the checker, the printer and the
    /// C# emitter recurse once per level, so this bound is what keeps them, and the C# compiler reading the
    /// generated code, within their stacks. A level is a bracket, a call, an <c>if</c>, a quantifier, a prefix
    /// <c>-</c> or <c>not</c>, a <c>.field</c> or <c>[index]</c>, a <c>with</c>/<c>sorted by</c>/<c>max by</c>
    /// suffix, or the right operand of an operator. The left operand of an operator does not nest: <c>a + b + c</c>
    /// is a chain of any length, which every pass walks with a loop.
    /// </summary>
    public static class Nesting
    {
        public const int MaxDepth = 64;

        /// <summary>
        /// The first node (outermost first) that lies more than <see cref="MaxDepth"/> levels deep, or null.
        /// Walks with an explicit stack, so it is safe on any tree the parser can build.
        /// </summary>
        public static SyntaxExpr? TooDeep(SyntaxExpr root)
        {
            var stack = new Stack<(SyntaxExpr Node, int Level)>();
            stack.Push((root, 1));
            while (stack.Count > 0)
            {
                var (node, level) = stack.Pop();
                if (level > MaxDepth) return node;
                foreach (var (child, same) in Children(node))
                    if (child != null) stack.Push((child, same ? level : level + 1));
            }
            return null;
        }

        /// <summary>The sub-expressions of a node; <c>true</c> for the one that stays on the node's level (an operator's left operand).</summary>
        private static IEnumerable<(SyntaxExpr? Child, bool SameLevel)> Children(SyntaxExpr e)
        {
            switch (e)
            {
                case MemberSyntax m: yield return (m.Target, false); break;
                case IndexSyntax i: yield return (i.Target, false); yield return (i.Index, false); break;
                case CallSyntax c: foreach (var a in c.Arguments) yield return (a, false); break;
                case UnarySyntax u: yield return (u.Operand, false); break;
                case BinarySyntax b: yield return (b.Left, true); yield return (b.Right, false); break;
                case CompareSyntax c: foreach (var o in c.Operands) yield return (o, false); break;
                case IfSyntax f: yield return (f.Condition, false); yield return (f.Then, false); yield return (f.Else, false); break;
                case WithSyntax w: yield return (w.Source, false); yield return (w.Predicate, false); break;
                case SortSyntax s: yield return (s.Source, false); yield return (s.Key, false); break;
                case BestSyntax b: yield return (b.Source, false); yield return (b.Target, false); yield return (b.Key, false); break;
                case QuantifierSyntax q:
                    foreach (var x in Children(q.Binder)) yield return x;
                    yield return (q.Body, false);
                    break;
                case ForSyntax f:
                    yield return (f.Element, false);
                    foreach (var x in Children(f.Binder)) yield return x;
                    break;
                case TuplesSyntax t: foreach (var x in Children(t.Binder)) yield return x; break;
            }
        }

        private static IEnumerable<(SyntaxExpr? Child, bool SameLevel)> Children(BinderSyntax b)
        {
            foreach (var v in b.Variables) yield return (v.Source, false);
            yield return (b.Where, false);
        }

        public static string Message => DiagnosticCatalog.NestingTooDeep.Text(MaxDepth);
    }

    /// <summary>Thrown by the grammar when it would recurse past <see cref="Nesting.MaxDepth"/>; position within the statement text.</summary>
    internal sealed class NestingTooDeepException : Exception
    {
        public NestingTooDeepException(int line, int column) : base(Nesting.Message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public int Column { get; }
    }
}
