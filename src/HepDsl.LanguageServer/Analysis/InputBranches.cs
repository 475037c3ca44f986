using HepDsl.Runtime;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.LanguageServer.Analysis;

/// <summary>
/// The branches of the analysis's input file (named by the <c>hep.inputFile</c> setting), read with the project's own
/// ROOT reader, for completion and hover. Read once per file, tree and modification time.
/// </summary>
public sealed class InputBranches
{
    private (string Path, string? Tree, DateTime Written, InputSchema Schema)? _cached;

    /// <summary>The trees and the branches of <paramref name="tree"/> (or of the only tree); an unreadable file gives its error instead.</summary>
    public InputSchema Read(string path, string? tree)
    {
        DateTime written;
        try { written = File.GetLastWriteTimeUtc(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { written = default; }
        if (_cached is { } c && c.Path == path && c.Tree == tree && c.Written == written) return c.Schema;
        var schema = Load(path, tree);
        _cached = (path, tree, written, schema);
        return schema;
    }

    private static InputSchema Load(string path, string? tree)
    {
        if (!File.Exists(path)) return new InputSchema(path, [], null, [], $"{path}: no such file (the hep.inputFile setting)");
        try
        {
            using var file = RootFile.Open(path);
            var name = tree != null && file.TreeNames.Contains(tree) ? tree : file.TreeNames.Count == 1 ? file.TreeNames[0] : null;
            if (name == null)
                return new InputSchema(path, file.TreeNames, null, [], tree == null
                    ? $"{path} holds {file.TreeNames.Count} trees; the analysis's 'tree' statement chooses one"
                    : $"{path} has no tree '{tree}' (trees: {string.Join(", ", file.TreeNames)})");
            using var t = file.OpenTree(name);
            return new InputSchema(path, file.TreeNames, name, t.Columns, null);
        }
        catch (Exception e) when (e is HepDataException or IOException or InvalidDataException)
        {
            return new InputSchema(path, [], null, [], $"{path}: {e.Message}");
        }
    }
}

/// <summary>What the input file holds: its trees, the chosen tree's branches, or why it could not be read.</summary>
public sealed record InputSchema(string Path, IReadOnlyList<string> Trees, string? Tree, IReadOnlyList<ColumnInfo> Branches, string? Error)
{
    public ColumnInfo? Branch(string name) => Branches.FirstOrDefault(b => b.Name == name);
}
