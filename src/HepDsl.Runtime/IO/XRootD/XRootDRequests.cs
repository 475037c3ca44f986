using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using HepDsl.Runtime.Columns;
using static HepDsl.Runtime.IO.XRootD.XRootDProtocol;

namespace HepDsl.Runtime.IO.XRootD;

/// <summary>Where a request on a path ended up (after redirects): the connection to that server and its answer.</summary>
internal readonly record struct XRootDAnswer(XRootDConnection Connection, XRootDUrl Server, byte[] Body);

/// <summary>What kXR_stat (or kXR_open with kXR_retstat) says about a file: "id size flags mtime".</summary>
public readonly record struct XRootDStat(long Size, int Flags, DateTimeOffset Modified)
{
    public bool IsDirectory => (Flags & StatIsDirectory) != 0;
    public bool IsOther => (Flags & StatOther) != 0;
    public bool IsOffline => (Flags & StatOffline) != 0;

    internal static XRootDStat Parse(ReadOnlySpan<byte> text, string where)
    {
        var fields = Encoding.ASCII.GetString(text).TrimEnd('\0', ' ', '\n').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || !long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long size)
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int flags)
            || !long.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out long mtime))
            throw new HepDataException($"{where}: malformed stat answer '{Encoding.ASCII.GetString(text).TrimEnd('\0')}'");
        return new XRootDStat(size, flags, DateTimeOffset.FromUnixTimeSeconds(mtime));
    }
}

/// <summary>
/// Requests on a path: sent to the URL's server and followed through kXR_redirect (a redirector naming the data
/// server), kXR_wait (retry after the server's delay) and kXR_waitresp (handled by the connection); kXR_error becomes
/// a <see cref="HepDataException"/> naming the URL and the operation (or a retryable exception for busy servers).
/// </summary>
internal static class XRootDRequests
{
    private const int MaxRedirects = 16;
    private const int MaxWaits = 20;

    /// <summary>Sends <paramref name="request"/> with <paramref name="body16"/> and the path (plus CGI) as payload, following redirects.</summary>
    public static XRootDAnswer OnPath(XRootDUrl url, ushort request, ReadOnlySpan<byte> body16, ByteSourceOptions options, XRootDOptions xrootd, string operation)
    {
        var server = url;
        var body = body16.ToArray();
        string? redirectQuery = null;
        int waits = 0;
        for (int hop = 0; hop <= MaxRedirects; )
        {
            var connection = XRootDConnectionPool.Get(server.Host, server.Port, url.Tls, xrootd, options.RequestTimeout);
            string path = server.Path + (url.Query is { } q ? $"?{q}" : "") + (redirectQuery is { } r ? $"{(url.Query is null ? "?" : "&")}{r}" : "");
            var response = connection.Send(request, body, Encoding.UTF8.GetBytes(path), options.RequestTimeout).Wait();
            switch (response.Status)
            {
                case Ok:
                    return new XRootDAnswer(connection, server, response.Body);
                case Redirect:
                {
                    hop++;
                    (server, redirectQuery) = ParseRedirect(response.Body, server, url, operation);
                    continue;
                }
                case Wait:
                    WaitAsTold(response.Body, ref waits, url, operation);
                    continue;
                case Error:
                    throw ErrorFor(url, operation, response.Body);
                default:
                    throw new HepDataException($"{url}: {operation}: unexpected answer status {response.Status}");
            }
        }
        throw new HepDataException($"{url}: {operation}: more than {MaxRedirects} redirects (a redirect loop between servers?)");
    }

    /// <summary>Sends a request on an open file's connection (no redirects expected there), handling kXR_wait and kXR_error.</summary>
    public static byte[] OnConnection(XRootDConnection connection, XRootDUrl url, ushort request, ReadOnlySpan<byte> body16, ReadOnlySpan<byte> payload, TimeSpan timeout, string operation)
    {
        int waits = 0;
        while (true)
        {
            var response = connection.Send(request, body16, payload, timeout).Wait();
            if (response.Status == Ok) return response.Body;
            if (response.Status == Wait) { WaitAsTold(response.Body, ref waits, url, operation); continue; }
            if (response.Status == Error) throw ErrorFor(url, operation, response.Body);
            throw new IOException($"{url}: {operation}: unexpected answer status {response.Status}");
        }
    }

    /// <summary>kXR_redirect: port, then "host[?cgi]" (a negative port means the rest is a URL).</summary>
    private static (XRootDUrl Server, string? Query) ParseRedirect(byte[] body, XRootDUrl current, XRootDUrl url, string operation)
    {
        if (body.Length < 4) throw new HepDataException($"{url}: {operation}: malformed redirect");
        int port = BinaryPrimitives.ReadInt32BigEndian(body);
        string target = Encoding.UTF8.GetString(body, 4, body.Length - 4).TrimEnd('\0');
        if (port < 0 || target.Contains("://", StringComparison.Ordinal))
        {
            if (!XRootDUrl.IsXRootD(target)) throw new HepDataException($"{url}: {operation}: redirected to '{target}', which is not a root:// server");
            var to = XRootDUrl.Parse(target);
            return (current with { Host = to.Host, Port = to.Port }, to.Query);
        }
        string? query = null;
        int q = target.IndexOf('?');
        if (q >= 0) { query = target[(q + 1)..]; target = target[..q]; }
        if (target.Length == 0) throw new HepDataException($"{url}: {operation}: redirected to an empty host name");
        return (current with { Host = target.Trim('[', ']'), Port = port == 0 ? XRootDUrl.DefaultPort : port }, string.IsNullOrEmpty(query) ? null : query);
    }

    private static void WaitAsTold(byte[] body, ref int waits, XRootDUrl url, string operation)
    {
        int seconds = body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : 1;
        if (++waits > MaxWaits)
            throw new HepDataException($"{url}: {operation}: the server asked to wait {MaxWaits} times; giving up ({Encoding.UTF8.GetString(body, Math.Min(4, body.Length), Math.Max(0, body.Length - 4)).TrimEnd('\0')})");
        Thread.Sleep(TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 30)));
    }

    public static Exception ErrorFor(XRootDUrl url, string operation, byte[] body)
    {
        int code = XRootDErrors.Code(body);
        string text = $"{url}: {operation} failed: {XRootDErrors.Describe(body)}";
        return IsTransientError(code) ? new XRootDTransientException(text) : new HepDataException(text);
    }
}
