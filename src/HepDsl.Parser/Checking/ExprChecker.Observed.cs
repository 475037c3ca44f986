using System;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Parser.Checking
{
    // The checker's entry point, reporting every checked expression to an observer (editors ask "what type is this?").
    internal sealed partial class ExprChecker
    {
        /// <summary>When set, told about every expression checked, with its type and how a bare name resolved.</summary>
        public Action<ExpressionInfo>? Observer { get; set; }

        public Expr Check(SyntaxExpr e, Scope? scope)
        {
            var x = CheckProven(e, scope);
            if (Observer != null) Observer(Describe(e, x, scope));
            return x;
        }

        private ExpressionInfo Describe(SyntaxExpr e, Expr x, Scope? scope)
        {
            if (!(e is NameSyntax n)) return new ExpressionInfo(e, x.Type);
            if (scope?.Find(n.Name) != null) return new ExpressionInfo(e, x.Type, NameKind.Variable);
            // Same order as CheckName: a field of `it` before a global name.
            var implicitElement = scope?.InnermostImplicit();
            if (implicitElement?.Type.Collection != null && _symbols.Collections.TryGetValue(implicitElement.Type.Collection!, out var c) && HasMember(c, n.Name))
                return new ExpressionInfo(e, x.Type, NameKind.ImplicitField, c.Name);
            return new ExpressionInfo(e, x.Type, NameKind.Global);
        }
    }
}
