using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Inputs;

/// <summary>Opens a tree of an input wherever it lives (local, HTTP, S3) as an <see cref="IEventSource"/>.</summary>
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
            return new OwnedTree(source, file, file.OpenTree(tree));
        }
        catch
        {
            file?.Dispose();
            source.Dispose();
            throw;
        }
    }

    /// <summary>An opener for the executors that reads local files and remote URLs alike.</summary>
    public static EventSourceOpener Opener(ByteSourceOptions? options = null) => (location, tree) => Open(location, tree, options);
}

/// <summary>A tree together with the file and byte source it was opened from; disposing it closes all three.</summary>
public sealed class OwnedTree(IByteSource source, RootFile file, TreeSource tree) : IEventSource
{
    public TreeSource Tree => tree;
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
