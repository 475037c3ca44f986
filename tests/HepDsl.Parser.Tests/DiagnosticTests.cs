using HepDsl.Parser;

namespace HepDsl.Parser.Tests;

/// <summary>Malformed analyses: each gives a diagnostic with a stable ID at the right line and column.</summary>
public class DiagnosticTests
{
    private const string N = TestSupport.Nano; // three lines: analysis, tree, use nanoaod

    public static TheoryData<string, string, int, int> Malformed() => new()
    {
        { N + "histgram h: MET.pt, 10 bins from 0 to 1", "HEP0002", 4, 1 },
        { N + "cut \"a\": count(Jets) > 2", "HEP0005", 4, 16 },
        { N + "cut \"b\": Jet.pt > 30", "HEP0022", 4, 10 },
        { N + "histogram h: Jet.ptt, 10 bins from 0 to 1", "HEP0006", 4, 18 },
        { N + "histogram h: MET.pt, 0 bins from 0 to 1", "HEP0011", 4, 22 },
        { N + "histogram h: MET.pt, 2.5 bins from 0 to 1", "HEP0011", 4, 22 },
        { N + "histogram h: MET.pt, 10 bins from 5 to 1", "HEP0012", 4, 22 },
        { N + "histogram h: MET.pt, 10 log bins from 0 to 100", "HEP0012", 4, 22 },
        { N + "histogram h: MET.pt, edges [0, 10, 5]", "HEP0013", 4, 22 },
        { N + "histogram h: MET.pt, edges [0]", "HEP0013", 4, 22 },
        { N + "histogram h: MET.pt, 10 bins from 0 to 1\nhistogram h: MET.phi, 10 bins from 0 to 1", "HEP0010", 5, 11 },
        { N + "let m = mas(MET)", "HEP0007", 4, 9 },
        { N + "let n = deltaR(MET)", "HEP0008", 4, 9 },
        { N + "let q = MET.pt +", "HEP0001", 4, 17 },
        { N + "cut c: MET.pt and true", "HEP0009", 4, 8 },
        { N + "import \"nothere.hep\"", "HEP0014", 4, 1 },
        { N + "use nano", "HEP0016", 4, 1 },
        { N + "collection X[float nX]: float32 a", "HEP0009", 4, 14 },
        { N + "collection X[uint32 nX]: floot a", "HEP0017", 4, 26 },
        { N + "collection X[uint32 nX]: float32 a; fourvector ptetaphim(a, b, c, d)", "HEP0018", 4, 61 },
        { N + "collection X[uint32 nX]: float32 a; fourvector xyz(a)", "HEP0018", 4, 48 },
        { N + "let m = mass(MET.pt)", "HEP0009", 4, 14 },
        { "tree t\nobject O: float32 a\nlet x = mass(O)", "HEP0019", 3, 14 },
        { N + "union L = Electron as e, MET as m", "HEP0020", 4, 26 },
        { N + "union L = Electron as e, Elektron as m", "HEP0005", 4, 26 },
        { N + "histogram h: MET.pt, Jet.pt, 10 bins from 0 to 1", "HEP0021", 4, 30 },
        { N + "histogram h: 10 bins from 0 to 1", "HEP0021", 4, 11 },
        { N + "histogram h: Jet.pt, Muon.pt, 10 bins from 0 to 1, 10 bins from 0 to 1", "HEP0022", 4, 22 },
        { N + "let t = pair (a, b) in Muon closest to 91 by mass(a + b)\nlet u = t.c", "HEP0023", 5, 11 },
        { N + "let j = Jet.pt", "HEP0022", 4, 9 },
        { N + "weight leading(Jet).pt / 100", "HEP0026", 4, 8 },
        { "use nanoaod\nhistogram h: MET.pt, 10 bins from 0 to 1", "HEP0003", 1, 1 },
        { N + "tree Other", "HEP0004", 4, 1 },
        { N + "analysis other", "HEP0004", 4, 1 },
        { N + "let MET = 1", "HEP0010", 4, 5 },
        { N + "let s = Jet sorted by Muon", "HEP0009", 4, 23 },
        { N + "let x = if MET.pt > 1 then 1 else MET", "HEP0009", 4, 35 },
        { N + "cut \"x\": any j in MET: true", "HEP0009", 4, 19 },
        { N + "let x = Jet[1.5]", "HEP0009", 4, 13 },
        { N + "let x = Jet[0] == Muon[0]", "HEP0009", 4, 9 },
        { N + "define Jet.pt = 1", "HEP0010", 4, 12 },
        { N + "define Jets.x = 1", "HEP0005", 4, 8 },
        { N + "histogram h \"t\" MET.pt", "HEP0001", 4, 17 },
        { N + "cut \"unterminated: true", "HEP0001", 4, 24 },
        { N + "branch floaty x", "HEP0017", 4, 8 },
        { N + "cut \"p\": any pair (a, a) in Muon: true", "HEP0010", 4, 23 },
        { N + "cut \"x\": true\ncut \"x\": false", "HEP0010", 5, 5 },
        { N + "cut \"x\": Jet", "HEP0009", 4, 10 },
        { N + "weight Jet[0]", "HEP0009", 4, 8 },
        { N + "let x = count(MET)", "HEP0009", 4, 15 },
        { N + "let x = sum(pair (a, b) in Muon)", "HEP0009", 4, 13 },
        { N + "histogram h: MET.pt, 10 bins from 0 to 1, x", "HEP0021", 4, 22 },
        { N + "let x = Muon with charge", "HEP0009", 4, 19 },
        { N + "let x = MET.pt\n  cut \"indented continuation is part of the let\": true", "HEP0001", 5, 3 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_gives_the_diagnostic_at_its_place(string text, string id, int line, int column)
    {
        var result = TestSupport.Compile(text);
        Assert.Null(result.Model);
        var first = result.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error);
        Assert.True(first != null, "expected an error but got none");
        Assert.True(first!.Id == id && first.Line == line && first.Column == column,
            $"expected {id} at {line}:{column} but got:\n" + string.Join("\n", result.Diagnostics));
        Assert.Equal("test.hep", first.File);
        Assert.False(string.IsNullOrWhiteSpace(first.Message));
        Assert.True(first.EndLine > first.Line || first.EndColumn > first.Column, "the span must cover something");
    }

    /// <summary>Malformed inputs whose whole message is fixed: what was expected, and what was found instead.</summary>
    public static TheoryData<string, string, int, int, string> MalformedWithMessage() => new()
    {
        { N + "let q = MET.pt +", "HEP0001", 4, 17, "expected an expression but found end of statement" },
        { N + "histogram h \"t\" MET.pt", "HEP0001", 4, 17, "expected ':' but found 'MET'" },
        { N + "cut \"unterminated: true", "HEP0001", 4, 24, "expected closing '\"' but found end of statement" },
        { N + "let x = (MET.pt", "HEP0001", 4, 16, "expected ')' but found end of statement" },
        { N + "let = 3", "HEP0001", 4, 5, "expected a name but found '='" },
        { N + "let x = Muon with charge", "HEP0009", 4, 19, "'with' condition: expected true/false (a condition) but got int" },
        { N + "cut c: MET.pt and true", "HEP0009", 4, 8, "left of 'and': expected true/false (a condition) but got float" },
        { N + "let x = count(MET)", "HEP0009", 4, 15, "count: expected a collection or per-object values (like Jet.pt) but got object MET" },
        { N + "let n = deltaR(MET)", "HEP0008", 4, 9, "deltaR takes 2 arguments but got 1" },
        { N + "histogram h: MET.pt, 0 bins from 0 to 1", "HEP0011", 4, 22, "expected a whole number of bins greater than 0 but got 0" },
        { N + "histogram h: MET.pt, 10 bins from 5 to 1", "HEP0012", 4, 22, "expected the upper edge to be greater than the lower edge but got from 5 to 1" },
        { N + "histogram h: MET.pt, edges [0, 10, 5]", "HEP0013", 4, 22, "expected increasing bin edges but edge 3 (5) is not greater than edge 2 (10)" },
        // An incomplete binning says what it lacks, where it lacks it (was "expected the end of the statement but found 'bins'").
        { N + "histogram h: MET.pt, 10 bins from 0", "HEP0001", 4, 36, "expected 'to' and the upper edge after '10 bins from 0' but found end of statement" },
        { N + "histogram h: MET.pt, 10 bins from 0 to", "HEP0001", 4, 39, "expected the upper edge after '10 bins from 0 to' but found end of statement" },
        { N + "histogram h: MET.pt, 10 bins 0 to 5", "HEP0001", 4, 30, "expected 'from' and the lower edge after '10 bins' but found '0'" },
        { N + "histogram h: 10 bins from x to 5, MET.pt", "HEP0001", 4, 27, "expected the lower edge after '10 bins from' but found 'x'" },
        { N + "histogram h: MET.pt, bins from 0 to 5", "HEP0001", 4, 22, "expected the number of bins (like '10 bins from 0 to 5') but found 'bins'" },
        { N + "histogram h: MET.pt, edges [1, 2", "HEP0001", 4, 33, "expected ',' and another edge, or ']' after 'edges [1, 2' but found end of statement" },
        { N + "histogram h: MET.pt, edges [1, ]", "HEP0001", 4, 32, "expected a bin edge after 'edges [1,' but found ']'" },
    };

    [Fact]
    public void Binning_words_still_start_expressions_where_no_binning_follows()
    {
        // 'bins' and 'edges' are not reserved, and a fill may start with a number: only '10 bins', 'bins from' and
        // 'edges [1' commit to a binning.
        var result = TestSupport.Compile(N + "let bins = MET.pt\nlet edges = Jet with pt > 30\n"
            + "histogram h: 2 * bins, 10 bins from 0 to 5\nhistogram g: count(edges), edges [0, 1, 2]\nhistogram k: sum(edges.pt), 5 bins from 0 to 50");
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Model);
    }

