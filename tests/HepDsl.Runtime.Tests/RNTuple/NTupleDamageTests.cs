using System.Text;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Root;
using Xunit.Abstractions;

namespace HepDsl.Runtime.Tests.RNTuple;

/// <summary>
/// Damaged copies of the shared RNTuple files: a flipped byte in the anchor or in a checksummed page that is read
/// must be a <see cref="HepDataException"/> naming the file (XXH3-64 covers their stored bytes); a flip anywhere else,
/// envelopes included, gives the original values or such an error (an envelope's checksum covers its uncompressed
/// bytes, and a few compressed bytes, such as the method byte of ROOT's block header, do not change them);
/// truncations are errors. Never different numbers, never another exception, never a hang.
/// </summary>
public class NTupleDamageTests(ITestOutputHelper output)
{
    private const int PerRegion = 48;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root", "Events")]
    [InlineData("test_stl_containers_rntuple_v1-0-0-0.root", "ntuple")]
    [InlineData("test_extension_columns_rntuple_v1-0-0-0.root", "ntuple")]
    [InlineData("test_multiple_representations_rntuple_v1-0-0-0.root", "ntuple")]
    [InlineData("rntviewer-testfile-uncomp-single-rntuple-v1-0-0-0.root", "Contributors")]
    [InlineData("ntpl001_staff_rntuple_v1-0-1-0.root", "Staff")]
    public void Flips_in_checksummed_bytes_are_errors_and_elsewhere_change_nothing(string name, string ntuple)
    {
        string path = TestFiles.Path(name);
        var original = File.ReadAllBytes(path);
        string expected = Snapshot(original, path, ntuple);
        var regions = Regions(path, ntuple);
        int checkedFlips = 0, elsewhere = 0, envelopeErrors = 0, envelopeFlips = 0;
        foreach (var (what, start, length, mustFail) in regions)
        {
            foreach (long at in Spread(start, length, PerRegion))
            {
                var outcome = Attempt(Flip(original, at), $"{path} (flipped at {at}, {what})", ntuple, expected);
                if (mustFail) Assert.True(outcome == "error", $"{name}: a flip at {at} in the {what} gave {outcome}, not an error");
                else Assert.True(outcome is "error" or "same", $"{name}: a flip at {at} in the {what} gave {outcome}");
                if (mustFail) checkedFlips++;
                else
                {
                    envelopeFlips++;
                    if (outcome == "error") envelopeErrors++;
                }
            }
        }
        // Nearly every envelope byte matters: most flips there must be caught.
        Assert.True(envelopeErrors >= envelopeFlips * 0.9, $"{name}: only {envelopeErrors} of {envelopeFlips} envelope flips were errors");
        foreach (long at in Spread(0, original.Length, 200))
        {
            if (regions.Any(r => at >= r.Start && at < r.Start + r.Length)) continue;
            var outcome = Attempt(Flip(original, at), $"{path} (flipped at {at})", ntuple, expected);
            Assert.True(outcome is "error" or "same", $"{name}: a flip at {at} outside checksummed bytes gave {outcome}");
            elsewhere++;
        }
        output.WriteLine($"{name}: {checkedFlips} flips in the anchor and read pages, all errors; {envelopeErrors} of {envelopeFlips} in envelopes errors, " +
                         $"the rest the same values; {elsewhere} elsewhere, errors or the same values");
    }

    [Theory]
    [InlineData("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root", "Events")]
    [InlineData("test_index_multicluster_rntuple_v1-0-0-0.root", "ntuple")]
    public void Truncations_are_errors(string name, string ntuple)
    {
        string path = TestFiles.Path(name);
        var original = File.ReadAllBytes(path);
        string expected = Snapshot(original, path, ntuple);
        foreach (long length in Spread(0, original.Length - 1, 40))
        {
            var outcome = Attempt(original[..(int)length], $"{path} (cut at {length})", ntuple, expected);
            Assert.True(outcome == "error", $"{name} cut at {length} bytes gave {outcome}");
        }
    }

    internal static byte[] Flip(byte[] original, long at)
    {
        var copy = (byte[])original.Clone();
        copy[at] = (byte)~copy[at];
        return copy;
    }

