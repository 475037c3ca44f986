using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.IO.XRootD;

/// <summary>
/// A <c>root://</c> (or <c>roots://</c>, TLS) location: <c>root://[user@]host[:port]//absolute/path[?cgi]</c>.
/// The path after the host is the server's path (XRootD URLs carry it after a double slash; one slash is accepted).
/// </summary>
public sealed record XRootDUrl(string Host, int Port, string Path, string? Query, bool Tls)
{
    public const int DefaultPort = 1094;

    /// <summary>Whether <paramref name="scheme"/> (any case) is XRootD's: root, roots (TLS), xroot, xroots (TLS).</summary>
    public static bool IsScheme(string scheme) => scheme.ToLowerInvariant() is "root" or "roots" or "xroot" or "xroots";

    public static bool IsXRootD(string location) => UrlScheme.Split(location) is { } split && IsScheme(split.Scheme);

    public static XRootDUrl Parse(string location)
    {
        if (UrlScheme.Split(location) is not { } split || !IsScheme(split.Scheme))
            throw new HepDataException($"{location}: not a root:// or roots:// URL");
        string kind = split.Scheme.ToLowerInvariant();
        string rest = split.After;
        int slash = rest.IndexOf('/');
        if (slash <= 0) throw new HepDataException($"{location}: no path after the host (expected root://host[:port]//path/file.root)");
        string authority = rest[..slash];
        string path = rest[slash..];
        if (path.StartsWith("//", StringComparison.Ordinal)) path = path[1..];
        string? query = null;
        int q = path.IndexOf('?');
        if (q >= 0) { query = path[(q + 1)..]; path = path[..q]; }
        int at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority[(at + 1)..];
        string host = authority;
        int port = DefaultPort;
        int colon = authority.LastIndexOf(':');
        if (colon > 0 && !authority.EndsWith(']'))
        {
            host = authority[..colon];
            if (!int.TryParse(authority[(colon + 1)..], out port) || port is <= 0 or > 65535)
                throw new HepDataException($"{location}: invalid port '{authority[(colon + 1)..]}'");
        }
        host = host.Trim('[', ']');
        if (host.Length == 0) throw new HepDataException($"{location}: no host name");
        if (path.Length <= 1) throw new HepDataException($"{location}: no file path after the host");
        return new XRootDUrl(host, port, path, string.IsNullOrEmpty(query) ? null : query, kind.EndsWith('s'));
    }

    /// <summary>The path with its CGI, as sent in kXR_open and kXR_stat.</summary>
    public string PathWithQuery => Query is null ? Path : $"{Path}?{Query}";

    /// <summary>The same server with another path (for directory listings and glob matches).</summary>
    public XRootDUrl WithPath(string path) => this with { Path = path, Query = null };

    public override string ToString() => $"{(Tls ? "roots" : "root")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}/{PathWithQuery}";
}
