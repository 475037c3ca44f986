using System.Buffers.Binary;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Trees;

namespace HepDsl.Execution.Tests.Cli;

/// <summary>
/// <c>hep dump</c> and <c>hep run</c> on a file whose tree metadata is damaged for one branch (issue 11): both say
/// the file is damaged, naming the branch and the basket, and exit non-zero (dump used to leave the column out and
/// exit 0; run said "no branch 'i8'").
/// </summary>
public class DamagedFileCliTests
{
    private static (int Code, string Stdout, string Stderr) Hep(params string[] args) =>
        ProcessRunner.Run(Path.Combine(RepoPaths.Root, "hep"), args, RepoPaths.Root, TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["HEPDSL_CACHE"] = Directory.CreateTempSubdirectory("hep-cli-cache-").FullName });

    /// <summary>The uncompressed 6.20 sample with basket 1 of 'i8' given offset 0 in its fBasketSeek array.</summary>
    private static string DamagedCopy(string dir)
    {
        var path = RepoPaths.Data("uproot-sample-6.20.04-uncompressed.root");
        var bytes = File.ReadAllBytes(path);
        long[] seeks;
        using (var tree = TreeSource.Open(path, "sample"))
            seeks = tree.Baskets("i8").Select(b => b.Seek).ToArray();
        var pattern = new byte[8 * seeks.Length];
        for (int i = 0; i < seeks.Length; i++) BinaryPrimitives.WriteInt64BigEndian(pattern.AsSpan(8 * i), seeks[i]);
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at > 0);
        bytes.AsSpan(at + 8, 8).Clear();
        var damaged = Path.Combine(dir, "damaged.root");
        File.WriteAllBytes(damaged, bytes);
        return damaged;
    }

    [Fact]
    public void Dump_and_run_say_the_file_is_damaged_naming_branch_and_basket()
    {
        var dir = Directory.CreateTempSubdirectory("hep-damaged-").FullName;
        var damaged = DamagedCopy(dir);
        var expected = $"{damaged}: the file is damaged: branch 'i8': basket 1 has an invalid position in the tree metadata";

        var dump = Hep("dump", damaged, "--tree", "sample", "--entries", "3");
        Assert.True(dump.Code != 0, $"dump exited 0\nstdout:\n{dump.Stdout}");
        Assert.Contains(expected, dump.Stderr);

        var hep = Path.Combine(dir, "i8.hep");
        File.WriteAllText(hep, "analysis i8\ntree sample\nbranch int64 i8\nsum total: i8\n");
        var run = Hep("run", hep, "--input", damaged, "--output", Path.Combine(dir, "out"));
        Assert.True(run.Code != 0, $"run exited 0\nstdout:\n{run.Stdout}");
        Assert.Contains(expected, run.Stderr);
        Assert.DoesNotContain("no branch", run.Stderr);
    }
}
