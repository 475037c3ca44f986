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

    [Theory]
    [InlineData("/dev/zero", "an import names a .hep file")]
    [InlineData("/etc/passwd", "an import names a .hep file")]
    public void Importing_a_device_or_a_system_file_is_HEP0041_at_the_import(string target, string reason)
    {
        var dir = Directory.CreateTempSubdirectory("hep-check-").FullName;
        var main = Path.Combine(dir, "main.hep");
        File.WriteAllText(main, $"analysis main\ntree events\nimport \"{target}\"\ncount n\n");
        var (code, lines) = Check(main);
        Assert.Equal(1, code);
        Assert.Equal($"{main}:3:1: error HEP0041: cannot import \"{target}\": {reason}", Assert.Single(lines));
    }

    [Fact]
    public void A_device_named_hep_is_refused_without_reading_it_to_the_end()
    {
        if (!File.Exists("/dev/zero")) return;
        var dir = Directory.CreateTempSubdirectory("hep-check-").FullName;
        var device = Path.Combine(dir, "zero.hep");
        File.CreateSymbolicLink(device, "/dev/zero");
        var main = Path.Combine(dir, "main.hep");
        File.WriteAllText(main, "analysis main\ntree events\nbranch float32 x\nimport \"zero.hep\"\ncount n\n");
        // Through the link it yields more than it reports: refused, without reading it to the end.
        var (code, lines) = Check(main);
        Assert.Equal(1, code);
        Assert.Equal($"{main}:4:1: error HEP0041: cannot import \"zero.hep\": {device} is not a regular file: it yields more than the 9 bytes it reports", Assert.Single(lines));
        var (code2, lines2) = Check(device);
        Assert.Equal(1, code2);
        Assert.StartsWith($"{device}:1:1: error HEP0041: {device} is not a regular file", Assert.Single(lines2));
    }

    [Fact]
    public void A_hep_file_over_the_size_limit_is_HEP0041_whether_checked_or_imported()
    {
        var dir = Directory.CreateTempSubdirectory("hep-check-").FullName;
        var big = Path.Combine(dir, "big.hep");
        File.WriteAllText(big, "analysis big\ntree events\n" + new string('#', HepDsl.Parser.Syntax.SourceFiles.MaxBytes));
        var (code, lines) = Check(big);
        Assert.Equal(1, code);
        Assert.StartsWith($"{big}:1:1: error HEP0041: {big} is 1,048,601 bytes; a .hep file may be at most 1,048,576 bytes", Assert.Single(lines));

        var main = Path.Combine(dir, "main.hep");
        File.WriteAllText(main, "analysis main\ntree events\nimport \"big.hep\"\ncount n\n");
        var (code2, lines2) = Check(main);
        Assert.Equal(1, code2);
        Assert.StartsWith($"{main}:3:1: error HEP0041: cannot import \"big.hep\": {big} is 1,048,601 bytes", Assert.Single(lines2));
    }
}
