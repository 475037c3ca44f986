using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Inputs;

/// <summary>Opens one tree of one input (path or URL) for reading. The seam that lets hosts choose local, HTTP or S3.</summary>
public delegate IEventSource EventSourceOpener(string location, string tree);

public static class EventSourceOpeners
{
    /// <summary>Local ROOT files read with the native TTree reader.</summary>
    public static readonly EventSourceOpener LocalFiles = static (location, tree) =>
    {
        var where = InputLocation.Parse(location);
        if (where.IsRemote)
            throw new HepDataException($"{location}: remote inputs need a remote-capable event source opener; this one reads local files only");
        return TreeSource.Open(where.LocalPath!, tree);
    };
}
