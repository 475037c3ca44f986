using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using S3Location = HepDsl.Runtime.IO.S3Location;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// Opens inputs for distributed runs pinned to a version (<see cref="InputVersion"/>). Without a planned version (the
/// driver's survey) it records the version it saw; with one (the host) every S3/HTTP range GET carries
/// <c>If-Match: ETag</c> (or <c>If-Unmodified-Since</c> when the server gives no ETag) and every response's ETag and
/// size are compared as well (for servers that ignore the precondition), so an object replaced after planning fails
/// with <see cref="InputChangedException"/> instead of being read. Local files and XRootD (<c>root://</c>) files are compared by size and
/// last-write time (the server's stat at open).
/// </summary>
public static class PinnedInputs
{
    // One connection pool for the process, as HttpRangeSource has; each source wraps it in its own version guard.
    private static readonly SocketsHttpHandler SharedHandler = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    };

    /// <summary>An opener for <see cref="InputSurvey"/> that records each input's version under the location it was given.</summary>
    public static EventSourceOpener Recording(ByteSourceOptions options, IDictionary<string, InputVersion> versions) => (location, tree) =>
    {
        var source = OpenTree(location, tree, options, planned: null, out var version);
        lock (versions) versions[location] = version;
        return source;
    };

    /// <summary>Opens <paramref name="tree"/> of <paramref name="location"/>, refusing it if it is not <paramref name="planned"/> (when given).</summary>
    public static OwnedTree OpenTree(string location, string tree, ByteSourceOptions options, InputVersion? planned, out InputVersion version) =>
        EventSources.OpenTree(Open(location, options, planned, out version), tree);

    /// <summary>The bytes of <paramref name="location"/>, pinned to <paramref name="planned"/> when given; <paramref name="version"/> is what was seen.</summary>
    public static IByteSource Open(string location, ByteSourceOptions options, InputVersion? planned, out InputVersion version)
    {
        int scheme = location.IndexOf("://", StringComparison.Ordinal);
        string kind = scheme < 0 ? "" : location[..scheme].ToLowerInvariant();
        switch (kind)
        {
            case "" or "file":
            {
                var path = kind == "file" ? new Uri(location).LocalPath : location;
                var local = new LocalFileSource(path);
                version = new InputVersion { Size = local.Length, LastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(local.Location), TimeSpan.Zero) };
                if (planned is not null && !planned.Matches(version))
                {
                    local.Dispose();
                    throw new InputChangedException(location, planned, version.ToString());
                }
                return local;
            }
            case "http" or "https" or "s3":
            {
                var remote = PinnedHttpSource.Open(location, kind == "s3", options, planned);
                version = remote.Version;
                return new CachingByteSource(remote, options.CacheBytes);
            }
            case "root" or "roots" or "xroot" or "xroots":
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
            default:
            {
                var other = ByteSources.Open(location, options); // explains unsupported schemes
                version = new InputVersion { Size = other.Length };
                return other;
            }
        }
    }

    /// <summary>Sends the precondition with every request and checks every answer against the planned version.</summary>
    private sealed class VersionGuard(string location, InputVersion? planned) : DelegatingHandler(SharedHandler)
    {
        private readonly Lock _lock = new();

        /// <summary>The version the first successful response described.</summary>
        public InputVersion? Seen { get; private set; }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Prepare(request);
            return Check(base.Send(request, cancellationToken));
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Prepare(request);
            return Check(await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
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

    /// <summary>An HTTP(S) URL or an S3 object (read through presigned URLs, as <see cref="S3Source"/> does) behind a <see cref="VersionGuard"/>.</summary>
    private sealed class PinnedHttpSource : HttpRangeSource
    {
        private readonly HttpClient _http;
        private readonly VersionGuard _guard;
        private readonly IAmazonS3? _s3;

        private PinnedHttpSource(string location, Func<Uri> url, ByteSourceOptions options, HttpClient http, VersionGuard guard, IAmazonS3? s3)
            : base(location, url, options, http)
        {
            _http = http;
            _guard = guard;
            _s3 = s3;
        }

        public InputVersion Version => _guard.Seen is { } seen ? seen with { Size = Length } : new InputVersion { Size = Length };

        public static PinnedHttpSource Open(string location, bool s3, ByteSourceOptions options, InputVersion? planned)
        {
            Func<Uri> url;
            IAmazonS3? client = null;
            if (s3)
            {
                S3Location where;
                try { where = S3Location.Parse(location); }
                catch (ArgumentException e) { throw new HepDataException(e.Message, e); }
                client = S3ClientFactory.Create(options.S3);
                url = S3Source.PresignedUrls(where, client, options);
            }
            else
            {
                if (!Uri.TryCreate(location, UriKind.Absolute, out var uri))
                    throw new HepDataException($"{location}: not an http:// or https:// URL");
                url = () => uri;
            }
            var guard = new VersionGuard(location, planned);
            var http = new HttpClient(guard, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            var source = new PinnedHttpSource(location, url, options, http, guard, client);
            try
            {
                source.ProbeLength();
                return source;
            }
            catch
            {
                source.Dispose();
                throw;
            }
        }

        protected override string Describe(HttpResponseMessage response) =>
            (_s3 is not null ? S3Source.DescribeStatus((int)response.StatusCode) : null) ?? base.Describe(response);

        public override void Dispose()
        {
            _http.Dispose();
            _s3?.Dispose();
            base.Dispose();
        }
    }
}
