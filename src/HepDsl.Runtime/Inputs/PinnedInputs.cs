using System.Net;
using HepDsl.Runtime.IO;

namespace HepDsl.Runtime.Inputs;

/// <summary>
/// Opens inputs for distributed runs pinned to a version (<see cref="InputVersion"/>). Without a planned version (the
/// driver's survey) it records the version it saw; with one (the host) every S3/HTTP range GET carries
/// <c>If-Match: ETag</c> (or <c>If-Unmodified-Since</c> when the server gives no ETag) and every response's ETag and
/// size are compared as well (for servers that ignore the precondition), so an object replaced after planning fails
/// with <see cref="InputChangedException"/> instead of being read. Local files and XRootD (<c>root://</c>) files are
/// compared by size and last-write time (the server's stat at open).
/// </summary>
public static class PinnedInputs
{
    // One connection pool for the process, as HttpRangeSource has; each pinned source wraps it in its own version guard.
    private static readonly SocketsHttpHandler SharedHandler = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    };

    // For callers that decide about each redirect themselves (the Lambda host: only to allowed input origins).
    private static readonly SocketsHttpHandler NoRedirectHandler = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
    };
    private const int MaxRedirects = 5;

    /// <summary>An opener for a run's input survey that records each input's version under the location it was given.</summary>
    public static EventSourceOpener Recording(ByteSourceOptions options, IDictionary<string, InputVersion> versions) => (location, tree) =>
    {
        var source = OpenTree(location, tree, options, planned: null, out var version);
        lock (versions) versions[location] = version;
        return source;
    };

    /// <summary>
    /// Opens <paramref name="tree"/> of <paramref name="location"/>, refusing it if it is not <paramref name="planned"/>
    /// (when given). With <paramref name="redirectAllowed"/>, an HTTP(S) redirect is followed only to a URL it accepts.
    /// </summary>
    public static OwnedTree OpenTree(string location, string tree, ByteSourceOptions options, InputVersion? planned, out InputVersion version,
        Func<Uri, bool>? redirectAllowed = null) =>
        EventSources.OpenTree(Open(location, options, planned, out version, redirectAllowed), tree);

    /// <summary>The bytes of <paramref name="location"/>, pinned to <paramref name="planned"/> when given; <paramref name="version"/> is what was seen.</summary>
    public static IByteSource Open(string location, ByteSourceOptions options, InputVersion? planned, out InputVersion version,
        Func<Uri, bool>? redirectAllowed = null)
    {
        var where = InputLocation.Parse(location);
        if (!where.IsRemote)
        {
            var local = new LocalFileSource(where.LocalPath!);
            version = new InputVersion { Size = local.Length, LastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(local.Location), TimeSpan.Zero) };
            if (planned is not null && !planned.Matches(version))
            {
                local.Dispose();
                throw new InputChangedException(location, planned, version.ToString());
            }
            return local;
        }
        if (where.Kind == InputKind.XRootD)
        {
            // XRootD has no ETag: the version is the size and modification time from the open's stat.
            var xrootd = IO.XRootD.XRootDSource.Open(location, options);
            version = new InputVersion { Size = xrootd.Stat.Size, LastModified = xrootd.Stat.Modified };
            if (planned is not null && !planned.Matches(version))
            {
                xrootd.Dispose();
                throw new InputChangedException(location, planned, version.ToString());
            }
            return new CachingByteSource(xrootd, options.CacheBytes);
        }
        // Pinning wraps the ordinary remote source: the same opening, with a guard on every request it sends.
        var guard = new VersionGuard(location, planned, redirectAllowed);
        var http = new HttpClient(guard, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        RemoteByteSource remote;
        try { remote = ByteSources.OpenRemote(where, options, http); }
        catch
        {
            http.Dispose();
            throw;
        }
        version = guard.Seen is { } seen ? seen with { Size = remote.Length } : new InputVersion { Size = remote.Length };
        return new CachingByteSource(new Owning(remote, http), options.CacheBytes);
    }

    /// <summary>A source that also disposes the client its requests go through.</summary>
    private sealed class Owning(IByteSource inner, IDisposable client) : IByteSource
    {
        public string Location => inner.Location;
        public long Length => inner.Length;
        public long BytesRead => inner.BytesRead;
        public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default) => inner.ReadAsync(offset, destination, cancellationToken);
        public ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> ReadManyAsync(IReadOnlyList<(long Offset, int Length)> ranges, CancellationToken cancellationToken = default) => inner.ReadManyAsync(ranges, cancellationToken);

        public void Dispose()
        {
            inner.Dispose();
            client.Dispose();
        }
    }

    /// <summary>
    /// Sends the precondition with every request and checks every answer against the planned version. Given
    /// <paramref name="redirectAllowed"/>, redirects are not followed by the connection handler but here, each only if
    /// the target is allowed (at most <see cref="MaxRedirects"/>).
    /// </summary>
    private sealed class VersionGuard(string location, InputVersion? planned, Func<Uri, bool>? redirectAllowed)
        : DelegatingHandler(new NonDisposing(redirectAllowed is null ? SharedHandler : NoRedirectHandler))
    {
        private readonly Lock _lock = new();

        /// <summary>The version the first successful response described.</summary>
        public InputVersion? Seen { get; private set; }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Prepare(request);
            var response = base.Send(request, cancellationToken);
            for (int hops = 0; Redirect(response, hops) is { } next; hops++) response = base.Send(next, cancellationToken);
            return Check(response);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Prepare(request);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            for (int hops = 0; Redirect(response, hops) is { } next; hops++) response = await base.SendAsync(next, cancellationToken).ConfigureAwait(false);
            return Check(response);
        }

        // The request to send next when the response is a redirect this guard follows; null when it is not a redirect.
        private HttpRequestMessage? Redirect(HttpResponseMessage response, int hops)
        {
            if (redirectAllowed is null || (int)response.StatusCode is not (301 or 302 or 303 or 307 or 308)
                || response.Headers.Location is not { } to || response.RequestMessage is not { RequestUri: { } from } request)
                return null;
            var target = to.IsAbsoluteUri ? to : new Uri(from, to);
            response.Dispose();
            if (hops >= MaxRedirects) throw new HepDataException($"{location}: more than {MaxRedirects} redirects; not followed");
            if (!redirectAllowed(target)) throw new HepDataException($"{location}: the server redirected to {target}, which is not an allowed input origin; not followed");
            var next = new HttpRequestMessage(HttpMethod.Get, target);
            foreach (var (name, values) in request.Headers) next.Headers.TryAddWithoutValidation(name, values);
            return next;
        }

        private void Prepare(HttpRequestMessage request)
        {
            if (planned?.ETag is { } etag) request.Headers.TryAddWithoutValidation("If-Match", etag);
            else if (planned?.LastModified is { } modified) request.Headers.IfUnmodifiedSince = modified;
        }

        private HttpResponseMessage Check(HttpResponseMessage response)
        {
            int status = (int)response.StatusCode;
            if (status == 412 && planned is not null)
            {
                response.Dispose();
                throw new InputChangedException(location, planned, $"the server refused the request's precondition (HTTP 412 Precondition Failed: ETag or modification time differs)");
            }
            // Transient answers become exceptions so the sources retry them and, if they persist, the failure
            // carries an HttpRequestException: how the host tells transient failures from data errors.
            if (status is 408 or 429 or >= 500)
            {
                var reason = response.ReasonPhrase;
                response.Dispose();
                throw new HttpRequestException($"HTTP {status} {reason}", null, (HttpStatusCode)status);
            }
            if (status is 200 or 206)
            {
                response.Headers.TryGetValues("ETag", out var etags);
                var seen = new InputVersion
                {
                    Size = response.Content.Headers.ContentRange?.Length ?? planned?.Size ?? -1,
                    ETag = etags?.FirstOrDefault(),
                    LastModified = response.Content.Headers.LastModified,
                };
                lock (_lock) Seen ??= seen;
                if (planned is not null && !planned.Matches(seen))
                {
                    response.Dispose();
                    throw new InputChangedException(location, planned, seen.ToString());
                }
            }
            return response;
        }
    }

    /// <summary>Lets each guard be disposed with its client while the shared pool lives on.</summary>
    private sealed class NonDisposing(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing) { }
    }
}
