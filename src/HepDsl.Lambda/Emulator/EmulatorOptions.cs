namespace HepDsl.Lambda.Emulator;

/// <summary>How the local Lambda emulator behaves: one function, N worker processes, Lambda's limits.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The function name the Invoke API accepts (others get 404 ResourceNotFoundException).</summary>
    public string FunctionName { get; init; } = "hepdsl";
    /// <summary>Host processes (the function's reserved concurrency).</summary>
    public int Workers { get; init; } = 2;
    /// <summary>Loopback port for both APIs; 0 picks a free one.</summary>
    public int Port { get; init; }
    /// <summary>Per-invocation timeout: past it the worker is killed and restarted, like Lambda's sandbox.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public int MemoryMb { get; init; } = 1769;
    /// <summary>Invocations that may wait for a free worker; beyond workers + this, the Invoke API answers 429.</summary>
    public int QueueCapacity { get; init; }
    /// <summary>The host: a bootstrap.dll (run with dotnet) or an executable.</summary>
    public required string BootstrapPath { get; init; }
    /// <summary>
    /// The hosts' configuration (results bucket and prefix, allowed inputs, S3 endpoint), given to every worker as the
    /// HEPDSL_* variables deploy/template.yaml sets on Lambda. Without it (and without those variables in
    /// <see cref="Environment"/>) every host fails to start and each invocation fails with <c>HepDsl.Misconfigured</c>.
    /// </summary>
    public Host.HostSettings? Host { get; init; }
    /// <summary>Extra environment for the workers, e.g. the credentials a function role would supply.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string Region { get; init; } = "us-east-1";
    /// <summary>Where emulator and worker log lines go; null discards them.</summary>
    public Action<string>? Log { get; init; }
}
