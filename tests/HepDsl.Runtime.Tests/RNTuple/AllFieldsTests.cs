using HepDsl.Runtime.Columns;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Root;

namespace HepDsl.Runtime.Tests.RNTuple;

/// <summary>Every field of every shared RNTuple file is read, or refused with an error naming the field and its C++ type.</summary>
public class AllFieldsTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(TestFiles.Path("uproot-Zmumu.root"))!, "*rntuple*.root").Order())
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryFieldReadsOrIsRefusedByName(string name)
    {
        using var file = RootFile.Open(TestFiles.Path(name));
        foreach (var key in file.Keys.Where(k => k.IsRNTuple).Select(k => k.FullName).Distinct())
        {
            using var s = NTupleSource.Open(file, key);
            Assert.Equal(s.Entries, s.Clusters.Sum(c => c.Count));
            // The 10^8-entry file: its ends and a slice, not all of it.
            var ranges = s.Entries > 1_000_000 ? new[] { (0L, 1000), (s.Entries - 1000, 1000) } : [(0L, (int)s.Entries)];
            foreach (var column in s.Columns)
                foreach (var (first, count) in ranges)
                    ReadAll(s, column, first, count);
            foreach (var field in s.Fields.Where(f => f.Depth == 0))
            {
                bool readable = s.Columns.Any(c => c.Name == field.Path || c.Name.StartsWith(field.Path + ".", StringComparison.Ordinal));
                if (readable) continue;
                var e = Assert.Throws<HepDataException>(() => s.Column<float>(field.Path));
                Assert.Contains($"field '{field.Path}'", e.Message);
                Assert.Contains(field.TypeName, e.Message);
                Assert.Contains(name, e.Message);
            }
        }
    }

    private static void ReadAll(NTupleSource s, ColumnInfo column, long first, int count)
    {
        switch (column.Type)
        {
            case ColumnType.String: s.ReadStrings(column.Name, first, count, []); break;
            case ColumnType.Bool: Read<bool>(s, column, first, count); break;
            case ColumnType.Int8: Read<sbyte>(s, column, first, count); break;
            case ColumnType.UInt8: Read<byte>(s, column, first, count); break;
            case ColumnType.Int16: Read<short>(s, column, first, count); break;
            case ColumnType.UInt16: Read<ushort>(s, column, first, count); break;
            case ColumnType.Int32: Read<int>(s, column, first, count); break;
            case ColumnType.UInt32: Read<uint>(s, column, first, count); break;
            case ColumnType.Int64: Read<long>(s, column, first, count); break;
            case ColumnType.UInt64: Read<ulong>(s, column, first, count); break;
            case ColumnType.Float32: Read<float>(s, column, first, count); break;
            case ColumnType.Float64: Read<double>(s, column, first, count); break;
        }
    }

    private static void Read<T>(NTupleSource s, ColumnInfo column, long first, int count) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        s.Column<T>(column.Name).Read(first, count, buffer);
        Assert.Equal(count, buffer.Entries);
        if (column.Shape != ColumnShape.Jagged) Assert.Equal(count * column.FixedLength, buffer.Count);
        else Assert.Equal(buffer.Count, buffer.Offsets[count]);
    }
}
