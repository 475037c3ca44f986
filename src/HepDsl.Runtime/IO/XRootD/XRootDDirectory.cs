using System.Text;
using HepDsl.Runtime.Columns;
using static HepDsl.Runtime.IO.XRootD.XRootDProtocol;

namespace HepDsl.Runtime.IO.XRootD;

/// <summary>Directory listings (kXR_dirlist) and the globs built on them: <c>root://host//data/run*.root</c>.</summary>
public static class XRootDDirectory
{
    /// <summary>Names of the entries of the directory <paramref name="url"/> (following redirects), sorted.</summary>
    public static IReadOnlyList<string> List(XRootDUrl url, ByteSourceOptions? options = null)
    {
        options ??= ByteSourceOptions.Default;
        var answer = XRootDRequests.OnPath(url, Dirlist, stackalloc byte[16], options, options.XRootD, "kXR_dirlist");
        // Names separated by newlines (the last may end with a NUL); "." and ".." are not listed by xrootd but are skipped if present.
        return Encoding.UTF8.GetString(answer.Body).Split(['\n', '\0'], StringSplitOptions.RemoveEmptyEntries)
            .Where(n => n is not ("." or "..")).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Whether the file-name part of <paramref name="location"/> has a <c>*</c> (wildcards in directories are not
    /// supported). <c>?</c> is no wildcard here: in an XRootD URL it starts the CGI (<c>?authz=...</c>).
    /// </summary>
    public static bool IsGlob(string location) => XRootDUrl.IsXRootD(location) && FileName(XRootDUrl.Parse(location).Path).Contains('*');

    /// <summary>The files of the pattern's directory whose names match it, as URLs on the same server, sorted; none is an error naming the pattern.</summary>
    public static IReadOnlyList<string> Glob(string pattern, ByteSourceOptions? options = null)
    {
        var url = XRootDUrl.Parse(pattern);
        string name = FileName(url.Path);
        string directory = url.Path[..^name.Length];
        if (directory.Contains('*')) throw new HepDataException($"{pattern}: wildcards are supported in the file name only");
        var entries = List(url.WithPath(directory.Length > 1 ? directory.TrimEnd('/') : "/"), options);
        var matches = entries.Where(e => Matches(name, e)).Select(e => url.WithPath(directory + e) with { Query = url.Query }).Select(u => u.ToString()).ToList();
        if (matches.Count == 0) throw new HepDataException($"{pattern}: no input file matches (the server lists {entries.Count} entries in {directory})");
        return matches;
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Shell-style match of a whole name: <c>*</c> any run of characters, <c>?</c> one character.</summary>
    public static bool Matches(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n])) { p++; n++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = n; }
            else if (star >= 0) { p = star + 1; n = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
