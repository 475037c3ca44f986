using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HepDsl.Parser.Model;
using Sprache;

namespace HepDsl.Parser.Syntax
{
    // The statement grammar: one parser per leading keyword (Keywords.Statements).
    internal sealed partial class Grammar
    {
        /// <summary>Statement parsers by leading keyword.</summary>
        public Dictionary<string, Parser<StatementSyntax>> Statements { get; } = new Dictionary<string, Parser<StatementSyntax>>(StringComparer.Ordinal);

        private void BuildStatements()
        {
            Parser<T> Stmt<T>(string keyword, Func<SourceSpan, Parser<T>> body) =>
                from k in Spanned(Word(keyword))
                from s in body(k.Span)
                select s;
            var end = Spanned(Parse.Return(0)).Select(x => x.Span);

            Statements["analysis"] = Stmt("analysis", k =>
                from n in Identifier from t in StringLiteral.Optional()
                select (StatementSyntax)new AnalysisSyntax(Merge(k, n.Span), n.Name, t.GetOrDefault()));
            Statements["tree"] = Stmt("tree", k =>
                from n in Identifier.Or(Spanned(StringLiteral).Select(s => new NameToken(s.Span, s.Value)))
                select (StatementSyntax)new TreeSyntax(Merge(k, n.Span), n.Name));
            Statements["use"] = Stmt("use", k => from n in Identifier select (StatementSyntax)new UseSyntax(Merge(k, n.Span), n.Name));
            Statements["import"] = Stmt("import", k => from p in Spanned(StringLiteral) select (StatementSyntax)new ImportSyntax(Merge(k, p.Span), p.Value));

            // `float32 pt` reads branch Name_pt; `float32 jet_pt as pt` names the branch.
            var fieldName = from first in Identifier
                            from renamed in (from a in Word("as") from f in Identifier select f).Optional()
                            select renamed.IsDefined ? (Field: renamed.Get(), Branch: (NameToken?)first) : (Field: first, Branch: (NameToken?)null);
            var fieldGroup = from type in Identifier from names in fieldName.DelimitedBy(Sym(','))
                             let list = names.ToList()
                             select new FieldGroupSyntax(type, list.Select(n => n.Field).ToList(), list.Select(n => n.Branch).ToList());
            var fourVector = from k in Spanned(Word("fourvector")) from kind in Identifier from open in Sym('(')
                             from fields in Identifier.DelimitedBy(Sym(',')) from close in Spanned(Parse.Char(')')).Named("')'")
                             select new FourVectorSyntax(Merge(k.Span, close.Span), kind, fields.ToList());
            var members =
                from items in fourVector.Select(f => (object)f).Or(fieldGroup.Select(g => (object)g)).DelimitedBy(Sym(';'))
                select items.ToList();

            // `branch int32 a, b[3]`: a fixed-size array branch carries its length in brackets.
            var arrayLength = from open in Sym('[') from n in Spanned(Parse.Digit.AtLeastOnce().Text()) from close in Sym(']') select n;
            var branchName = from n in Identifier from length in arrayLength.Optional() select (Name: n, Length: length);
            Statements["branch"] = Stmt("branch", k =>
                from type in Identifier
                from names in branchName.DelimitedBy(Sym(','))
                let list = names.ToList()
                select (StatementSyntax)new BranchSyntax(Merge(k, list.Last().Name.Span), new FieldGroupSyntax(type, list.Select(n => n.Name).ToList()),
                    list.Select(n => n.Length.IsDefined ? new ArrayLengthSyntax(n.Length.Get().Span, n.Length.Get().Value) : null).ToList()));
            // `[uint32 nJet]`: counted by a counter branch; `[vector]`: std::vector branches, counted by their length.
            var vectorHeader = from v in Spanned(Word("vector")) from close in Sym(']')
                               select (CounterType: (NameToken?)null, Counter: (NameToken?)null, Vector: (NameToken?)new NameToken(v.Span, v.Value));
            var counterHeader = from ct in Identifier from c in Identifier from close in Sym(']')
                                select (CounterType: (NameToken?)ct, Counter: (NameToken?)c, Vector: (NameToken?)null);
            Statements["collection"] = Stmt("collection", k =>
                from n in Identifier from open in Sym('[') from h in vectorHeader.Or(counterHeader).Named("'vector]' or 'TYPE COUNTER]'") from colon in Sym(':')
                from m in members
                from e in end
                select (StatementSyntax)new CollectionSyntax(Merge(k, e), n, h.CounterType, h.Counter, h.Vector, m.OfType<FieldGroupSyntax>().ToList(), m.OfType<FourVectorSyntax>().LastOrDefault()));
            Statements["object"] = Stmt("object", k =>
                from n in Identifier from colon in Sym(':') from m in members from e in end
                select (StatementSyntax)new ObjectSyntax(Merge(k, e), n, m.OfType<FieldGroupSyntax>().ToList(), m.OfType<FourVectorSyntax>().LastOrDefault()));
            Statements["union"] = Stmt("union", k =>
                from n in Identifier from eq in Sym('=')
                from parts in (from m in Identifier from a in Word("as") from t in Identifier select (m, t)).DelimitedBy(Sym(','))
                from e in end
                select (StatementSyntax)new UnionSyntax(Merge(k, e), n, parts.Select(p => p.m).ToList(), parts.Select(p => p.t).ToList()));
            Statements["define"] = Stmt("define", k =>
                from c in Identifier from dot in Sym('.') from f in Identifier from eq in Sym('=') from v in Expression
                select (StatementSyntax)new DefineSyntax(Merge(k, v.Span), c, f, v));
            Statements["let"] = Stmt("let", k =>
                from n in Identifier from eq in Sym('=') from v in Expression
                select (StatementSyntax)new LetSyntax(Merge(k, v.Span), n, v));
            Statements["weight"] = Stmt("weight", k => from v in Expression select (StatementSyntax)new WeightSyntax(Merge(k, v.Span), v));
            Statements["cut"] = Stmt("cut", k =>
                from n in Spanned(StringLiteral).Select(s => new NameToken(s.Span, s.Value)).Or(Identifier)
                from colon in Sym(':') from p in Expression
                select (StatementSyntax)new CutSyntax(Merge(k, p.Span), n, p));

            // Once a binning has begun ('10 bins', 'edges [1') the item is a binning: a missing piece is reported as
            // what the binning lacks, not as a stray word after an expression '10' or 'edges'.
            var regular = from start in Here
                          from n in Attempt(from n in Spanned(SignedNumber) from log in Word("log").Optional() from b in Word("bins") select (n.Value, n.Span, Log: log.IsDefined))
                          from f in Expect(Word("from"), start, "'from' and the lower edge")
                          from lo in Expect(SignedNumber, start, "the lower edge")
                          from t in Expect(Word("to"), start, "'to' and the upper edge")
                          from hi in Expect(Spanned(SignedNumber), start, "the upper edge")
                          select (BinningSyntax)new RegularBinningSyntax(Merge(n.Span, hi.Span), n.Value, lo, hi.Value, n.Log);
            var edges = from start in Here
                        from head in Attempt(from k in Spanned(Word("edges")) from open in Sym('[') from first in SignedNumber select (k.Span, first))
                        from rest in (from comma in Sym(',') from edge in Expect(SignedNumber, start, "a bin edge") select edge).XMany()
                        from close in Expect(Spanned(Parse.Char(']')), start, "',' and another edge, or ']'")
                        select (BinningSyntax)new EdgesBinningSyntax(Merge(head.Span, close.Span), new[] { head.first }.Concat(rest).ToList());
            // 'bins from 0 to 5' would otherwise parse as the expression 'bins' and fail at 'from'.
            var countless = Attempt(from b in Word("bins") from f in Word("from") select b);
            var label = from axis in Word("x").Or(Word("y")) from text in StringLiteral select (axis, text);
            var alternatives = regular.Select(b => (object)b).XOr(edges.Select(b => (object)b)).XOr(label.Select(l => (object)l).Or(Expression.Select(e => (object)e)));
            const string NoCount = "the number of bins (like '10 bins from 0 to 5')";
            Parser<object> histogramItem = i => countless(i).WasSuccessful ? Result.Failure<object>(i, NoCount, new[] { NoCount }) : alternatives(i);
            Statements["histogram"] = Stmt("histogram", k =>
                from n in Identifier from title in StringLiteral.Optional() from colon in Sym(':')
                from items in histogramItem.XDelimitedBy(Sym(','))
                from e in end
                let list = items.ToList()
                select (StatementSyntax)new HistogramSyntax(Merge(k, e), n, title.GetOrDefault(),
                    list.OfType<SyntaxExpr>().ToList(), list.OfType<BinningSyntax>().ToList(),
                    list.OfType<(string axis, string text)>().Where(l => l.axis == "x").Select(l => l.text).LastOrDefault(),
                    list.OfType<(string axis, string text)>().Where(l => l.axis == "y").Select(l => l.text).LastOrDefault()));

            // `region 4j1b "title"`: the statements after it, up to the next region, are that region's. Region names may
            // start with a digit (4j1b), as analysis regions are usually named.
            var regionName = Spanned(Parse.LetterOrDigit.Or(Parse.Char('_')).AtLeastOnce().Text()).Select(t => new NameToken(t.Span, t.Value)).Named("a region name");
            Statements["region"] = Stmt("region", k =>
                from n in regionName from t in StringLiteral.Optional() from e in end
                select (StatementSyntax)new RegionSyntax(Merge(k, e), n, t.GetOrDefault()));
            // `variation NAME [for s1, s2]: Jet.pt = EXPR` (object variation), `...: weight up EXPR, down EXPR`, `...: weight EXPR`.
            var samplesFor = from f in Word("for") from list in Identifier.DelimitedBy(Sym(',')) select list.ToList();
            var weightVariation = from w in Attempt(Word("weight"))
                                  from up in (from u in Attempt(Word("up")) from x in Expression
                                              from d in (from comma in Sym(',') from dw in Word("down") from y in Expression select y)
                                              select (Up: x, Down: (SyntaxExpr?)d))
                                             .Or(Expression.Select(x => (Up: x, Down: (SyntaxExpr?)null)))
                                  select up;
            var objectVariation = from c in Identifier from dot in Sym('.') from f in Identifier from eq in Sym('=') from v in Expression select (c, f, v);
            Statements["variation"] = Stmt("variation", k =>
                from n in Identifier
                from samples in samplesFor.Optional()
                from colon in Sym(':')
                from body in weightVariation.Select(w => (object)w).Or(objectVariation.Select(o => (object)o))
                from e in end
                select (StatementSyntax)(body is ValueTuple<SyntaxExpr, SyntaxExpr?> wv
                    ? new VariationSyntax(Merge(k, e), n, samples.GetOrElse(new List<NameToken>()), null, null, null, wv.Item1, wv.Item2)
                    : body is ValueTuple<NameToken, NameToken, SyntaxExpr> ov
                        ? new VariationSyntax(Merge(k, e), n, samples.GetOrElse(new List<NameToken>()), ov.Item1, ov.Item2, ov.Item3, null, null)
                        : throw new InvalidOperationException("variation body")));

            // `function float64 btag_sf(float64 pt, int32 flavour) = Agc.Helpers.BtagScale`: a static C# method.
            var dotted = from first in Identifier
                         from rest in (from dot in Parse.Char('.') from part in Identifier select part).Many()
                         let parts = new[] { first }.Concat(rest).ToList()
                         select new NameToken(Merge(parts[0].Span, parts[parts.Count - 1].Span), string.Join(".", parts.Select(x => x.Name)));
            var parameter = from type in Identifier from name in Identifier select (type, name);
            Statements["function"] = Stmt("function", k =>
                from ret in Identifier from n in Identifier from open in Sym('(')
                from ps in parameter.DelimitedBy(Sym(',')).Optional()
                from close in Sym(')') from eq in Sym('=') from m in dotted from e in end
                select (StatementSyntax)new FunctionSyntax(Merge(k, e), ret, n, ps.GetOrElse(Enumerable.Empty<(NameToken, NameToken)>()).ToList(), m));

            // An optional title after the name, as for histograms: count n "Events passing", sum ht "H_T": ...
            Statements["count"] = Stmt("count", k =>
                from n in Identifier from title in StringLiteral.Optional() from e in end
                select (StatementSyntax)new AggregateSyntax(Merge(k, e), AggregateKind.Count, n, null, title.GetOrDefault()));
            foreach (var (word, kind) in new[] { ("sum", AggregateKind.Sum), ("mean", AggregateKind.Mean) })
                Statements[word] = Stmt(word, k =>
                    from n in Identifier from title in StringLiteral.Optional() from colon in Sym(':') from v in Expression
                    select (StatementSyntax)new AggregateSyntax(Merge(k, v.Span), kind, n, v, title.GetOrDefault()));
        }
    }
}
