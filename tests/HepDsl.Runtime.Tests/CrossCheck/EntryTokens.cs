using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.CrossCheck;

/// <summary>
/// Spells each entry of a column as one exact string, from HepDsl's typed reads and from JSROOT's JSON alike, so the
/// two can be compared exactly: floats as the shortest round-trip text of their double value (a float32 widened to
/// double is exact on both sides), integers in full (64-bit ones too), bools as 0/1, arrays as [a,b,...].
/// </summary>
internal static class EntryTokens
{
    /// <summary>Every entry of a column of a TTree or RNTuple source.</summary>
    public static List<string> FromHepDsl(IEventSource tree, ColumnInfo column)
    {
        int n = (int)tree.Entries;
        if (column.Type == ColumnType.String)
        {
            var strings = new List<string>();
            ((IStringColumns)tree).ReadStrings(column.Name, 0, n, strings);
            return strings.Select(s => JsonSerializer.Serialize(s)).ToList();
        }
        return column.Type switch
        {
            ColumnType.Bool => Read<bool>(tree, column, v => v ? "1" : "0"),
            ColumnType.Int8 => Read<sbyte>(tree, column, Int),
            ColumnType.UInt8 => Read<byte>(tree, column, Int),
            ColumnType.Int16 => Read<short>(tree, column, Int),
            ColumnType.UInt16 => Read<ushort>(tree, column, Int),
            ColumnType.Int32 => Read<int>(tree, column, Int),
            ColumnType.UInt32 => Read<uint>(tree, column, Int),
            ColumnType.Int64 => Read<long>(tree, column, Int),
            ColumnType.UInt64 => Read<ulong>(tree, column, Int),
            ColumnType.Float32 => Read<float>(tree, column, v => Real(v)),
            ColumnType.Float64 => Read<double>(tree, column, Real),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
        };
    }

    public static string FromJsroot(JsonElement value, ColumnInfo column) => value.ValueKind switch
    {
        JsonValueKind.Array => "[" + string.Join(",", value.EnumerateArray().Select(v => FromJsroot(v, column))) + "]",
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Number when IsInteger(column.Type) => BigInteger.Parse(value.GetDouble().ToString("F0", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => Real(value.GetDouble()),
        // JSROOT spells 64-bit integers beyond 2^53 as strings (see jsroot-dump.mjs).
        JsonValueKind.String when IsInteger(column.Type) => value.GetString()!,
        // ...and NaN, infinities and -0, which JSON numbers cannot carry.
        JsonValueKind.String when column.Type is ColumnType.Float32 or ColumnType.Float64 => Real(double.Parse(value.GetString()!, CultureInfo.InvariantCulture)),
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
        _ => value.GetRawText(),
    };

    private static bool IsInteger(ColumnType t) => t is not (ColumnType.Float32 or ColumnType.Float64 or ColumnType.String or ColumnType.Bool);

    private static string Int<T>(T v) where T : IBinaryInteger<T> => v.ToString(null, CultureInfo.InvariantCulture);

    private static string Real(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static List<string> Read<T>(IEventSource tree, ColumnInfo column, Func<T, string> spell) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        tree.Column<T>(column.Name).Read(0, (int)tree.Entries, buffer);
        var result = new List<string>(buffer.Entries);
        var sb = new StringBuilder();
        for (int i = 0; i < buffer.Entries; i++)
        {
            if (column.Shape == ColumnShape.Scalar) { result.Add(spell(buffer.Values[i])); continue; }
            var values = column.Shape == ColumnShape.Jagged ? buffer.Entry(i) : buffer.Span.Slice(i * column.FixedLength, column.FixedLength);
            sb.Clear().Append('[');
            for (int j = 0; j < values.Length; j++) sb.Append(j == 0 ? "" : ",").Append(spell(values[j]));
            result.Add(sb.Append(']').ToString());
        }
        return result;
    }
}
