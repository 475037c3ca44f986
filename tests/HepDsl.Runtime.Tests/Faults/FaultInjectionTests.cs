using System.Runtime.CompilerServices;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.CrossCheck;
using HepDsl.Runtime.Tests.Support;
using Xunit.Abstractions;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Faults;

/// <summary>
/// Damaged copies of real files: every read of every column must give exactly the original values or throw a
/// <see cref="HepDataException"/> naming the file (and, once a column is being read, its branch and the basket or
/// offset); never another exception, never a hang, never silently different numbers.
/// </summary>
/// <remarks>
/// Positions are deterministic: half spread evenly over the file, a quarter inside basket payloads and a quarter
/// inside metadata. Some payload bytes are protected by nothing, so no reader can notice a change there and a
/// different value is accepted (and counted) only for them:
/// - uncompressed files, and baskets ROOT stored as is because compression did not pay (tiny or incompressible ones);
///   in uncompressed files damage therefore goes to metadata only;
/// - zstd payloads: ROOT writes zstd frames without the optional content checksum (frame descriptor 0x60), so a
///   change that still decodes goes unseen.
/// zlib (Adler-32 trailer), LZ4 (ROOT's xxhash64 header) and LZMA/xz (CRC) payloads are checked: any change must be an error.
/// </remarks>
public class FaultInjectionTests(ITestOutputHelper output)
{
    private const int Positions = 200;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("uproot-Zmumu.root")]
    [InlineData("uproot-Zmumu-lz4.root")]
    [InlineData("uproot-Zmumu-lzma.root")]
    [InlineData("uproot-Zmumu-zstd.root")]
    [InlineData("uproot-Zmumu-uncompressed.root")]
    [InlineData("uproot-sample-6.20.04-zlib.root")]
    [InlineData("uproot-sample-6.10.05-lz4.root")]
    [InlineData("uproot-sample-6.20.04-uncompressed.root")]
    public void Flipped_bytes_give_the_original_values_or_a_data_error(string name)
    {
        string path = RepoPaths.Data(name);
        var original = File.ReadAllBytes(path);
        var map = new FileMap(path, original);
        bool uncompressed = name.Contains("uncompressed", StringComparison.Ordinal);
        var expected = Snapshot(new FaultySource(original, path), null);
        var tally = new Dictionary<string, int>();
        foreach (long at in ChoosePositions(original.Length, map, metadataOnly: uncompressed))
        {
            var copy = (byte[])original.Clone();
            copy[at] = (byte)~copy[at];
            string location = $"{name} (flipped at {at})";
            string outcome = Attempt(copy, location, expected, map.PayloadAt(at));
            tally[outcome] = tally.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine($"{name}: {string.Join(", ", tally.Select(kv => $"{kv.Key} {kv.Value}"))}");
    }

    [Theory]
    [InlineData("uproot-Zmumu-lz4.root")]
    [InlineData("uproot-Zmumu-uncompressed.root")]
    [InlineData("uproot-sample-6.20.04-zlib.root")]
    [InlineData("uproot-sample-5.30.00-lzma.root")]
    public void Truncated_files_give_the_original_values_or_a_data_error(string name)
    {
        string path = RepoPaths.Data(name);
        var original = File.ReadAllBytes(path);
        var expected = Snapshot(new FaultySource(original, path), null);
        var tally = new Dictionary<string, int>();
        for (int i = 0; i < Positions; i++)
        {
            int length = (int)((long)original.Length * i / Positions);
            string outcome = Attempt(original[..length], $"{name} (cut at {length})", expected, payload: null);
            tally[outcome] = tally.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine($"{name}: {string.Join(", ", tally.Select(kv => $"{kv.Key} {kv.Value}"))}");
        Assert.Equal(Positions, tally.GetValueOrDefault("error"));
    }

    /// <summary>Reads the damaged bytes with a time bound and classifies the outcome, failing the test on anything unacceptable.</summary>
    private static string Attempt(byte[] bytes, string location, Dictionary<string, List<string>> expected, Payload? payload)
    {
        var reading = new StrongBox<ColumnInfo?>();
        var work = Task.Run(() => Snapshot(new FaultySource(bytes, location), expected.Keys, reading));
        try
        {
            if (!work.Wait(AttemptTimeout)) Assert.Fail($"{location}: reading did not finish within {AttemptTimeout.TotalSeconds} s");
        }
        catch (AggregateException e) when (e.InnerException is HepDataException data)
        {
            ReadErrors.AssertNamesWhere(data, location, reading.Value);
            return "error";
        }
        catch (AggregateException e)
        {
            var inner = e.InnerException!;
            Assert.Fail($"{location}: {inner.GetType().Name} instead of HepDataException: {inner.Message}\n{inner.StackTrace}");
        }
        var actual = work.Result;
        foreach (var (column, values) in expected)
        {
            var got = actual[column];
            for (int i = 0; i < values.Count; i++)
            {
                if (values[i] == got[i]) continue;
                if (payload is { Stored: true }) return "undetectable change in a basket stored uncompressed";
                if (payload is { Codec: "ZS" }) return "undetected change in a zstd payload (no checksum)";
                string inside = payload is null ? "" : $" (inside a {payload.Codec} basket payload of '{payload.Column}')";
                Assert.Fail($"{location}{inside}: column '{column}' entry {i} reads {got[i]} instead of {values[i]}, without an error");
            }
        }
        return "same values";
    }

    /// <summary>
    /// Every value of the named "tree/column"s (null: every readable column of every tree), spelled exactly. A damaged
    /// file must still answer for each original column: by its values or by an error (a renamed branch is "missing").
    /// <paramref name="reading"/> holds the column being read, null while files, trees and the branch list are opened.
    /// </summary>
    private static Dictionary<string, List<string>> Snapshot(FaultySource source, IEnumerable<string>? wanted, StrongBox<ColumnInfo?>? reading = null)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var file = RootFile.Open(source);
        var names = wanted?.ToList() ?? file.TreeNames.SelectMany(t => { using var tree = file.OpenTree(t); return tree.Columns.Select(c => $"{t}/{c.Name}").ToList(); }).ToList();
        foreach (var group in names.GroupBy(n => n[..n.LastIndexOf('/')]))
        {
            if (reading is not null) reading.Value = null;
            using var tree = file.OpenTree(group.Key);
            foreach (var full in group)
            {
                string column = full[(group.Key.Length + 1)..];
                var info = tree.Columns.FirstOrDefault(c => c.Name == column);
                if (info is null)
                {
                    tree.Column<byte>(column);  // throws the reader's own "no such branch" error
                    throw new InvalidOperationException($"{source.Location}: column '{column}' is not listed but opens");
                }
                if (reading is not null) reading.Value = info;
                result[full] = EntryTokens.FromHepDsl(tree, info);
                if (reading is not null) reading.Value = null;
            }
        }
        return result;
    }

    private static IEnumerable<long> ChoosePositions(int length, FileMap map, bool metadataOnly)
    {
        var random = new Random(20261125);
        var chosen = new SortedSet<long>();
        // Half spread evenly over the file (skipping payload bytes when only metadata may be damaged).
        for (int i = 0; chosen.Count < Positions / 2 && i < Positions * 50; i++)
        {
            long at = (long)length * i / (Positions / 2) + i / (Positions / 2);
            if (at >= length) at = random.NextInt64(length);
            if (!metadataOnly || map.PayloadAt(at) is null) chosen.Add(at);
        }
        // A quarter inside basket payloads (compressed files only), a quarter anywhere in metadata.
        if (!metadataOnly)
            for (int i = 0; i < Positions / 4 && map.Payloads.Count > 0; i++)
            {
                var payload = map.Payloads[random.Next(map.Payloads.Count)];
                chosen.Add(random.NextInt64(payload.Start, payload.End));
            }
        for (int tries = 0; chosen.Count < Positions && tries < Positions * 100; tries++)
        {
            long at = random.NextInt64(length);
            if (map.PayloadAt(at) is null) chosen.Add(at);
        }
        return chosen;
    }
}
