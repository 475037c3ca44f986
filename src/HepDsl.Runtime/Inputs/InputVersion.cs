using System.Globalization;
namespace HepDsl.Runtime.Inputs;

/// <summary>
/// Which version of an input a run was planned on, as its store reports it: the size always, and the S3/HTTP
/// <c>ETag</c> (or, for an HTTP server without ETags, <c>Last-Modified</c>; for a local file, the last-write time).
/// Part of a partition's identity (so a replaced object never reuses stale partial results) and checked by the
/// host before it reads a byte (so it never processes an object that changed after the run was planned).
/// </summary>
public sealed record InputVersion
{
    public required long Size { get; init; }
    /// <summary>The ETag exactly as the server sent it (quotes included).</summary>
    public string? ETag { get; init; }
    /// <summary>Last-Modified (HTTP without an ETag) or the last-write time (local files), UTC.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>The text hashed into result keys.</summary>
    public string Identity => ETag is { } etag ? $"size {Size}\netag {etag}"
        : LastModified is { } modified ? string.Create(CultureInfo.InvariantCulture, $"size {Size}\nmodified {modified.UtcTicks}")
        : string.Create(CultureInfo.InvariantCulture, $"size {Size}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Size} bytes{(ETag is { } e ? $", ETag {e}" : "")}{(LastModified is { } m ? $", modified {m.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC" : "")}");

    /// <summary>Whether <paramref name="now"/> is the same version (ETag if both have one, else the modification time; sizes always).</summary>
    public bool Matches(InputVersion now)
    {
        if (now.Size != Size) return false;
        if (ETag is not null && now.ETag is not null) return string.Equals(Normalize(ETag), Normalize(now.ETag), StringComparison.Ordinal);
        if (ETag is not null || now.ETag is not null) return false; // one side lost its ETag: cannot prove sameness
        return LastModified is null || now.LastModified is null || LastModified.Value.UtcTicks == now.LastModified.Value.UtcTicks;
    }

    // S3 and HTTP servers differ in whether a strong ETag is quoted; the value inside the quotes is what counts.
    internal static string Normalize(string etag)
    {
        var e = etag.Trim();
        if (e.StartsWith("W/", StringComparison.Ordinal)) e = e[2..];
        return e.Trim('"');
    }
}

/// <summary>
/// The input changed between planning and processing (a replaced S3 object, a rewritten file): the partition's
/// entry range may no longer mean the same events, so the host refuses it. Not retryable.
/// </summary>
public sealed class InputChangedException(string location, InputVersion planned, string now)
    : HepDataException($"{location} changed since the run was planned (planned: {planned}; now: {now}); rerun to plan over its new contents")
{
    public string Location { get; } = location;
}
