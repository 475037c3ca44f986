using System.Runtime.InteropServices;

namespace HepDsl.Runtime.IO.XRootD;

/// <summary>
/// Finds a bearer token by the WLCG token discovery rules: the <c>BEARER_TOKEN</c> variable, else the file named by
/// <c>BEARER_TOKEN_FILE</c>, else <c>$XDG_RUNTIME_DIR/bt_u$UID</c>, else <c>/tmp/bt_u$UID</c>. Surrounding whitespace is
/// dropped; an empty value counts as none.
/// </summary>
public static class BearerToken
{
    /// <summary>The token and where it came from (for messages), or null when none is configured.</summary>
    public static (string Token, string Source)? Discover(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (Clean(environment("BEARER_TOKEN")) is { } direct) return (direct, "BEARER_TOKEN");
        if (environment("BEARER_TOKEN_FILE") is { Length: > 0 } file)
            return FromFile(file, "BEARER_TOKEN_FILE") is { } fromFile ? (fromFile, $"BEARER_TOKEN_FILE={file}") : null;
        uint? uid = EffectiveUserId();
        if (uid is null) return null;
        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
        {
            var path = Path.Combine(runtime, $"bt_u{uid}");
            if (FromFile(path, "XDG_RUNTIME_DIR") is { } token) return (token, path);
        }
        var tmp = $"/tmp/bt_u{uid}";
        return FromFile(tmp, tmp) is { } fallback ? (fallback, tmp) : null;
    }

    private static string? FromFile(string path, string source)
    {
        if (!File.Exists(path)) return null;
        try { return Clean(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HepDataException($"bearer token from {source}: cannot read {path}: {e.Message}", e);
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static uint? EffectiveUserId()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        try { return geteuid(); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
