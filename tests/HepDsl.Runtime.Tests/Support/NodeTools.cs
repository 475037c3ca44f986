using System.Diagnostics;

namespace HepDsl.Runtime.Tests.Support;

/// <summary>Runs the Node tools in scripts/ (JSROOT, s3rver), installing them once per test run with scripts/ensure-node-tools.sh.</summary>
public static class NodeTools
{
    private static readonly Lazy<bool> Installed = new(() =>
    {
        var (code, _, err) = Run("bash", [Path.Combine(RepoPaths.Scripts, "ensure-node-tools.sh")], TimeSpan.FromMinutes(5), install: false);
        if (code != 0) throw new InvalidOperationException($"scripts/ensure-node-tools.sh failed ({code}): {err}");
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureInstalled() => _ = Installed.Value;

    /// <summary>Starts <c>node scripts/SCRIPT ARGS</c> with redirected output (the caller owns the process).</summary>
    public static Process Start(string script, IEnumerable<string> args)
    {
        EnsureInstalled();
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Scripts };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Scripts, script));
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException($"cannot start node {script}");
    }

    /// <summary>Runs <c>node scripts/SCRIPT ARGS</c> to completion and returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunNode(string script, IEnumerable<string> args, TimeSpan timeout) =>
        Run("node", [Path.Combine(RepoPaths.Scripts, script), .. args], timeout, install: true);

    private static (int, string, string) Run(string program, IReadOnlyList<string> args, TimeSpan timeout, bool install)
    {
        if (install) EnsureInstalled();
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Scripts };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
