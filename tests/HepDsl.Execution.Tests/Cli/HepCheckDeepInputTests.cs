using System.Text;
using HepDsl.Execution.Tests.Support;

namespace HepDsl.Execution.Tests.Cli;

/// <summary>
/// <c>hep check</c> as a separate process on expressions thousands of levels deep (issue 11): a stack overflow would
/// end the process with a signal, which this test sees as a wrong exit code and no diagnostics.
/// </summary>
public class HepCheckDeepInputTests
{
    private const string Head = "analysis deep\ntree events\nbranch float32 x\nbranch int32 n\n";

    private static string Repeat(string s, int n) => new StringBuilder().Insert(0, s, n).ToString();

    [Fact]
    public void Deep_shapes_are_HEP0040_and_a_15000_term_sum_is_fine()
    {
        var dir = Directory.CreateTempSubdirectory("hep-deep-").FullName;
        var shapes = new Dictionary<string, string>
        {
            ["parens"] = "histogram h: " + Repeat("(", 2000) + "x" + Repeat(")", 2000) + ", 10 bins from 0 to 1",
            ["minus"] = "histogram h: " + Repeat("-", 10000) + "x, 10 bins from 0 to 1",
            ["not"] = "cut c: " + Repeat("not ", 10000) + "x > 1\ncount k",
            ["if"] = "histogram h: " + Repeat("if n > 0 then ", 5000) + "x" + Repeat(" else 0", 5000) + ", 10 bins from 0 to 1",
            ["abs"] = "histogram h: " + Repeat("abs(", 10000) + "x" + Repeat(")", 10000) + ", 10 bins from 0 to 1",
        };
        var paths = new List<string>();
        foreach (var (name, body) in shapes)
        {
            var path = Path.Combine(dir, name + ".hep");
            File.WriteAllText(path, Head + body + "\n");
            paths.Add(path);
        }
        var sum = Path.Combine(dir, "sum.hep");
        File.WriteAllText(sum, Head + "histogram h: " + string.Join(" + ", Enumerable.Repeat("x", 15000)) + ", 10 bins from 0 to 1\n");
        paths.Add(sum);

        var (code, stdout, stderr) = ProcessRunner.Run(Path.Combine(RepoPaths.Root, "hep"), ["check", .. paths], RepoPaths.Root, TimeSpan.FromMinutes(10));
        Assert.True(code == 1, $"exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in shapes.Keys)
            Assert.Single(lines, l => l.StartsWith(Path.Combine(dir, name + ".hep") + ":5:", StringComparison.Ordinal) && l.Contains(": error HEP0040: ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith(sum + ": ok", StringComparison.Ordinal));
        Assert.Equal(shapes.Count + 1, lines.Length);
    }
}