    [Theory]
    [MemberData(nameof(MalformedWithMessage))]
    public void Malformed_input_says_what_was_expected(string text, string id, int line, int column, string message)
    {
        var d = Assert.Single(TestSupport.Compile(text).Diagnostics);
        Assert.Equal((id, line, column, message), (d.Id, d.Line, d.Column, d.Message));
    }

    [Fact]
    public void Several_errors_inside_one_statement_are_all_reported()
    {
        // The checker goes on past a bad operand: both unknown fields and the bad binning of one histogram.
        var result = TestSupport.Compile(N + "histogram h: Jet.ptt + Muon.etaa, 10 bins from 5 to 1\nlet x = mas(MET) + Jet.ptt + count(MET)");
        Assert.Null(result.Model);
        Assert.Equal(new[]
        {
            ("HEP0006", 4, 18), ("HEP0006", 4, 29), ("HEP0012", 4, 35),
            ("HEP0007", 5, 9), ("HEP0006", 5, 24), ("HEP0009", 5, 36),
        }, result.Diagnostics.Select(d => (d.Id, d.Line, d.Column)));
        Assert.Equal("'Muon' has no field 'etaa' (did you mean 'eta'?)", result.Diagnostics[1].Message);
    }

    [Fact]
    public void An_analysis_that_books_nothing_is_a_warning_at_its_first_line()
    {
        var result = TestSupport.Compile(N + "cut \"met\": MET.pt > 10");
        Assert.NotNull(result.Model);
        var w = Assert.Single(result.Diagnostics);
        Assert.Equal(("HEP0025", Severity.Warning, 1, 1), (w.Id, w.Severity, w.Line, w.Column));
        Assert.Contains("books no histogram or aggregate", w.Message);
        // A count books an aggregate; and with errors the warning would only be noise.
        Assert.Empty(TestSupport.Compile(N + "cut \"met\": MET.pt > 10\ncount n").Diagnostics);
        Assert.Equal("HEP0005", Assert.Single(TestSupport.Compile(N + "cut \"met\": nothing > 10").Diagnostics).Id);
    }

