using System.Text;

namespace HepDsl.Generator.Tests.Support;

/// <summary>
/// Compares generated text with a checked-in <c>NAME.verified.cs</c>. On a mismatch it writes
/// <c>NAME.received.cs</c> beside it and fails with the first differing lines; with HEPDSL_ACCEPT=1 it
/// overwrites the verified file instead (see Golden/README.md).
/// </summary>
internal static class GoldenFile
{
    /// <summary>Where the checked-in golden files live.</summary>
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "HepDsl.Generator.Tests", "Golden");

    public static bool Accepting => Environment.GetEnvironmentVariable("HEPDSL_ACCEPT") == "1";

    public static void Verify(string name, string actual)
    {
        var verified = Path.Combine(Folder, name + ".verified.cs");
        var received = Path.Combine(Folder, name + ".received.cs");
        actual = Normalize(actual);

        if (Accepting)
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"no golden file {verified}; wrote {received}. Review it, then accept with HEPDSL_ACCEPT=1."
            : $"generated source for {name} differs from {verified} (wrote {received}; accept with HEPDSL_ACCEPT=1):\n{Diff(expected, actual)}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>The first few differing lines, with line numbers, in a unified-diff-like form.</summary>
    public static string Diff(string expected, string actual, int maxLines = 12)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first]) first++;
        var text = new StringBuilder();
        text.AppendLine($"first difference at line {first + 1} (verified has {e.Length} lines, received {a.Length}):");
        for (var i = first; i < Math.Min(e.Length, first + maxLines); i++) text.AppendLine($"- {i + 1,4}: {e[i]}");
        for (var i = first; i < Math.Min(a.Length, first + maxLines); i++) text.AppendLine($"+ {i + 1,4}: {a[i]}");
        return text.ToString();
    }
}
