using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Trees.Writing;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Generator.Tests.RealData;

/// <summary>
/// <c>if C then A else B</c> evaluates only the branch C chooses, so an absent value in the other branch does not make
/// the result absent (issue 11). On a ROOT file written by the runtime's TreeWriter: 30 entries, entry i holds
/// n = i % 5 objects A with fields x and k. Every number is checked against a plain C# loop over the same values;
/// the counts quoted in the issue (12 fills that must be 30, 0 that must be 12, 24 that must be 30, a cut passing 6
/// that must pass 24) are asserted as written there.
/// </summary>
public class ConditionalBranchTests : IDisposable
{
    private const int Entries = 30;
    private readonly string _dir = Directory.CreateTempSubdirectory("hep-if-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static int N(int i) => i % 5;
    // Signs alternate, so "x > 0" splits the events; magnitudes are exact in float32.
    private static float X(int i, int j) => ((i + j) % 2 == 0 ? 1 : -1) * (1 + j + 0.125f * i);
    private static int K(int i, int j) => (i * 7 + j * 3) % 11;

    private string WriteFile()
    {
        var path = Path.Combine(_dir, "conditional.root");
        var chunk = new TreeChunk(Entries)
            .Set("nA", Enumerable.Range(0, Entries).Select(N).ToArray())
            .SetJagged("A_x", Enumerable.Range(0, Entries).Select(i => Enumerable.Range(0, N(i)).Select(j => X(i, j)).ToArray()).ToList())
            .SetJagged("A_k", Enumerable.Range(0, Entries).Select(i => Enumerable.Range(0, N(i)).Select(j => K(i, j)).ToArray()).ToList());
        using (var writer = new TreeWriter(path, "t",
            [TreeBranch.Scalar("nA", ColumnType.Int32), TreeBranch.Jagged("A_x", ColumnType.Float32, "nA"), TreeBranch.Jagged("A_k", ColumnType.Int32, "nA")]))
            writer.WriteCluster(chunk);
        return path;
    }

    private ResultSet Run(string name, string statements)
    {
        var text = $"analysis {name}\ntree t\ncollection A[int32 nA]: float32 x; int32 k\n" + statements;
        var (output, diagnostics, _) = GeneratorHarness.Generate((Path.Combine(_dir, name + ".hep"), text));
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        var analysis = GeneratorHarness.Analysis(GeneratorHarness.EmitAndLoad(output), char.ToUpperInvariant(name[0]) + name[1..] + "Analysis");
        using var source = EventSources.Open(WriteFile(), "t");
        var result = analysis.CreateResult();
        analysis.CreateProcessor().Process(source, new EntryRange(0, source.Entries), result);
        return result;
    }

    private static Histogram1D H(ResultSet r, string name) => (Histogram1D)r.Histogram(name);

    private static double At(Histogram1D h, double x) => h.SumW[h.X.Index(x)];

    [Fact]
    public void The_fills_quoted_in_the_issue_follow_the_chosen_branch()
    {
        var r = Run("fills",
            "histogram guarded: if exists(A[2]) then A[2].x else -99, 200 bins from -100 to 100\n"
            + "histogram constant: if count(A) >= 3 then 1 else A[5].x, 10 bins from 0 to 10\n"
            + "histogram maxk: if count(A) > 0 then max(A.k) else -100, 120 bins from -110 to 10\n"
            + "histogram nested: if count(A) >= 4 then A[3].x else if count(A) >= 2 then A[1].x else -5, 40 bins from -10 to 10\n"
            + "histogram absent: if count(A) >= 2 then A[3].x else A[0].x, 40 bins from -10 to 10\n");

        var guarded = H(r, "guarded");
        Assert.Equal(30, guarded.Entries);
        Assert.Equal(18, At(guarded, -99));
        Assert.Equal(12, H(r, "constant").Entries);
        Assert.Equal(12, At(H(r, "constant"), 1));
        Assert.Equal(30, H(r, "maxk").Entries);
        Assert.Equal(6, At(H(r, "maxk"), -100));

        // The same fills, computed directly.
        var expected = new Dictionary<string, List<double>> { ["guarded"] = [], ["maxk"] = [], ["nested"] = [], ["absent"] = [] };
        for (var i = 0; i < Entries; i++)
        {
            var n = N(i);
            expected["guarded"].Add(n > 2 ? X(i, 2) : -99);
            expected["maxk"].Add(n > 0 ? Enumerable.Range(0, n).Max(j => K(i, j)) : -100);
            expected["nested"].Add(n >= 4 ? X(i, 3) : n >= 2 ? X(i, 1) : -5);
            // Absent where the chosen branch is: A[3] when n >= 2 needs n >= 4; A[0] when n < 2 needs n = 1.
            if (n >= 4 || n == 1) expected["absent"].Add(n >= 2 ? X(i, 3) : X(i, 0));
        }
        foreach (var (name, values) in expected)
        {
            var h = H(r, name);
            var reference = new Histogram1D(name, name, h.X);
            foreach (var v in values) reference.Fill(v);
            Assert.Equal(reference.Entries, h.Entries);
            Assert.Equal(reference.SumW, h.SumW);
            Assert.Equal(reference.StatSumWX, h.StatSumWX, 9);
        }
    }

    [Fact]
    public void Cuts_lets_weights_selections_quantifiers_and_folds_follow_the_chosen_branch()
    {
        var r = Run("everywhere",
            // A let whose value is absent only where its chosen branch is; one the condition proves present.
            "let z = if count(A) >= 2 then A[3].x else A[0].x\n"
            + "sum zsum: z\n"
            + "let y = if exists(A[1]) then A[1].x else 0\n"
            + "sum ysum: y\n"
            // Inside a selection, a quantifier and a fold: A[9] never exists, so the 'else' branches are absent.
            + "let chosen = A with (if k > 5 then x > 0 else A[9].x > 0)\n"
            + "sum nchosen: count(chosen)\n"
            + "sum anyk: if (any a in A: (if a.k > 5 then a.x > 0 else A[9].x > 0)) then 1 else 0\n"
            + "sum folded: sum(if a.k > 5 then a.x else A[9].x for a in A)\n"
            + "sum perobject: if a.k > 5 then a.x else A[9].x for a in A\n"
            // A weight that is present in every event because its condition proves A[1] present.
            + "weight if exists(A[1]) then A[1].k + 1 else 0.5\n"
            + "histogram weighted: count(A), 5 bins from -0.5 to 4.5\n"
            + "cut \"guarded\": if exists(A[2]) then A[2].x > 0 else true\n"
            + "cut \"last k\": if count(A) == 0 then true else A[count(A) - 1].k > 3\n"
            + "count passed\n");

        double zsum = 0, ysum = 0, nchosen = 0, anyk = 0, folded = 0, perobject = 0;
        long zentries = 0, perobjectEntries = 0;
        var weighted = new Histogram1D("weighted", "", H(r, "weighted").X);
        long guarded = 0, last = 0;
        double guardedW = 0, lastW = 0, allW = 0;
        for (var i = 0; i < Entries; i++)
        {
            var n = N(i);
            if (n >= 4 || n == 1) { zsum += n >= 2 ? X(i, 3) : X(i, 0); zentries++; }
            ysum += n > 1 ? X(i, 1) : 0;
            var any = false;
            for (var j = 0; j < n; j++)
            {
                if (K(i, j) <= 5) continue;  // the else branch needs A[9]: absent, so false or skipped
                if (X(i, j) > 0) { nchosen++; any = true; }
                folded += X(i, j);
                perobject += X(i, j);
                perobjectEntries++;
            }
            if (any) anyk++;
            var w = n > 1 ? K(i, 1) + 1.0 : 0.5;
            allW += w;
            weighted.Fill(n, w);
            if (n > 2 && !(X(i, 2) > 0)) continue;
            guarded++; guardedW += w;
            if (n > 0 && !(K(i, n - 1) > 3)) continue;
            last++; lastW += w;
        }

        Assert.Equal(zentries, r.Aggregate("zsum").Entries);
        Assert.Equal(12, zentries);
        Assert.Equal(zsum, r.Aggregate("zsum").SumWX, 9);
        Assert.Equal(30, r.Aggregate("ysum").Entries);
        Assert.Equal(ysum, r.Aggregate("ysum").SumWX, 9);
        Assert.Equal(nchosen, r.Aggregate("nchosen").SumWX);
        Assert.True(nchosen > 0);
        Assert.Equal(anyk, r.Aggregate("anyk").SumWX);
        Assert.True(anyk > 0);
        Assert.Equal(folded, r.Aggregate("folded").SumWX, 9);
        Assert.Equal(perobjectEntries, r.Aggregate("perobject").Entries);
        Assert.Equal(perobject, r.Aggregate("perobject").SumWX, 9);
        Assert.Equal(weighted.SumW, H(r, "weighted").SumW);
        Assert.Equal(24, guarded);
        Assert.Equal(new long[] { 30, guarded, last }, r.Cutflow.Passed);
        Assert.Equal(new[] { allW, guardedW, lastW }, r.Cutflow.SumW);
        Assert.Equal(lastW, r.Aggregate("passed").SumW);
    }

    [Fact]
    public void Arithmetic_on_per_object_values_fills_once_per_object()
    {
        // What a new user writes (issue 11, section 5): 'A.x * 2' rather than 'a.x * 2 for a in A'.
        var r = Run("perobject",
            "histogram doubled: A.x * 2, 40 bins from -20 to 20\n"
            + "histogram both: abs(A.x) - A.k, 40 bins from -20 to 20\n"
            + "sum total: sum(2 * A.x)\n");
        var doubled = new Histogram1D("doubled", "", H(r, "doubled").X);
        var both = new Histogram1D("both", "", H(r, "both").X);
        double total = 0;
        for (var i = 0; i < Entries; i++)
            for (var j = 0; j < N(i); j++)
            {
                doubled.Fill(2.0 * X(i, j));
                both.Fill(Math.Abs((double)X(i, j)) - K(i, j));
                total += 2.0 * X(i, j);
            }
        Assert.Equal(60, doubled.Entries);
        Assert.Equal(doubled.SumW, H(r, "doubled").SumW);
        Assert.Equal(both.SumW, H(r, "both").SumW);
        Assert.Equal(total, r.Aggregate("total").SumWX, 9);
    }
}
