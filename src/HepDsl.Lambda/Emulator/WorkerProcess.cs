using System.Diagnostics;

namespace HepDsl.Lambda.Emulator;

/// <summary>
/// One sandbox: a real host process speaking the Runtime API at <c>127.0.0.1:port/TOKEN/worker/{index}</c> (the
/// emulator's per-run token: only processes given it can take events). Restarted when it exits (crash, kill after a
/// timeout) until the emulator stops.
/// </summary>
internal sealed class WorkerProcess(int index, EmulatorOptions options, int port, string token, Action<WorkerProcess, int> exited)
{
    private readonly Lock _lock = new();
    private Process? _process;
    private CancellationTokenSource _life = new();
    private bool _stopped;

    public int Index { get; } = index;
    public PendingInvocation? Current { get; set; }
    public int ProcessId { get { lock (_lock) return _process?.Id ?? 0; } }
    /// <summary>Cancelled when the current process exits, so its pending /next stops waiting for work.</summary>
    public CancellationToken Life { get { lock (_lock) return _life.Token; } }
    public int Starts { get; private set; }

    public void Start()
    {
        lock (_lock)
        {
            if (_stopped) return;
            var dll = options.BootstrapPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
            var info = new ProcessStartInfo(dll ? "dotnet" : options.BootstrapPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (dll) info.ArgumentList.Add(options.BootstrapPath);
            foreach (var (k, v) in options.Host?.ToEnvironment() ?? new Dictionary<string, string>()) info.Environment[k] = v;
            foreach (var (k, v) in options.Environment) info.Environment[k] = v;
            // The environment of a process is readable only by its user: the token reaches no one else this way.
            info.Environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{port}/{token}/worker/{Index}";
            info.Environment["AWS_LAMBDA_FUNCTION_NAME"] = options.FunctionName;
            info.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
            info.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = options.MemoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["AWS_REGION"] = options.Region;
            info.Environment["_HANDLER"] = "hepdsl";
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => { if (e.Data is { } line) options.Log?.Invoke($"[worker {Index}] {line}"); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) options.Log?.Invoke($"[worker {Index}] {line}"); };
            process.Exited += (_, _) => OnExited(process);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            _life = new CancellationTokenSource();
            Starts++;
        }
    }

    /// <summary>Kills the process (timeout, or a test's injected fault); it is restarted by the exit handler.</summary>
    public void Kill()
    {
        lock (_lock)
        {
            try { _process?.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    public void Stop()
    {
        Process? process;
        lock (_lock)
        {
            _stopped = true;
            process = _process;
        }
        if (process is null) return;
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit(5000);
        process.Dispose();
    }

    private void OnExited(Process process)
    {
        int code;
        lock (_lock)
        {
            if (!ReferenceEquals(process, _process)) return;
            _life.Cancel();
            code = process.HasExited ? process.ExitCode : -1;
            if (_stopped) return;
        }
        exited(this, code);
    }
}
