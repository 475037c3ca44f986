namespace HepDsl.Runtime.IO;

/// <summary>
/// Where a location's <c>scheme://</c> ends: the one place it is split off. What a scheme means is decided by its
/// readers: <c>Inputs/InputLocation</c> (which schemes HepDsl reads, case-insensitive), <c>IO/XRootD/XRootDUrl</c>
/// (the XRootD ones) and the Lambda host's input allow-list (which compares them exactly as written).
/// </summary>
public static class UrlScheme
{
    /// <summary>The scheme as written and what follows <c>://</c>; null when there is no <c>://</c> (a plain path).</summary>
    public static (string Scheme, string After)? Split(string location)
    {
        int at = location.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? null : (location[..at], location[(at + 3)..]);
    }
}
