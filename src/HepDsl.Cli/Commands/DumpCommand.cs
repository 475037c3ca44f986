using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep dump FILE --tree NAME --branches a,b --entries N</c>: one JSON object per entry, values as stored
/// (floats in the shortest text that reads back to the same float or double), arrays as JSON arrays.
/// </summary>
public static class DumpCommand
{
    private const int Chunk = 4096;
    private static readonly JsonSerializerOptions StringJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "ROOT file: local path, file://, http(s)://, s3:// or root:// URL" };
        var tree = new Option<string?>("--tree") { Description = "Tree to dump (default: the file's only tree)" };
        var branches = new Option<string?>("--branches") { Description = "Comma-separated branches (default: every readable one)" };
        var entries = new Option<long?>("--entries") { Description = "Dump at most this many entries" };
        var first = new Option<long>("--first") { Description = "First entry to dump", DefaultValueFactory = _ => 0 };
        var command = new Command("dump", "Print entries of a tree as JSON lines") { file, tree, branches, entries, first };
        command.SetAction(parse =>
        {
            try
            {
                var list = parse.GetValue(branches)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
                Write(stdout, parse.GetValue(file)!, parse.GetValue(tree), list, parse.GetValue(first), parse.GetValue(entries),
                      new ByteSourceOptions { S3 = S3Options.FromEnvironment() });
                return 0;
            }
            catch (HepDataException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    public static void Write(TextWriter output, string location, string? treeName, IReadOnlyList<string>? branches, long first = 0, long? entries = null, ByteSourceOptions? options = null)
    {
        using var source = ByteSources.Open(location, options);
        using var file = RootFile.Open(source);
        using var tree = TreeOpener.Open(file, treeName);
        var columns = (branches ?? tree.Columns.Select(c => c.Name).ToList()).Select(name => ColumnOf(tree, name)).ToList();
        if (first < 0 || first > tree.Entries) throw new HepDataException($"{file.Location}: --first {first} is outside the tree's {tree.Entries} entries");
        long end = entries is { } n ? Math.Min(tree.Entries, first + Math.Max(0, n)) : tree.Entries;
        var readers = columns.Select(c => ColumnText.For(tree, c)).ToList();
        var line = new StringBuilder();
        for (long start = first; start < end; start += Chunk)
        {
            int count = (int)Math.Min(Chunk, end - start);
            tree.Prefetch(columns.Select(c => c.Name).ToList(), start, count);
            var texts = readers.Select(r => r(start, count)).ToList();
            for (int i = 0; i < count; i++)
            {
                line.Clear().Append('{');
                for (int c = 0; c < columns.Count; c++)
                {
                    if (c > 0) line.Append(", ");
                    line.Append(JsonSerializer.Serialize(columns[c].Name, StringJson)).Append(": ").Append(texts[c][i]);
                }
                output.WriteLine(line.Append('}').ToString());
            }
        }
        output.Flush();
    }

    private static ColumnInfo ColumnOf(IEventSource tree, string name) =>
        tree.Columns.FirstOrDefault(c => c.Name == name) ?? throw Missing(tree, name);

    private static HepDataException Missing(IEventSource tree, string name)
    {
        // Let the reader explain (unsupported type, or a near-miss name).
        try { tree.Column<byte>(name); }
        catch (HepDataException e) { return e; }
        return new HepDataException($"{tree.Location}: tree '{tree.TreeName}' has no readable branch '{name}'");
    }

    /// <summary>Renders entries of one column as JSON text, one string per entry.</summary>
    private static class ColumnText
    {
        public static Func<long, int, string[]> For(IEventSource tree, ColumnInfo column) => column.Type switch
        {
            ColumnType.String => (first, count) =>
            {
                var strings = new List<string>(count);
                ((IStringColumns)tree).ReadStrings(column.Name, first, count, strings);
                return strings.Select(s => JsonSerializer.Serialize(s, StringJson)).ToArray();
            },
            ColumnType.Bool => Typed<bool>(tree, column, v => v ? "true" : "false"),
            ColumnType.Int8 => Typed<sbyte>(tree, column, v => v.ToString(CultureInfo.InvariantCulture)),
            ColumnType.UInt8 => Typed<byte>(tree, column, v => v.ToString(CultureInfo.InvariantCulture)),
            ColumnType.Int16 => Typed<short>(tree, column, v => v.ToString(CultureInfo.InvariantCulture)),
            ColumnType.UInt16 => Typed<ushort>(tree, column, v => v.ToString(CultureInfo.InvariantCulture)),
            ColumnType.Int32 => Typed<int>(tree, column, v => v.ToString(CultureInfo.InvariantCulture)),
            ColumnType.UInt32 => Typed<uint>(tree, column, v => v.ToString(CultureInfo.InvariantCulture)),
            ColumnType.Int64 => Typed<long>(tree, column, v => v.ToString(CultureInfo.InvariantCulture)),
            ColumnType.UInt64 => Typed<ulong>(tree, column, v => v.ToString(CultureInfo.InvariantCulture)),
            ColumnType.Float32 => Typed<float>(tree, column, v => float.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : NonFinite(v)),
            ColumnType.Float64 => Typed<double>(tree, column, v => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : NonFinite(v)),
            _ => throw new HepDataException($"{tree.Location}: branch '{column.Name}' has an unknown type {column.Type}"),
        };

        // JSON has no NaN or infinity: they are written as strings.
        private static string NonFinite(double v) => double.IsNaN(v) ? "\"NaN\"" : v > 0 ? "\"Infinity\"" : "\"-Infinity\"";

        private static Func<long, int, string[]> Typed<T>(IEventSource tree, ColumnInfo column, Func<T, string> spell) where T : unmanaged
        {
            var reader = tree.Column<T>(column.Name);
            var buffer = new ColumnBuffer<T>();
            var sb = new StringBuilder();
            return (first, count) =>
            {
                reader.Read(first, count, buffer);
                var result = new string[count];
                for (int i = 0; i < count; i++)
                {
                    if (column.Shape == ColumnShape.Scalar) { result[i] = spell(buffer.Values[i]); continue; }
                    var values = column.Shape == ColumnShape.Jagged ? buffer.Entry(i) : buffer.Span.Slice(i * column.FixedLength, column.FixedLength);
                    sb.Clear().Append('[');
                    for (int j = 0; j < values.Length; j++) sb.Append(j == 0 ? "" : ", ").Append(spell(values[j]));
                    result[i] = sb.Append(']').ToString();
                }
                return result;
            };
        }
    }
}
