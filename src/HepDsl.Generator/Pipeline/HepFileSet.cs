using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text.RegularExpressions;

using HepDsl.Parser.Model;

namespace HepDsl.Generator.Pipeline;

/// <summary>
/// Every .hep file of the compilation, so <c>import "x.hep"</c> resolves against AdditionalFiles and the
/// generator never reads the file system (which analyzers must not do: the compiler server caches inputs).
/// </summary>
public sealed class HepFileSet : IEquatable<HepFileSet>
{
    private readonly EquatableArray<HepSourceFile> _files;
    private readonly Dictionary<string, HepSourceFile> _byFullPath;

    public HepFileSet(ImmutableArray<HepSourceFile> files)
    {
        _files = new EquatableArray<HepSourceFile>(files);
        _byFullPath = new Dictionary<string, HepSourceFile>(StringComparer.Ordinal);
        foreach (var f in files) _byFullPath[Normalize(f.Path)] = f;
        foreach (var f in files)
            foreach (Match m in ImportLine.Matches(f.Text))
                if (Resolve(f.Path, m.Groups[1].Value) is { } imported) _imported.Add(Normalize(imported.Path));
    }

    // `import "path"` at the start of a line; only to tell fragments from analyses (the parser reads imports itself).
    private static readonly Regex ImportLine = new(@"^[ \t]*import[ \t]+""([^""]+)""", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private readonly HashSet<string> _imported = new(StringComparer.Ordinal);

    /// <summary>
    /// True when another .hep file imports <paramref name="file"/>: it is a shared fragment (cuts, definitions),
    /// compiled as part of its importers and not as an analysis of its own.
    /// </summary>
    public bool IsImported(HepSourceFile file) => _imported.Contains(Normalize(file.Path));

    public EquatableArray<HepSourceFile> Files => _files;

    /// <summary>
    /// The text of <paramref name="importPath"/> as written in <paramref name="fromFile"/>: relative to the
    /// importing file's folder, or absolute. Null when no AdditionalFile has that path.
    /// </summary>
    public HepSourceFile? Resolve(string fromFile, string importPath)
    {
        var baseDir = Path.GetDirectoryName(fromFile) ?? "";
        var full = Path.IsPathRooted(importPath) ? importPath : Path.Combine(baseDir, importPath);
        return _byFullPath.TryGetValue(Normalize(full), out var file) ? file : null;
    }

    /// <summary>The file at an already resolved path, or null.</summary>
    public HepSourceFile? ResolvePath(string path) =>
        _byFullPath.TryGetValue(Normalize(path), out var file) ? file : null;

    // Path.GetFullPath is pure string work for rooted paths: it folds "." and ".." without touching the disk.
    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        try
        {
            if (Path.IsPathRooted(p)) p = Path.GetFullPath(p).Replace('\\', '/');
        }
        catch (ArgumentException)
        {
            // Leave odd paths as they are; they simply will not match.
        }
        return p;
    }

    public bool Equals(HepFileSet? other) => other is not null && _files.Equals(other._files);
    public override bool Equals(object? obj) => Equals(obj as HepFileSet);
    public override int GetHashCode() => _files.GetHashCode();
}
