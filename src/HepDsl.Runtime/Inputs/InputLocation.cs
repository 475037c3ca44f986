using HepDsl.Runtime.IO;
using HepDsl.Runtime.IO.XRootD;

namespace HepDsl.Runtime.Inputs;

/// <summary>How an input is reached.</summary>
public enum InputKind
{
    /// <summary>A path on this machine (or a <c>file://</c> URL).</summary>
    LocalFile,
    /// <summary><c>http://</c> or <c>https://</c>: range requests.</summary>
    Http,
    /// <summary><c>s3://bucket/key</c>.</summary>
    S3,
    /// <summary><c>root://host//path</c> (or <c>roots://</c> over TLS): the XRootD protocol.</summary>
    XRootD,
}

/// <summary>
/// Where one input lives, parsed once from what the user (or a payload) wrote: the only place the <c>scheme://</c>
/// of a location is given a meaning (<see cref="UrlScheme"/> splits it off). <see cref="Text"/> is kept exactly as
/// written: it names the input in messages, partitions and result keys.
/// </summary>
public sealed record InputLocation
{
    private InputLocation(string text, InputKind kind, string scheme, string? localPath)
    {
        Text = text;
        Kind = kind;
        Scheme = scheme;
        LocalPath = localPath;
    }

    /// <summary>The location as written.</summary>
    public string Text { get; }
    public InputKind Kind { get; }
    /// <summary>The scheme in lower case (<c>""</c> for a plain path).</summary>
    public string Scheme { get; }
    /// <summary>The file system path of a local input (a <c>file://</c> URL decoded); null for remote inputs.</summary>
    public string? LocalPath { get; }

    /// <summary>Whether the bytes come over the network.</summary>
    public bool IsRemote => Kind != InputKind.LocalFile;

    /// <summary>Reads <paramref name="text"/>; an unknown or unsupported scheme is a <see cref="HepDataException"/> naming it.</summary>
    public static InputLocation Parse(string text)
    {
        if (UrlScheme.Split(text) is not { } split) return new InputLocation(text, InputKind.LocalFile, "", text);
        string kind = split.Scheme.ToLowerInvariant();
        return kind switch
        {
            "file" => new InputLocation(text, InputKind.LocalFile, kind, FilePath(text)),
            "http" or "https" => new InputLocation(text, InputKind.Http, kind, null),
            "s3" => new InputLocation(text, InputKind.S3, kind, null),
            _ when XRootDUrl.IsScheme(kind) => new InputLocation(text, InputKind.XRootD, kind, null),
            _ => throw new HepDataException($"{text}: unsupported scheme '{kind}://' (use a local path, file://, http(s)://, s3:// or root://)"),
        };
    }

    private static string FilePath(string text)
    {
        try { return new Uri(text).LocalPath; }
        catch (UriFormatException e) { throw new HepDataException($"{text}: not a valid file:// URL ({e.Message})", e); }
    }

    public override string ToString() => Text;
}
