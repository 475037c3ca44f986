using HepDsl.Parser;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Tests;

/// <summary>
/// Every sample checks clean, and its model matches the golden dump in Golden/NAME.txt exactly.
/// To accept a deliberate change, run the tests with HEPDSL_ACCEPT=1: the goldens are rewritten in the
/// source tree (tests/HepDsl.Parser.Tests/Golden); review the git diff before committing.
/// </summary>
public class SampleTests
{
    public static TheoryData<string> SampleNames()
    {
        var data = new TheoryData<string>();
        foreach (var p in TestSupport.Samples()) data.Add(Path.GetRelativePath(Path.Combine(TestSupport.RepoRoot(), "samples"), p).Replace('\\', '/'));
        return data;
    }

    [Fact]
    public void There_are_the_ADL_samples_and_the_flat_tree_samples()
    {
        var names = TestSupport.Samples().Select(p => Path.GetRelativePath(Path.Combine(TestSupport.RepoRoot(), "samples"), p).Replace('\\', '/')).ToList();
        for (var q = 1; q <= 8; q++) Assert.Contains($"adl/q{q}.hep", names);
        Assert.Contains("zmumu.hep", names);
        Assert.Contains("hzz.hep", names);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Sample_checks_clean(string sample)
    {
        var path = Path.Combine(TestSupport.RepoRoot(), "samples", sample);
        var result = TestSupport.CompileFile(path);
        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Model);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void ADL_samples_are_short(string sample)
    {
        if (!sample.StartsWith("adl/", StringComparison.Ordinal)) return;
        var lines = File.ReadAllLines(Path.Combine(TestSupport.RepoRoot(), "samples", sample)).Count(l => l.Trim().Length > 0);
        Assert.True(lines <= 15, $"{sample} has {lines} non-blank lines");
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Sample_model_matches_golden(string sample)
    {
        var root = TestSupport.RepoRoot();
        var result = TestSupport.CompileFile(Path.Combine(root, "samples", sample));
        Assert.NotNull(result.Model);
        // Paths in the dump would differ per machine; the model's File is checked separately.
        var actual = ModelPrinter.Print(result.Model!);
        var golden = Path.Combine(root, "tests", "HepDsl.Parser.Tests", "Golden", sample.Replace('/', '_').Replace(".hep", ".txt"));
        if (Environment.GetEnvironmentVariable("HEPDSL_ACCEPT") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, actual);
            return;
        }
        Assert.True(File.Exists(golden), $"no golden file {golden}; run with HEPDSL_ACCEPT=1 to create it");
        var expected = File.ReadAllText(golden).Replace("\r\n", "\n");
        if (expected != actual) Assert.Fail($"model of {sample} differs from {golden} (HEPDSL_ACCEPT=1 rewrites it):\n" + LineDiff(expected, actual));
    }

    [Fact]
    public void Models_are_value_equal_across_compilations_and_differ_when_the_text_does()
    {
        var path = Path.Combine(TestSupport.RepoRoot(), "samples", "adl", "q6.hep");
        var a = TestSupport.CompileFile(path).Model!;
        var b = TestSupport.CompileFile(path).Model!;
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        var changed = HepCompiler.Compile(path, File.ReadAllText(path).Replace("172.5", "173.0"), _ => null).Model!;
        Assert.NotEqual(a, changed);
    }

    /// <summary>The first differing lines, marked - expected / + actual.</summary>
    private static string LineDiff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var lines = new List<string>();
        for (var i = 0; i < Math.Max(e.Length, a.Length) && lines.Count < 40; i++)
        {
            var x = i < e.Length ? e[i] : "<missing>";
            var y = i < a.Length ? a[i] : "<missing>";
            if (x == y) continue;
            lines.Add($"line {i + 1}:");
            lines.Add("- " + x);
            lines.Add("+ " + y);
        }
        return string.Join("\n", lines);
    }
}
