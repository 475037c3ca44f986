using System.Globalization;
using System.Linq;
using System.Text;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Model
{
    /// <summary>
    /// A readable, position-free text form of a model: the golden files of the tests, <c>hep check --model</c>,
    /// and expressions quoted in messages. (The checker compares expressions with <c>ExpressionEquality</c>, not by
    /// this text.)
    /// </summary>
    public static class ModelPrinter
    {
        public static string Print(AnalysisModel model)
        {
            var sb = new StringBuilder();
            sb.Append("analysis ").Append(model.Name);
            if (model.Title.Length > 0) sb.Append(" \"").Append(model.Title).Append('"');
            sb.Append('\n');
            sb.Append("tree ").Append(model.Tree).Append('\n');
            sb.Append("branches:\n");
            foreach (var b in model.Branches)
            {
                sb.Append("  ").Append(b.Name).Append(' ').Append(b.Type).Append(' ').Append(b.Shape);
                if (b.Shape == BranchShape.FixedArray) sb.Append('[').Append(b.FixedLength).Append(']');
                if (b.Collection != null) sb.Append(" of ").Append(b.Collection);
                if (b.Field != null) sb.Append('.').Append(b.Field);
                sb.Append('\n');
            }
            sb.Append("collections:\n");
            foreach (var c in model.Collections)
            {
                switch (c)
                {
                    case SourceCollection s:
                        sb.Append("  source ").Append(s.Name).Append(s.CountedByLength ? " counted by the length of " : " counted by ").Append(s.CounterBranch);
                        if (s.FourVector != null) sb.Append(", fourvector ").Append(FourVector(s.FourVector));
                        break;
                    case SingletonCollection s:
                        sb.Append("  singleton ").Append(s.Name);
                        if (s.FourVector != null) sb.Append(", fourvector ").Append(FourVector(s.FourVector));
                        break;
                    case UnionCollection u:
                        sb.Append("  union ").Append(u.Name).Append(" = ")
                          .Append(string.Join(", ", u.Members.Select((m, i) => m + " as " + u.Tags[i])));
                        if (u.HasFourVector) sb.Append(", fourvector");
                        break;
                }
                sb.Append('\n');
                foreach (var f in c.Fields)
                {
                    sb.Append("    ").Append(f.Name).Append(": ").Append(f.Type);
                    if (f.Branch != null) sb.Append(" <- ").Append(f.Branch).Append(' ').Append(f.StoredAs);
                    if (f.Definition != null) sb.Append(" = (").Append(f.Variable).Append(") ").Append(Expression(f.Definition));
                    sb.Append('\n');
                }
            }
            sb.Append("statements:\n");
            foreach (var s in model.Statements) sb.Append("  ").Append(Statement(s)).Append('\n');
            return sb.ToString();
        }

        private static string FourVector(FourVectorSpec f) => f.Kind + "(" + string.Join(", ", f.Fields) + ")";

        private static string For(EquatableArray<string> samples) => samples.Count == 0 ? "" : " for " + string.Join(", ", samples);

        public static string Statement(Statement s)
        {
            switch (s)
            {
                case Definition d: return $"let {d.Name}: {d.Value.Type} = {Expression(d.Value)}";
                case Weight w: return $"weight {Expression(w.Value)}";
                case RegionStart r: return $"region {r.Name} \"{r.Title}\"";
                case ObjectVariation o: return $"variation {o.Name}{For(o.Samples)}: {o.Collection}.{o.Field} = {Expression(o.Value)}{(o.Identity.Count > 0 ? " (seeded by the event identity)" : "")}";
                case WeightVariation v: return v.Down is null ? $"variation {v.Name}{For(v.Samples)}: weight {Expression(v.Up)}" : $"variation {v.Name}{For(v.Samples)}: weight up {Expression(v.Up)}, down {Expression(v.Down)}";
                case Cut c: return $"cut #{c.Row} \"{c.Name}\": {Expression(c.Predicate)}";
                case Histogram1D h:
                    return $"histogram1d {h.Name} \"{h.Title}\" x={Axis(h.XAxis)} y=\"{h.YLabel}\"{Over(h.Over)} fill {Expression(h.X)}";
                case Histogram2D h:
                    return $"histogram2d {h.Name} \"{h.Title}\" x={Axis(h.XAxis)} y={Axis(h.YAxis)}{Over(h.Over)} fill {Expression(h.X)}, {Expression(h.Y)}";
                case AggregateStatement a:
                    return $"{a.Kind.ToString().ToLowerInvariant()} {a.Name}{(a.DisplayTitle != a.Name ? $" \"{a.DisplayTitle}\"" : "")}{Over(a.Over)}{(a.Value != null ? " of " + Expression(a.Value) : "")}";
                default: return s.ToString();
            }
        }

        private static string Over(Binder? b) => b == null ? "" : " per [" + Binder(b) + "]";

        private static string Axis(AxisModel a)
        {
            var bins = a.Binning switch
            {
                RegularBinning r => $"{r.Bins} bins {Number(r.Low)}..{Number(r.High)}",
                LogBinning l => $"{l.Bins} log bins {Number(l.Low)}..{Number(l.High)}",
                VariableBinning v => "edges [" + string.Join(", ", v.Edges.Select(Number)) + "]",
                _ => "?",
            };
            return $"({bins}, \"{a.Label}\")";
        }

        private static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

        public static string BinderText(Binder b) => Binder(b);

        private static string Binder(Binder b)
        {
            var vars = string.Join(", ", b.Variables.Select(v => v.Name + " in " + Expression(v.Source)));
            return vars + (b.Distinct ? " distinct" : "") + (b.Where != null ? " where " + Expression(b.Where) : "");
        }

        /// <summary>An expression in a compact prefix/infix form, with the result type of optional values marked by '?'.</summary>
        public static string Expression(Expr e)
        {
            var text = e switch
            {
                IntLiteral i => i.Value.ToString(CultureInfo.InvariantCulture),
                FloatLiteral f => Number(f.Value) + (f.Value == System.Math.Floor(f.Value) && !double.IsInfinity(f.Value) ? ".0" : ""),
                BoolLiteral b => b.Value ? "true" : "false",
                BranchRead b => "$" + b.Branch,
                ArrayElementRead a => "$" + a.Branch + "[" + a.Index + "]",
                DefinitionRef d => "@" + d.Name,
                UserCall u => u.Function + "(" + string.Join(", ", u.Arguments.Select(Expression)) + ") [C# " + u.Method + "]",
                VariableRef v => v.Name,
                CollectionRef c => c.Collection,
                SingletonRef s => s.Collection,
                FieldAccess f => Expression(f.Target) + "." + f.Field,
                ObjectFourVector o => "p4(" + Expression(o.Target) + ")",
                SlotAccess s => Expression(s.Target) + "." + s.Slot,
                IndexAccess i => Expression(i.Source) + "[" + Expression(i.Index) + "]",
                Exists x => "exists(" + Expression(x.Operand) + ")",
                Unary u => (u.Op == UnaryOp.Not ? "not " : "-") + "(" + Expression(u.Operand) + ")",
                Binary b => BinaryChain(b),
                Comparison c => "(" + string.Join(" ", c.Operands.Select((o, i) => (i > 0 ? Op(c.Ops[i - 1]) + " " : "") + Expression(o))) + ")",
                Conditional c => "if(" + Expression(c.Condition) + ", " + Expression(c.Then) + ", " + Expression(c.Else) + ")",
                Call c => c.Function + "(" + string.Join(", ", c.Arguments.Select(Expression)) + ")",
                Quantifier q => q.Kind.ToString().ToLowerInvariant() + "[" + Binder(q.Over) + ": " + Expression(q.Predicate) + "]",
                Filter f => "filter[" + f.Variable + " in " + Expression(f.Source) + ": " + Expression(f.Predicate) + "]",
                Sort s => "sort[" + s.Variable + " in " + Expression(s.Source) + " by " + Expression(s.Key) + (s.Descending ? " descending" : "") + "]",
                Reduction r => r.Kind.ToString().ToLowerInvariant() + "[" + Binder(r.Over) + (r.Value != null ? ": " + Expression(r.Value) : "") + "]",
                Best b => b.Kind.ToString().ToLowerInvariant() + (b.Target != null ? "(" + Expression(b.Target) + ")" : "") + "[" + Binder(b.Over) + " by " + Expression(b.Key) + "]",
                _ => "<" + e.GetType().Name + ">",
            };
            return text;
        }

        /// <summary><c>((a + b) + c)</c>, walking the left operands with a loop (a chain may be thousands of terms long).</summary>
        private static string BinaryChain(Binary b)
        {
            var spine = new System.Collections.Generic.List<Binary>();
            Expr e = b;
            while (e is Binary s) { spine.Add(s); e = s.Left; }
            var sb = new StringBuilder().Append('(', spine.Count).Append(Expression(e));
            for (var k = spine.Count - 1; k >= 0; k--)
                sb.Append(' ').Append(Op(spine[k].Op)).Append(' ').Append(Expression(spine[k].Right)).Append(')');
            return sb.ToString();
        }

        private static string Op(BinaryOp op) => op switch
        {
            BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", BinaryOp.Divide => "/",
            BinaryOp.Modulo => "%", BinaryOp.Power => "^", BinaryOp.And => "and", _ => "or",
        };

        private static string Op(CompareOp op) => op switch
        {
            CompareOp.Less => "<", CompareOp.LessOrEqual => "<=", CompareOp.Greater => ">", CompareOp.GreaterOrEqual => ">=",
            CompareOp.Equal => "==", _ => "!=",
        };
    }
}
