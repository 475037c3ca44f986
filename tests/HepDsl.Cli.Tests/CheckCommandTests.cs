using HepDsl.Cli.Commands;

namespace HepDsl.Cli.Tests;

/// <summary><c>hep check</c>: a missing file named on the command line is HEP0029, a missing import HEP0014.</summary>
public class CheckCommandTests
{
    private static (int Code, string[] Lines) Check(params string[] paths)
    {
        var output = new StringWriter();
        var code = CheckCommand.Run(paths, printModel: false, output);
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void A_missing_file_is_HEP0029_and_the_others_are_still_checked()
    {
        var dir = Directory.CreateTempSubdirectory("hep-check-").FullName;
        var good = Path.Combine(dir, "good.hep");
        File.WriteAllText(good, "analysis good\ntree events\nbranch float32 x\ncount n\n");
        var missing = Path.Combine(dir, "missing.hep");

        var (code, lines) = Check(missing, good);
        Assert.Equal(1, code);
        Assert.Equal(2, lines.Length);
        Assert.Equal($"{missing}:1:1: error HEP0029: no such .hep file", lines[0]);
        Assert.StartsWith($"{good}: ok: analysis good", lines[1]);
        Assert.Equal(0, Check(good).Code);
    }

    [Fact]
    public void A_missing_import_is_HEP0014_at_the_import()
    {
        var dir = Directory.CreateTempSubdirectory("hep-check-").FullName;
        var main = Path.Combine(dir, "main.hep");
        File.WriteAllText(main, "analysis main\ntree events\nimport \"shared.hep\"\ncount n\n");

        var (code, lines) = Check(main);
        Assert.Equal(1, code);
        Assert.StartsWith($"{main}:3:1: error HEP0014: cannot import \"shared.hep\"", Assert.Single(lines));
    }
}
