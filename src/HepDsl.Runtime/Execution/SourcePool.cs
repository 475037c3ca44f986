using System.Collections.Concurrent;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// Open event sources by input, lent to one worker at a time (sources are single-threaded) and kept open for the
/// next partition of the same input, so a file's metadata is parsed once per worker, not once per partition.
/// </summary>
internal sealed class SourcePool(EventSourceOpener open) : IDisposable
{
    private readonly ConcurrentDictionary<(string, string), ConcurrentBag<IEventSource>> _idle = new();
    private readonly ConcurrentBag<IEventSource> _all = [];

    public IEventSource Take(string location, string tree)
    {
        if (_idle.TryGetValue((location, tree), out var bag) && bag.TryTake(out var source)) return source;
        source = open(location, tree);
        _all.Add(source);
        return source;
    }

    public void Return(string location, string tree, IEventSource source) =>
        _idle.GetOrAdd((location, tree), _ => []).Add(source);

    /// <summary>Bytes read by every source opened so far.</summary>
    public long BytesRead => _all.Sum(s => s.BytesRead);

    public void Dispose()
    {
        foreach (var s in _all) s.Dispose();
    }
}
