namespace HepDsl.Runtime.IO.XRootD;

/// <summary>
/// One logged-in connection per server (host, port, TLS, and the token and trust settings it was opened with) for the process: every file opened on a server, and every
/// partition reading one file, shares it, with their requests in flight together. A broken connection (server gone,
/// stalled request) is replaced on the next request.
/// </summary>
internal static class XRootDConnectionPool
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<(string Host, int Port, bool Tls, XRootDOptions Options), XRootDConnection> s_connections = [];
    // One connect at a time per server, so that partitions opening one file together make one connection, not one each.
    private static readonly Dictionary<(string Host, int Port, bool Tls, XRootDOptions Options), Lock> s_connecting = [];

    public static XRootDConnection Get(string host, int port, bool tls, XRootDOptions options, TimeSpan timeout)
    {
        var key = (host.ToLowerInvariant(), port, tls, options);
        Lock gate;
        lock (s_lock)
        {
            if (s_connections.TryGetValue(key, out var live) && live.IsAlive) return live;
            if (!s_connecting.TryGetValue(key, out gate!)) s_connecting[key] = gate = new Lock();
        }
        lock (gate)
        {
            lock (s_lock)
                if (s_connections.TryGetValue(key, out var live) && live.IsAlive) return live;
            var connection = XRootDConnection.Open(host, port, tls, options, timeout);
            lock (s_lock) s_connections[key] = connection;
            return connection;
        }
    }

    /// <summary>Closes every pooled connection (tests that stop a server use it to start from a clean state).</summary>
    public static void Clear()
    {
        List<XRootDConnection> all;
        lock (s_lock)
        {
            all = [.. s_connections.Values];
            s_connections.Clear();
        }
        foreach (var connection in all) connection.Dispose();
    }
}
