using System.Numerics;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Analysis.Generated;

/// <summary>
/// Generated loops index every field branch of a collection with the object count from its counter branch
/// (<c>nJet</c>); this checks, once per chunk, that each jagged branch really has that many values per entry, so
/// a mismatched file fails with a message instead of reading another event's values.
/// </summary>
public static class JaggedColumns
{
    public static void CheckCounts<TCounter, T>(ColumnBuffer<TCounter> counter, ColumnBuffer<T> column, string counterName, string branchName, IEventSource source, long firstEntry)
        where TCounter : unmanaged, IBinaryInteger<TCounter>
        where T : unmanaged
    {
        var offsets = column.Offsets;
        for (var i = 0; i < counter.Entries; i++)
        {
            var expected = int.CreateTruncating(counter.Values[i]);
            var actual = offsets[i + 1] - offsets[i];
            if (expected != actual)
                throw new HepDataException($"{source.Location}: entry {firstEntry + i}: branch '{branchName}' has {actual} values but '{counterName}' says {expected}");
        }
    }
}
