using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    /// <summary>
    /// The value C# gives an Int expression made only of literals, as the generated code would compute it. C# folds
    /// such expressions while compiling, so <c>x % (2 - 2)</c> would stop the build with CS0020 instead of a .hep
    /// diagnostic; the checker asks here first.
    /// </summary>
    internal static class IntConstants
    {
        /// <summary>The constant value of <paramref name="e"/>, or null when it reads anything or is not Int.</summary>
        public static long? Value(Expr e)
        {
            switch (e)
            {
                case IntLiteral i: return i.Value;
                case Unary u when u.Op == UnaryOp.Negate && u.Type.Kind == TypeKind.Int:
                    var operand = Value(u.Operand);
                    return operand.HasValue ? unchecked(-operand.Value) : (long?)null;
                case Binary b when b.Type.Kind == TypeKind.Int:
                {
                    // A left-leaning chain is walked with a loop (chains may be thousands of terms long).
                    var spine = new List<Binary>();
                    Expr x = b;
                    while (x is Binary s && s.Type.Kind == TypeKind.Int) { spine.Add(s); x = s.Left; }
                    var value = Value(x);
                    for (var k = spine.Count - 1; k >= 0 && value.HasValue; k--)
                    {
                        var right = Value(spine[k].Right);
                        value = right.HasValue ? Apply(spine[k].Op, value.Value, right.Value) : null;
                    }
                    return value;
                }
                default: return null;
            }
        }

        private static long? Apply(BinaryOp op, long l, long r) => op switch
        {
            BinaryOp.Add => unchecked(l + r),
            BinaryOp.Subtract => unchecked(l - r),
            BinaryOp.Multiply => unchecked(l * r),
            BinaryOp.Modulo when r != 0 && !(l == long.MinValue && r == -1) => l % r,
            _ => null,
        };
    }
}
