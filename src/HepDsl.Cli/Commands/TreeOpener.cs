using HepDsl.Runtime;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Cli.Commands;

/// <summary>Chooses and opens the tree a command names (TTree or RNTuple alike), or the file's only one.</summary>
internal static class TreeOpener
{
    /// <summary>TTrees and RNTuples of the file, highest cycle of each name.</summary>
    public static IReadOnlyList<string> Names(RootFile file) =>
        file.TreeNames.Concat(file.Keys.Where(k => k.IsRNTuple).Select(k => k.FullName)).Distinct().ToList();

    public static IEventSource Open(RootFile file, string? name)
    {
        var names = Names(file);
        name ??= names.Count == 1 ? names[0]
            : throw new HepDataException($"{file.Location}: {(names.Count == 0 ? "has no trees" : $"holds several trees ({string.Join(", ", names)}); choose one with --tree")}");
        return EventSources.NamesRNTuple(file, name) ? NTupleSource.Open(file, name) : file.OpenTree(name);
    }
}
