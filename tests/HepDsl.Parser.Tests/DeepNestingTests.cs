using System.Text;
using HepDsl.Parser;
using HepDsl.Parser.Syntax;
using HepDsl.Parser.Checking;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Tests;

/// <summary>
/// Expressions thousands of levels deep or thousands of terms long (issue 11): a flat chain compiles, anything nested
/// past <see cref="Nesting.MaxDepth"/> is HEP0040 where the limit is crossed, and nothing exhausts the stack. Each
/// compile runs on a thread with a 1 MB stack (the default thread stack on Windows), no more than the threads the C# compiler
/// runs generators on. (512 KB held depth 64 until the checker gained presence proofs; the stack guard then reported
/// HEP0040 two levels early rather than crashing, which is its job, so the limit stays where the language page says.)
/// </summary>
public class DeepNestingTests
{
    private const string Head = "analysis deep\ntree events\nbranch float32 x\nbranch int32 n\n";
    private const int Max = Nesting.MaxDepth;

    private static CompileResult CompileOnSmallStack(string text)
    {
        CompileResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = HepCompiler.Compile("deep.hep", text, _ => null); }
            catch (Exception e) { failure = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure != null) throw new Exception("the compile threw", failure);
        return result!;
    }

    private static HepDiagnostic TooDeep(string text)
    {
        var r = CompileOnSmallStack(text);
        Assert.Null(r.Model);
        return Assert.Single(r.Diagnostics, d => d.Id == "HEP0040");
    }

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    /// <summary>Column (1-based) of the <paramref name="k"/>th occurrence of <paramref name="token"/> in <paramref name="line"/>.</summary>
    private static int ColumnOf(string line, string token, int k)
    {
        var at = -1;
        for (var i = 0; i < k; i++) at = line.IndexOf(token, at + 1, StringComparison.Ordinal);
        return at + 1;
    }

    [Fact]
    public void A_sum_of_15000_terms_compiles_and_keeps_every_term_in_order()
    {
        var r = CompileOnSmallStack(Head + "histogram h: " + string.Join(" + ", Enumerable.Range(0, 15000).Select(i => i % 2 == 0 ? "x" : i.ToString())) + ", 10 bins from 0 to 1\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
        var printed = ModelPrinter.Print(r.Model!);
        // Left to right, each term once: ((($x + 1) + $x) + 3) ...
        Assert.Contains(new string('(', 14999) + "$x + 1) + $x) + 3)", printed);
        Assert.Contains(" + 14999)", printed);
    }

    [Fact]
    public void Long_and_or_chains_compile()
    {
        var r = CompileOnSmallStack(Head + "cut c: " + string.Join(" and ", Enumerable.Range(0, 10000).Select(i => $"x > {i}")) + " or n == 1\ncount k\n");
        Assert.True(r.Model != null, string.Join("\n", r.Diagnostics));
    }

    [Fact]
    public void Two_thousand_nested_brackets_are_HEP0040_at_the_first_bracket_past_the_limit()
    {
        var line = "histogram h: " + Repeat("(", 2000) + "x" + Repeat(")", 2000) + ", 10 bins from 0 to 1";
        var d = TooDeep(Head + line + "\n");
        Assert.Equal(5, d.Line);
        Assert.Equal(ColumnOf(line, "(", Max + 1), d.Column);
        Assert.Contains($"more than {Max} levels", d.Message);
    }

    [Fact]
    public void Ten_thousand_prefix_minus_are_HEP0040_at_the_first_minus_past_the_limit()
    {
        var line = "histogram h: " + Repeat("-", 10000) + "x, 10 bins from 0 to 1";
        var d = TooDeep(Head + line + "\n");
        Assert.Equal((5, ColumnOf(line, "-", Max + 1)), (d.Line, d.Column));
    }

    /// <summary>Variation expressions (object value, weight up and down) were not depth-checked: a stack overflow.</summary>
    [Theory]
    [InlineData("variation v: weight up {0}x, down 1")]
    [InlineData("variation v: weight up 1, down {0}x")]
    [InlineData("variation v: weight {0}x")]
    [InlineData("variation v for a: Jet.pt = {0}pt")]
    public void Ten_thousand_prefix_minus_in_a_variation_are_HEP0040_at_the_first_minus_past_the_limit(string form)
    {
        var line = string.Format(form, Repeat("-", 10000));
        var d = TooDeep(TestSupport.Nano + "branch float32 x\n" + line + "\nhistogram h: x, 10 bins from 0 to 1\n");
        Assert.Equal((5, ColumnOf(line, "-", Max + 1)), (d.Line, d.Column));
    }

    [Fact]
    public void Ten_thousand_not_are_HEP0040_at_the_first_not_past_the_limit()
    {
        var line = "cut c: " + Repeat("not ", 10000) + "x > 1";
        var d = TooDeep(Head + line + "\ncount k\n");
        Assert.Equal((5, ColumnOf(line, "not", Max + 1)), (d.Line, d.Column));
    }

    [Fact]
    public void Five_thousand_nested_ifs_are_HEP0040()
    {
        var line = "histogram h: " + Repeat("if n > 0 then ", 5000) + "x" + Repeat(" else 0", 5000) + ", 10 bins from 0 to 1";
        var d = TooDeep(Head + line + "\n");
        Assert.Equal(5, d.Line);
        // The 100th 'if' is the 100th level; its condition would be the 101st.
        Assert.Equal(ColumnOf(line, "if", Max) + "if ".Length, d.Column);
    }

    [Fact]
    public void Ten_thousand_nested_abs_calls_are_HEP0040()
    {
        var line = "histogram h: " + Repeat("abs(", 10000) + "x" + Repeat(")", 10000) + ", 10 bins from 0 to 1";
        var d = TooDeep(Head + line + "\n");
        Assert.Equal(5, d.Line);
        Assert.Equal(ColumnOf(line, "abs", Max + 1), d.Column);
    }

    [Fact]
    public void Powers_and_fields_nest_too()
    {
        var power = "histogram h: " + Repeat("x ^ (", 5000) + "x" + Repeat(")", 5000) + ", 10 bins from 0 to 1";
        Assert.Equal(5, TooDeep(Head + power + "\n").Line);
        // x^x^x^... is right-associative: each '^' nests its right side one level deeper.
        var chain = "histogram h: " + string.Join(" ^ ", Enumerable.Repeat("x", 10000)) + ", 10 bins from 0 to 1";
        Assert.Equal(5, TooDeep(Head + chain + "\n").Line);
        var fields = "collection J[int32 n]: float32 pt\nhistogram h: J[0]" + Repeat(".pt", 10000) + ", 10 bins from 0 to 1";
        Assert.Equal(5, TooDeep(Head.Replace("branch int32 n\n", "") + fields + "\n").Line);
    }

    [Fact]
    public void Nesting_up_to_the_limit_compiles()
    {
        // abs( ... ) around x: each call is one level and x one more.
        var calls = Head + "histogram h: " + Repeat("abs(", Max - 1) + "x" + Repeat(")", Max - 1) + ", 10 bins from 0 to 1\n";
        Assert.True(CompileOnSmallStack(calls).Model != null, string.Join("\n", CompileOnSmallStack(calls).Diagnostics));
        var minus = Head + "histogram h: " + Repeat("-", Max - 1) + "x, 10 bins from 0 to 1\n";
        Assert.NotNull(CompileOnSmallStack(minus).Model);
        Assert.Equal("HEP0040", Assert.Single(CompileOnSmallStack(Head + "histogram h: " + Repeat("-", Max) + "x, 10 bins from 0 to 1\n").Diagnostics).Id);
        var ifs = Head + "histogram h: " + Repeat("if n > 0 then ", Max / 2) + "x" + Repeat(" else 0", Max / 2) + ", 10 bins from 0 to 1\n";
        Assert.NotNull(CompileOnSmallStack(ifs).Model);
    }

    [Fact]
    public void Operators_keep_their_precedence_and_associativity()
    {
        string Fill(string expr)
        {
            var printed = TestSupport.Model(Head + "histogram h: " + expr + ", 10 bins from 0 to 1\n");
            var line = printed.Split('\n').First(l => l.Contains("fill", StringComparison.Ordinal) || l.Contains("$x", StringComparison.Ordinal));
            return line.Trim();
        }
        Assert.Contains("-(($x ^ ($x ^ $x)))", Fill("-x ^ x ^ x"));
        Assert.Contains("($x ^ -($x))", Fill("x ^ -x"));
        Assert.Contains("((($x - $x) - $x) + (($x * $x) % 3))", Fill("x - x - x + x * x % 3"));
        Assert.Contains("-(-($x))", Fill("- - x"));
    }
}
