using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Inputs;

/// <summary>
/// Opens a tree of an input wherever it lives (local, HTTP, S3) as an <see cref="IEventSource"/>: a TTree or an
/// RNTuple, chosen by the class of the name's key (an analysis does not care which format its input is).
/// </summary>
public static class EventSources
{
    /// <summary>Opens <paramref name="tree"/> in <paramref name="location"/>; disposing the result closes the file and its connection.</summary>
    public static IEventSource Open(string location, string tree, ByteSourceOptions? options = null) => OpenTree(location, tree, options);

    /// <summary>Like <see cref="Open"/>, keeping the reader's richer <see cref="TreeSource"/> API at hand.</summary>
    public static OwnedTree OpenTree(string location, string tree, ByteSourceOptions? options = null) =>
        OpenTree(ByteSources.Open(location, options), tree);

    /// <summary>Opens <paramref name="tree"/> in an open byte source, which the result then owns (and closes on failure).</summary>
    public static OwnedTree OpenTree(IByteSource source, string tree)
    {
        RootFile? file = null;
        try
        {
            file = RootFile.Open(source);
            IEventSource events = NamesRNTuple(file, tree) ? NTupleSource.Open(file, tree) : file.OpenTree(tree);
            return new OwnedTree(source, file, events);
        }
        catch
        {
            file?.Dispose();
            source.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="name"/> is the key of an RNTuple anchor (<c>ROOT::RNTuple</c>).</summary>
    public static bool NamesRNTuple(RootFile file, string name)
    {
        try { return file.FindKey(name).IsRNTuple; }
        catch (HepDataException) { return false; } // not there: the TTree path says so
    }

    /// <summary>An opener for the executors that reads local files and remote URLs alike.</summary>
    public static EventSourceOpener Opener(ByteSourceOptions? options = null) => (location, tree) => Open(location, tree, options);
}

/// <summary>A tree (TTree or RNTuple) together with the file and byte source it was opened from; disposing it closes all three.</summary>
public sealed class OwnedTree(IByteSource source, RootFile file, IEventSource tree) : IEventSource
{
    /// <summary>The TTree reader's richer API; an RNTuple has <see cref="NTuple"/> instead.</summary>
    public TreeSource Tree => tree as TreeSource
        ?? throw new HepDataException($"{tree.Location}: '{tree.TreeName}' is an RNTuple, not a TTree");
    public NTupleSource? NTuple => tree as NTupleSource;
    public IEventSource Events => tree;
    public RootFile File => file;
    public IByteSource ByteSource => source;
    public string Location => tree.Location;
    public string TreeName => tree.TreeName;
    public long Entries => tree.Entries;
    public IReadOnlyList<ColumnInfo> Columns => tree.Columns;
    public IReadOnlyList<EntryRange> Clusters => tree.Clusters;
    public long BytesRead => tree.BytesRead;
    public IColumnReader<T> Column<T>(string branch) where T : unmanaged => tree.Column<T>(branch);
    public void Prefetch(IReadOnlyList<string> branches, long first, long count) => tree.Prefetch(branches, first, count);

    public void Dispose()
    {
        tree.Dispose();
        file.Dispose();
        source.Dispose();
    }
}
