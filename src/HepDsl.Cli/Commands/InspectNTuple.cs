using System.Globalization;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Root;

namespace HepDsl.Cli.Commands;

/// <summary>The RNTuple part of <c>hep inspect</c>: fields with their C++ types, columns and encodings, pages, compression and sizes, then the clusters.</summary>
internal static class InspectNTuple
{
    public static void Write(TextWriter output, RootFile file, string name)
    {
        using var ntuple = NTupleSource.Open(file, name);
        var d = ntuple.Descriptor;
        string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
        output.WriteLine($"rntuple {d.Name}: {d.Entries.ToString("N0", CultureInfo.InvariantCulture)} entries, {Plural(d.Schema.Fields.Count, "field")}, " +
                         $"{Plural(d.Schema.Columns.Count, "column")}, {Plural(d.Groups.Count, "cluster group")}, {Plural(d.Clusters.Count, "cluster")}; " +
                         $"format {d.Anchor.Version}, written by {d.Writer}{(d.Description.Length == 0 ? "" : $"  \"{d.Description}\"")}");
        var rows = new List<string[]> { new[] { "field", "type", "role", "columns", "pages", "compression", "on disk", "uncompressed", "note" } };
        var physical = d.Schema.Columns;
        foreach (var f in ntuple.Fields)
        {
            // Sizes of the field's own physical columns (alias columns of projected fields take no space).
            var own = physical.Where(c => f.Columns.Any(text => text.StartsWith($"#{c.Id} ", StringComparison.Ordinal)) && !f.Columns.Any(t => t.EndsWith("(alias)", StringComparison.Ordinal))).ToList();
            int pages = 0;
            long stored = 0, bytes = 0;
            var settings = new SortedSet<int>();
            foreach (var c in own)
            {
                var t = d.ColumnTotals(c.Id);
                pages += t.Pages;
                stored += t.StoredBytes;
                bytes += (t.Elements * c.Bits + 7) / 8;
                foreach (var s in t.Compression) settings.Add(s);
            }
            rows.Add([
                new string(' ', 2 * f.Depth) + f.Path,
                f.TypeName,
                f.Role,
                f.Columns.Count == 0 ? "-" : string.Join("; ", f.Columns),
                own.Count == 0 ? "" : pages.ToString(CultureInfo.InvariantCulture),
                string.Join(", ", settings.Select(RootDecompressor.Describe)),
                own.Count == 0 ? "" : InspectCommand.Size(stored),
                own.Count == 0 ? "" : InspectCommand.Size(bytes),
                f.UnsupportedReason is { } reason ? "not readable: " + reason : f.Readable.Count > 0 && f.Readable[0] != f.Path ? "column " + f.Readable[0] : "",
            ]);
        }
        InspectCommand.WriteTable(output, rows, [false, false, false, false, true, false, true, true, false]);
        long zipped = 0, total = 0;
        foreach (var c in physical)
        {
            var t = d.ColumnTotals(c.Id);
            zipped += t.StoredBytes;
            total += (t.Elements * c.Bits + 7) / 8;
        }
        output.WriteLine($"total: {InspectCommand.Size(zipped)} on disk, {InspectCommand.Size(total)} uncompressed{(zipped > 0 ? $" (ratio {(double)total / zipped:0.00})" : "")}; {ntuple.Columns.Count} readable columns");
        foreach (var c in d.Clusters)
        {
            int pages = c.Columns.Sum(r => r.Pages.Count);
            long bytes = c.Columns.Sum(r => r.Pages.Sum(p => (long)p.Locator.Size));
            output.WriteLine($"cluster {c.Id} (group {c.Group}): entries [{c.FirstEntry}, {c.EndEntry}), {Plural(pages, "page")}, {InspectCommand.Size(bytes)}");
        }
    }
}
