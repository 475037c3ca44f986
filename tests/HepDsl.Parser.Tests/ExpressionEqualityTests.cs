using HepDsl.Parser.Checking;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Tests;

/// <summary>
/// The checker compares expressions by structure (<see cref="ExpressionEquality"/>), not by printed text: spans and
/// blanks do not matter, the variables an expression binds itself are matched by position, and every operator,
/// name and literal does matter. Chains as long as the parser accepts compare without recursion.
/// </summary>
public class ExpressionEqualityTests
{
    private static readonly SourceSpan Here = new("a.hep", 1, 1, 1, 2);
    private static readonly SourceSpan There = new("b.hep", 7, 3, 9, 40);

    /// <summary>The value of each <c>let</c> of <paramref name="lets"/> (compiled after the NanoAOD schema), by name.</summary>
    private static Dictionary<string, Expr> Lets(string lets)
    {
        var r = TestSupport.Compile(TestSupport.Nano + lets + "count all_events\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        return r.Model!.Statements.OfType<Definition>().ToDictionary(d => d.Name, d => d.Value);
    }

    [Theory]
    [InlineData("count(Jet) + 2 * MET.pt", "count(Jet)+2*MET.pt")]
    [InlineData("count(Jet with pt > 30 and abs(eta) < 2.4)", "count( Jet  with pt>30 and abs( eta )<2.4 )")]
    [InlineData("any j in Jet: j.pt > 30", "any j in Jet:\n    j.pt > 30")]
    [InlineData("max(Jet.pt)", "max(Jet.pt)")]
    [InlineData("leading(Jet).pt", "leading(Jet).pt")]
    [InlineData("sum(j.pt for j in Jet where j.pt > 10)", "sum(j.pt for j in Jet where j.pt > 10)")]
    [InlineData("if count(Jet) > 1 then 1 else 2", "if count(Jet)>1 then 1 else 2")]
    [InlineData("pair (a, b) in Muon closest to 91.2 by mass(a + b)", "pair (a, b) in Muon closest to 91.2 by mass(a+b)")]
    public void One_text_checked_twice_at_different_places_is_the_same_expression(string first, string second)
    {
        var lets = Lets($"let first = {first}\nlet second = {second}\n");
        Assert.NotEqual(lets["first"].Span, lets["second"].Span);
        Assert.True(ExpressionEquality.Same(lets["first"], lets["second"]));
        Assert.Equal(ExpressionEquality.Instance.GetHashCode(lets["first"]), ExpressionEquality.Instance.GetHashCode(lets["second"]));
    }

    [Theory]
    [InlineData("count(Jet) + 2", "count(Jet) - 2")]          // operator
    [InlineData("count(Jet) + 2", "count(Muon) + 2")]   // collection name
    [InlineData("MET.pt", "MET.phi")]              // field name
    [InlineData("count(Jet) + 2", "count(Jet) + 3")]          // literal
    [InlineData("count(Jet) + 2", "count(Jet) + 2.0")]        // Int and Float literals
    [InlineData("count(Jet) + 2", "2 + count(Jet)")]          // operand order
    [InlineData("count(Jet with pt > 30)", "count(Jet with eta > 30)")]   // field
    [InlineData("count(Jet with pt > 30)", "count(Muon with pt > 30)")]   // collection
    [InlineData("count(Jet with pt > 30)", "count(Jet with pt >= 30)")]   // comparison
    [InlineData("any j in Jet: j.pt > 30", "all j in Jet: j.pt > 30")]   // quantifier
    [InlineData("Jet sorted by pt", "Jet sorted by pt descending")]
    [InlineData("sum(Jet.pt)", "mean(Jet.pt)")]   // fold
    [InlineData("abs(MET.phi)", "sqrt(MET.phi)")] // function
    [InlineData("count(Jet) > 1 and count(Muon) > 1", "count(Jet) > 1 or count(Muon) > 1")]
    [InlineData("not (count(Jet) > 1)", "count(Jet) > 1")]
    public void Different_operators_names_or_literals_are_different_expressions(string first, string second)
    {
        var lets = Lets($"let first = {first}\nlet second = {second}\n");
        Assert.False(ExpressionEquality.Same(lets["first"], lets["second"]));
        Assert.False(ExpressionEquality.Same(lets["second"], lets["first"]));
    }

    [Fact]
    public void Variables_bound_outside_keep_their_names_and_bound_ones_are_matched_by_place()
    {
        var jet = HepType.ObjectOf("Jet");
        var jets = new CollectionRef(HepType.CollectionOf("Jet"), Here, "Jet");
        Expr Pt(string variable, SourceSpan at) => new FieldAccess(HepType.Float, at, new VariableRef(jet, at, variable), "Jet", "pt");
        // Free: 'a.pt' and 'b.pt' read different objects.
        Assert.False(ExpressionEquality.Same(Pt("a", Here), Pt("b", Here)));
        Assert.True(ExpressionEquality.Same(Pt("a", Here), Pt("a", There)));
        // Bound by the expression itself: 'Jet with it1.pt > 1' is 'Jet with it2.pt > 1'.
        Expr Filter(string variable, string used) => new Filter(HepType.CollectionOf("Jet"), Here, jets, variable,
            new Comparison(HepType.Bool, Here, EquatableArray.Create(Pt(used, Here), (Expr)new IntLiteral(HepType.Int, Here, 1)), EquatableArray.Create(CompareOp.Greater)));
        Assert.True(ExpressionEquality.Same(Filter("it1", "it1"), Filter("it2", "it2")));
        // ... but not when one uses its own variable and the other a variable from outside.
        Assert.False(ExpressionEquality.Same(Filter("it1", "it1"), Filter("it2", "a")));
        Assert.False(ExpressionEquality.Same(Filter("it1", "a"), Filter("it2", "it2")));
    }

    [Fact]
    public void Iterations_are_the_same_only_with_the_same_variable_names()
    {
        var jet = HepType.ObjectOf("Jet");
        Binder Over(string variable, SourceSpan at) =>
            new Binder(EquatableArray.Create(new BoundVariable(variable, new CollectionRef(HepType.CollectionOf("Jet"), at, "Jet"), jet)), false);
        Assert.True(ExpressionEquality.SameIteration(Over("jet", Here), Over("jet", There)));
        // Values built on 'jet2' do not read the objects 'jet' names.
        Assert.False(ExpressionEquality.SameIteration(Over("jet", Here), Over("jet2", Here)));
    }

    /// <summary>'x + 1 + x + 3 + ...' with <paramref name="terms"/> terms, leaning left as the parser builds it.</summary>
    private static Expr Chain(int terms, SourceSpan at, int last)
    {
        Expr e = new BranchRead(HepType.Float, at, "x", ElementType.Float32);
        for (var i = 1; i < terms; i++)
        {
            Expr right = i == terms - 1 ? new IntLiteral(HepType.Int, at, last) : i % 2 == 0 ? new BranchRead(HepType.Float, at, "x", ElementType.Float32) : new IntLiteral(HepType.Int, at, i);
            e = new Binary(HepType.Float, at, BinaryOp.Add, e, right);
        }
        return e;
    }

    [Fact]
    public void Chains_of_100000_terms_compare_and_hash_on_a_small_stack()
    {
        var (a, b, c) = (Chain(100_000, Here, 7), Chain(100_000, There, 7), Chain(100_000, There, 8));
        bool same = false, different = true;
        int hashA = 0, hashB = 0;
        var thread = new Thread(() =>
        {
            same = ExpressionEquality.Same(a, b);
            different = ExpressionEquality.Same(a, c);
            hashA = ExpressionEquality.Instance.GetHashCode(a);
            hashB = ExpressionEquality.Instance.GetHashCode(b);
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.True(same);
        Assert.False(different);
        Assert.Equal(hashA, hashB);
    }

    [Fact]
    public void A_15000_term_chain_proven_present_by_a_cut_is_found_again()
    {
        // 'cut: exists(max(...) + ...)' then the same long text as the weight: the weight is not optional.
        var sum = string.Join(" + ", Enumerable.Range(0, 15000).Select(i => i % 2 == 0 ? "count(Jet)" : i.ToString()));
        var text = TestSupport.Nano + $"cut \"has\": exists(max(Jet.pt) + {sum})\nweight max(Jet.pt) + {sum}\ncount all_events\n";
        CompileResultHolder? holder = null;
        var thread = new Thread(() => holder = new CompileResultHolder(TestSupport.Compile(text)), 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.True(holder!.Result.Model != null, string.Join("\n", holder.Result.Diagnostics));
    }

    private sealed record CompileResultHolder(HepDsl.Parser.Diagnostics.CompileResult Result);

    [Fact]
    public void Two_fills_of_one_filtered_collection_iterate_together()
    {
        // Each fill checks '(Jet with pt > 30)' anew, with its own fresh filter variable: still the same objects.
        var r = TestSupport.Compile(TestSupport.Nano + "histogram h: (Jet with pt > 30).pt, (Jet with pt > 30).eta, 10 bins from 0 to 100, 10 bins from -5 to 5\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        var h = Assert.Single(r.Model!.Statements.OfType<Histogram2D>());
        Assert.NotNull(h.Over);
        var other = TestSupport.Compile(TestSupport.Nano + "histogram h: (Jet with pt > 30).pt, (Jet with pt > 40).eta, 10 bins from 0 to 100, 10 bins from -5 to 5\n");
        Assert.Contains(other.Diagnostics, d => d.Id == "HEP0022" && d.Message.Contains("both fills must run over the same objects"));
    }
}