    internal static IEnumerable<long> Spread(long start, long length, int count)
    {
        if (length <= count) { for (long i = 0; i < length; i++) yield return start + i; yield break; }
        for (int i = 0; i < count; i++) yield return start + i * (length - 1) / (count - 1);
    }

    /// <summary>Regions under an XXH3-64 checksum; MustFail where the checksum covers the stored bytes themselves.</summary>
    internal static List<(string What, long Start, long Length, bool MustFail)> Regions(string path, string ntuple)
    {
        using var file = RootFile.Open(path);
        var key = NTupleSource.FindKey(file, ntuple);
        using var s = NTupleSource.Open(file, ntuple);
        var d = s.Descriptor;
        var regions = new List<(string, long, long, bool)>
        {
            ("header envelope", (long)d.Anchor.SeekHeader, (long)d.Anchor.NbytesHeader, false),
            ("footer envelope", (long)d.Anchor.SeekFooter, (long)d.Anchor.NbytesFooter, false),
        };
        if (!key.IsCompressed) regions.Add(("anchor", key.SeekKey + key.KeyLength + 6, 64 + 8, true));
        foreach (var g in d.Groups) regions.Add(($"page list of group {g.Id}", (long)g.PageList.Locator.Offset, g.PageList.Locator.Size, false));
        var read = s.Columns.SelectMany(c => s.PhysicalColumns(c.Name)).ToHashSet();
        var pages = new HashSet<ulong>();
        foreach (var c in d.Clusters)
            for (int id = 0; id < c.Columns.Count; id++)
                foreach (var p in c.Columns[id].Pages.Where(p => p.HasChecksum && read.Contains(id) && pages.Add(p.Locator.Offset)))
                    regions.Add(($"page of column {id} at element {p.FirstElement} of cluster {c.Id}", (long)p.Locator.Offset, p.Locator.Size + 8, true));
        Assert.Contains(regions, r => r.Item4);
        return regions;
    }

    internal static string Attempt(byte[] bytes, string location, string ntuple, string expected)
    {
        var task = Task.Run(() =>
        {
            try { return Snapshot(bytes, location, ntuple) == expected ? "same" : "different values"; }
            catch (HepDataException e) { return e.Message.Contains(location, StringComparison.Ordinal) ? "error" : $"an error not naming the file: {e.Message}"; }
            catch (Exception e) { return $"{e.GetType().Name}: {e.Message}"; }
        });
        return task.Wait(Timeout) ? task.Result : "a hang";
    }

    /// <summary>Every value of every readable column, as text.</summary>
    internal static string Snapshot(byte[] bytes, string location, string ntuple)
    {
        using var file = RootFile.Open(new MemorySource(bytes, location));
        using var s = NTupleSource.Open(file, ntuple);
        var text = new StringBuilder();
        foreach (var c in s.Columns)
        {
            text.Append(c.Name).Append(':');
            int n = (int)s.Entries;
            switch (c.Type)
            {
                case ColumnType.String:
                    var strings = new List<string>();
                    s.ReadStrings(c.Name, 0, n, strings);
                    text.AppendJoin('|', strings);
                    break;
                case ColumnType.Float32: Append<float>(s, c, n, text); break;
                case ColumnType.Float64: Append<double>(s, c, n, text); break;
                case ColumnType.Int32: Append<int>(s, c, n, text); break;
                case ColumnType.UInt32: Append<uint>(s, c, n, text); break;
                case ColumnType.Int64: Append<long>(s, c, n, text); break;
                case ColumnType.UInt64: Append<ulong>(s, c, n, text); break;
                case ColumnType.Int16: Append<short>(s, c, n, text); break;
                case ColumnType.UInt16: Append<ushort>(s, c, n, text); break;
                case ColumnType.Int8: Append<sbyte>(s, c, n, text); break;
                case ColumnType.UInt8: Append<byte>(s, c, n, text); break;
                case ColumnType.Bool: Append<bool>(s, c, n, text); break;
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static void Append<T>(NTupleSource s, ColumnInfo c, int n, StringBuilder text) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        s.Column<T>(c.Name).Read(0, n, buffer);
        text.AppendJoin(',', buffer.Span.ToArray()).Append(';');
        if (c.Shape == ColumnShape.Jagged) text.AppendJoin(',', buffer.Offsets.Take(n + 1));
    }
}
