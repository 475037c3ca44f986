namespace HepDsl.Execution.Tests.Support;

/// <summary>Validates a pyhf workspace against pyhf's JSON schema 1.0.0 with ajv (scripts/validate-pyhf.mjs).</summary>
internal static class PyhfSchema
{
    private static readonly Lazy<bool> s_installed = new(() =>
    {
        var (code, _, err) = ProcessRunner.Run("bash", [Path.Combine(RepoPaths.Root, "scripts", "ensure-node-tools.sh")], RepoPaths.Root, TimeSpan.FromMinutes(5));
        if (code != 0) throw new InvalidOperationException($"scripts/ensure-node-tools.sh failed ({code}): {err}");
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static (bool Valid, string Output) Validate(string workspace)
    {
        _ = s_installed.Value;
        var scripts = Path.Combine(RepoPaths.Root, "scripts");
        var (code, stdout, stderr) = ProcessRunner.Run("node", [Path.Combine(scripts, "validate-pyhf.mjs"), workspace], scripts, TimeSpan.FromMinutes(2));
        if (code is not (0 or 1) || stdout.Trim().Length == 0) throw new InvalidOperationException($"validate-pyhf.mjs failed ({code}): {stderr}");
        return (code == 0, stdout + stderr);
    }
}
