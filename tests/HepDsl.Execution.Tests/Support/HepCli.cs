namespace HepDsl.Execution.Tests.Support;

/// <summary>The real <c>./hep</c> command (built on first use) with a private compile cache, run from the repo root.</summary>
internal static class HepCli
{
    private static readonly string s_cache = Directory.CreateTempSubdirectory("hep-cli-cache-").FullName;

    public static (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        ProcessRunner.Run(Path.Combine(RepoPaths.Root, "hep"), args, RepoPaths.Root, TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["HEPDSL_CACHE"] = s_cache });
}
