using HepDsl.Runtime.Columns;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Tests.Root;

namespace HepDsl.Runtime.Tests.RNTuple;

/// <summary>Small helpers: open a shared RNTuple file and read whole columns as arrays.</summary>
internal static class NTupleRead
{
    public static NTupleSource Open(string file, string name = "ntuple") => NTupleSource.Open(TestFiles.Path(file), name);

    public static T[] Scalars<T>(NTupleSource s, string column, long first = 0, long? count = null) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        s.Column<T>(column).Read(first, (int)(count ?? s.Entries - first), buffer);
        return buffer.Span.ToArray();
    }

    public static T[][] Jagged<T>(NTupleSource s, string column, long first = 0, long? count = null) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        int n = (int)(count ?? s.Entries - first);
        s.Column<T>(column).Read(first, n, buffer);
        return Enumerable.Range(0, n).Select(i => buffer.Entry(i).ToArray()).ToArray();
    }

    public static List<string> Strings(NTupleSource s, string column)
    {
        var list = new List<string>();
        s.ReadStrings(column, 0, (int)s.Entries, list);
        return list;
    }
}