    [Fact]
    public void Several_errors_are_reported_at_once_in_source_order()
    {
        var text = N + "cut \"a\": count(Jets) > 2\nhistgram h: MET.pt\nlet x = MET.pt +\nhistogram h2: Muon.ptt, 10 bins from 0 to 1\nhistogram h3: MET.pt, 10 bins from 3 to 1";
        var result = TestSupport.Compile(text);
        var ids = result.Diagnostics.Select(d => (d.Id, d.Line)).ToList();
        Assert.Equal(new[] { ("HEP0005", 4), ("HEP0002", 5), ("HEP0001", 6), ("HEP0006", 7), ("HEP0012", 8) }, ids);
        Assert.Equal("expected an expression but found end of statement", result.Diagnostics[2].Message);
    }

    [Fact]
    public void An_unknown_name_suggests_the_nearest_names()
    {
        var result = TestSupport.Compile(N + "histogram h: Jet.btagCSV, 10 bins from 0 to 1");
        var d = Assert.Single(result.Diagnostics);
        Assert.Contains("did you mean 'btagCSVV2'", d.Message);
    }

    [Fact]
    public void A_diagnostic_prints_as_file_line_column_severity_id_message()
    {
        var d = Assert.Single(TestSupport.Compile(N + "let m = mas(MET)").Diagnostics);
        Assert.StartsWith("test.hep:4:9: error HEP0007: unknown function 'mas'", d.ToString());
    }

    [Fact]
    public void A_use_of_a_definition_that_failed_is_not_reported_again()
    {
        var result = TestSupport.Compile(N + "let j = Jet with ptt > 3\nhistogram h: j.pt, 10 bins from 0 to 1");
        Assert.Equal("HEP0005", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Exists_of_a_value_that_is_always_there_is_a_warning_not_an_error()
    {
        var result = TestSupport.Compile(N + "cut \"x\": exists(MET.pt)\nhistogram h: MET.pt, 10 bins from 0 to 1");
        Assert.NotNull(result.Model);
        var w = Assert.Single(result.Diagnostics);
        Assert.Equal(("HEP0024", Severity.Warning), (w.Id, w.Severity));
    }
}
