using System.Globalization;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Root;
using Xunit.Abstractions;

namespace HepDsl.Runtime.Tests.RNTuple;

public class ExploreTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(TestFiles.Path("uproot-Zmumu.root"))!, "*rntuple*"))
        {
            using var file = RootFile.Open(path);
            var key = file.Keys.First(k => k.IsRNTuple);
            output.WriteLine($"== {Path.GetFileName(path)} {key.Name}");
            try
            {
                using var s = NTupleSource.Open(file, key.Name);
                output.WriteLine($"entries {s.Entries} clusters {s.Clusters.Count}");
                foreach (var f in s.Fields.Where(f => f.UnsupportedReason != null && f.Depth == 0)) output.WriteLine($"  REFUSED {f.Path} {f.TypeName}: {f.UnsupportedReason}");
                foreach (var c in s.Columns.Take(40))
                {
                    int n = (int)Math.Min(5, s.Entries);
                    string text;
                    try
                    {
                        if (c.Type == ColumnType.String) { var l = new List<string>(); s.ReadStrings(c.Name, 0, n, l); text = string.Join("|", l); }
                        else text = Dump(s, c, n);
                    }
                    catch (Exception e) { text = "ERR " + e.Message; }
                    output.WriteLine($"  {c.Name} {c.Type} {c.Shape} {c.FixedLength} cnt={c.CounterBranch} '{c.RootTypeName}': {text}");
                }
            }
            catch (Exception e) { output.WriteLine("ERR " + e); }
        }
    }

    private static string Dump(NTupleSource s, ColumnInfo c, int n) => c.Type switch
    {
        ColumnType.Float32 => D<float>(s, c, n), ColumnType.Float64 => D<double>(s, c, n),
        ColumnType.Int32 => D<int>(s, c, n), ColumnType.UInt32 => D<uint>(s, c, n),
        ColumnType.Int64 => D<long>(s, c, n), ColumnType.UInt64 => D<ulong>(s, c, n),
        ColumnType.Int16 => D<short>(s, c, n), ColumnType.UInt16 => D<ushort>(s, c, n),
        ColumnType.Int8 => D<sbyte>(s, c, n), ColumnType.UInt8 => D<byte>(s, c, n),
        ColumnType.Bool => D<bool>(s, c, n), _ => "?",
    };

    private static string D<T>(NTupleSource s, ColumnInfo c, int n) where T : unmanaged
    {
        var b = new ColumnBuffer<T>();
        s.Column<T>(c.Name).Read(0, n, b);
        if (c.Shape == ColumnShape.Jagged) return string.Join(" ", Enumerable.Range(0, n).Select(i => "[" + string.Join(",", b.Entry(i).ToArray()) + "]"));
        return string.Join(",", b.Span.ToArray().Take(60));
    }
}
