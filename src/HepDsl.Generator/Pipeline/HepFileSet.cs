using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Generator.Pipeline;

/// <summary>
/// Every .hep file of the compilation, so <c>import "x.hep"</c> resolves against AdditionalFiles and the
/// generator never reads the file system (which analyzers must not do: the compiler server caches inputs).
/// Imports are read with the parser's own header scan and resolved with its one rule (<see cref="ImportPaths"/>).
/// </summary>
public sealed class HepFileSet : IEquatable<HepFileSet>
{
    private readonly EquatableArray<HepSourceFile> _files;
    private readonly Dictionary<string, HepSourceFile> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HepHeader> _headers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _imported = new(StringComparer.Ordinal);

    public HepFileSet(ImmutableArray<HepSourceFile> files)
    {
        _files = new EquatableArray<HepSourceFile>(files);
        foreach (var f in files) _byPath[ImportPaths.Normalize(f.Path)] = f;
        foreach (var f in files)
        {
            var header = HepHeader.Scan(f.Path, f.Text);
            _headers[ImportPaths.Normalize(f.Path)] = header;
            foreach (var import in header.Imports)
                if (Resolve(f.Path, import.Path) is { } imported) _imported.Add(ImportPaths.Normalize(imported.Path));
        }
    }

    public EquatableArray<HepSourceFile> Files => _files;

    /// <summary>The file <paramref name="importPath"/> names when written in <paramref name="fromFile"/>; null when no AdditionalFile has that path.</summary>
    public HepSourceFile? Resolve(string fromFile, string importPath) => ResolvePath(ImportPaths.Resolve(fromFile, importPath));

    /// <summary>The file at an already resolved path, or null.</summary>
    public HepSourceFile? ResolvePath(string path) => _byPath.TryGetValue(ImportPaths.Normalize(path), out var file) ? file : null;

    /// <summary>
    /// What checking <paramref name="file"/> depends on and nothing more: its text, the texts of the files it imports
    /// (transitively), and whether it is a fragment or a library. Equal inputs keep its parse step cached when an
    /// unrelated .hep file changes.
    /// </summary>
    public AnalysisInputs InputsOf(HepSourceFile file)
    {
        var key = ImportPaths.Normalize(file.Path);
        var header = _headers[key];
        var closure = new List<HepSourceFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { key };
        var pending = new Queue<(HepSourceFile From, HepHeader Header)>();
        pending.Enqueue((file, header));
        while (pending.Count > 0)
        {
            var (from, fromHeader) = pending.Dequeue();
            foreach (var import in fromHeader.Imports)
            {
                if (Resolve(from.Path, import.Path) is not { } imported) continue;
                var importedKey = ImportPaths.Normalize(imported.Path);
                if (!seen.Add(importedKey)) continue;
                closure.Add(imported);
                pending.Enqueue((imported, _headers[importedKey]));
            }
        }
        closure.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));
        return new AnalysisInputs(file, _imported.Contains(key), header.IsLibrary, closure.ToEquatableArray());
    }

    public bool Equals(HepFileSet? other) => other is not null && _files.Equals(other._files);
    public override bool Equals(object? obj) => Equals(obj as HepFileSet);
    public override int GetHashCode() => _files.GetHashCode();
}

/// <summary>
/// One .hep file with everything its check reads: the files it imports, whether another file imports it (then it
/// is a fragment, compiled only as part of its importers) and whether it is a library. Compared by value.
/// </summary>
public sealed record AnalysisInputs(HepSourceFile File, bool IsImported, bool IsLibrary, EquatableArray<HepSourceFile> Imports)
{
    /// <summary>An imported file by its resolved path, or null.</summary>
    public HepSourceFile? Import(string resolvedPath)
    {
        var key = ImportPaths.Normalize(resolvedPath);
        foreach (var f in Imports)
            if (ImportPaths.Normalize(f.Path) == key) return f;
        return null;
    }
}
