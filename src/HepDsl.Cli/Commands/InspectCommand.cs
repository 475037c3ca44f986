using System.CommandLine;
using System.Globalization;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime;
using HepDsl.Runtime.Trees;

namespace HepDsl.Cli.Commands;

/// <summary><c>hep inspect FILE</c>: the trees of a ROOT file and, per branch, type, entries, baskets, compression and size.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "ROOT file: local path, file://, http(s)://, s3:// or root:// URL" };
        var command = new Command("inspect", "List the trees and branches of a ROOT file") { file };
        command.SetAction(parse =>
        {
            try
            {
                Write(Console.Out, parse.GetValue(file)!, new ByteSourceOptions { S3 = S3Options.FromEnvironment() });
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

    /// <summary>Writes the listing of <paramref name="location"/> to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, string location, ByteSourceOptions? options = null)
    {
        using var source = ByteSources.Open(location, options);
        using var file = RootFile.Open(source);
        output.WriteLine($"{file.Location}  ({Size(source.Length)}, ROOT {file.Version / 10000}.{file.Version / 100 % 100:00}/{file.Version % 100:00})");
        var ntuples = file.Keys.Where(k => k.IsRNTuple).Select(k => k.FullName).Distinct().ToList();
        if (file.TreeNames.Count == 0 && ntuples.Count == 0)
        {
            var others = file.Keys.Where(k => !k.IsDirectory).Select(k => $"{k.FullName} ({k.ClassName})").Distinct().ToList();
            output.WriteLine(others.Count == 0 ? "no trees and no other objects" : $"no trees; other objects: {string.Join(", ", others)}");
            return;
        }
        foreach (var name in ntuples)
        {
            output.WriteLine();
            try { InspectNTuple.Write(output, file, name); }
            catch (HepDataException e) { output.WriteLine($"rntuple {name}: cannot be read: {e.Message}"); }
        }
        foreach (var name in file.TreeNames)
        {
            output.WriteLine();
            try
            {
                using var tree = file.OpenTree(name);
                output.WriteLine($"tree {tree.TreeName}: {tree.Entries.ToString("N0", CultureInfo.InvariantCulture)} entries, {tree.Branches.Count} branches, {tree.Clusters.Count} cluster{(tree.Clusters.Count == 1 ? "" : "s")}{(string.IsNullOrEmpty(tree.Title) ? "" : $"  \"{tree.Title}\"")}");
                var rows = new List<string[]> { new[] { "branch", "type", "entries", "baskets", "compression", "on disk", "uncompressed", "note" } };
                foreach (var b in tree.Branches)
                    rows.Add([
                        b.Name,
                        b.Column?.RootTypeName ?? b.LeafType,
                        b.Entries.ToString(CultureInfo.InvariantCulture),
                        b.BasketCount.ToString(CultureInfo.InvariantCulture),
                        b.Compression,
                        Size(b.CompressedBytes),
                        Size(b.UncompressedBytes),
                        b.UnsupportedReason is not null ? "not readable: " + b.UnsupportedReason
                            : b.EmbeddedBytes > 0 ? $"{Size(b.EmbeddedBytes)} in the TTree record (not flushed)" : "",
                    ]);
                WriteTable(output, rows);
                long zipped = tree.Branches.Sum(b => b.CompressedBytes), total = tree.Branches.Sum(b => b.UncompressedBytes);
                long embedded = tree.Branches.Sum(b => b.EmbeddedBytes);
                output.WriteLine($"total: {Size(zipped)} on disk, {Size(total)} uncompressed{(zipped > 0 ? $" (ratio {(double)total / zipped:0.00})" : "")}{(embedded > 0 ? $", {Size(embedded)} in the TTree record" : "")}; {tree.Columns.Count} readable columns");
            }
            catch (HepDataException e)
            {
                output.WriteLine($"tree {name}: cannot be read: {e.Message}");
            }
        }
    }

    internal static void WriteTable(TextWriter output, List<string[]> rows, bool[]? right = null)
    {
        int columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].Length)).ToArray();
        right ??= [false, false, true, true, false, true, true, false];
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => c == columns - 1 ? cell : right[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };
}
