using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    /// <summary>How a bare name in an expression resolved.</summary>
    public enum NameKind
    {
        /// <summary>A bound variable (<c>j</c> of <c>any j in Jet</c>, <c>a</c> of <c>pair (a, b)</c>).</summary>
        Variable,
        /// <summary>A field of the implicit object <c>it</c> (<c>pt</c> in <c>Jet with pt &gt; 30</c>); <see cref="ExpressionInfo.FieldOf"/> names its collection.</summary>
        ImplicitField,
        /// <summary>A declaration of the analysis (let, collection, object, union tag, branch) or a constant.</summary>
        Global,
    }

    /// <summary>One checked expression: its syntax, its type, and for a bare name how it resolved.</summary>
    public sealed record ExpressionInfo(SyntaxExpr Syntax, HepType Type, NameKind? Name = null, string? FieldOf = null);
}
