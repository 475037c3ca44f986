using System.Diagnostics;
using System.Runtime;

namespace HepDsl.Lambda.Host;

/// <summary>
/// The moments of a host's start, for the cold-start breakdown a cold invocation reports: when the OS started the
/// process, when Main was entered (the difference is the runtime's own start: loading, host resolution), and when the
/// host first asked for an event (its init: handler and clients constructed). JIT time is the runtime's own count.
/// </summary>
public static class StartupClock
{
    private static DateTime _mainEntered;
    private static DateTime _firstNext;

    /// <summary>Called first thing in Main.</summary>
    public static void MainEntered() => _mainEntered = DateTime.UtcNow;

    /// <summary>Called after the init warm-up (<see cref="InitWarmUp"/>), with its wall time.</summary>
    public static void WarmedUp(long ms) => WarmUpMs = ms;

    /// <summary>The init warm-up's wall time (ms), part of <see cref="InitMs"/>; 0 when it did not run.</summary>
    public static long WarmUpMs { get; private set; }

    /// <summary>Called just before the first GET /next.</summary>
    public static void FirstNext() { if (_firstNext == default) _firstNext = DateTime.UtcNow; }

    /// <summary>OS process start to Main (ms); 0 when unknown (Main not recorded, or run in-process by a test).</summary>
    public static long RuntimeStartMs
    {
        get
        {
            if (_mainEntered == default) return 0;
            try { return Math.Max(0, (long)(_mainEntered - Process.GetCurrentProcess().StartTime.ToUniversalTime()).TotalMilliseconds); }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException) { return 0; }
        }
    }

    /// <summary>Main to the first request for an event (ms).</summary>
    public static long InitMs => _mainEntered == default || _firstNext == default ? 0 : Math.Max(0, (long)(_firstNext - _mainEntered).TotalMilliseconds);

    /// <summary>Time the JIT has spent compiling in this process so far.</summary>
    public static TimeSpan JitTime => System.Runtime.JitInfo.GetCompilationTime();

    /// <summary>How the runtime compiles: ReadyToRun code in use, tiered compilation, dynamic PGO (from the runtime config).</summary>
    public static string CompilationMode =>
        $"tiered={(AppContext.TryGetSwitch("System.Runtime.TieredCompilation", out var t) ? t : true)}, " +
        $"tieredPGO={(AppContext.TryGetSwitch("System.Runtime.TieredPGO", out var p) ? p : true)}, " +
        $"readyToRun={(AppContext.TryGetSwitch("System.Runtime.ReadyToRun", out var r) ? r : true)}, gc={(GCSettings.IsServerGC ? "server" : "workstation")}";
}
