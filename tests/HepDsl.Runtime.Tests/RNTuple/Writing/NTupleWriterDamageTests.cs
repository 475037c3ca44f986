using HepDsl.Runtime.Compression;
using HepDsl.Runtime.RNTuple.Writing;
using HepDsl.Runtime.Tests.Trees.Writing;
using Xunit.Abstractions;

namespace HepDsl.Runtime.Tests.RNTuple.Writing;

/// <summary>
/// <see cref="NTupleDamageTests"/> for files <see cref="NTupleWriter"/> made (every type, scalar and jagged, several
/// pages, clusters and cluster groups): a flipped byte in the anchor or a page is a <see cref="HepDataException"/>
/// naming the file, anywhere else such an error or the same values; every truncation is an error. Never different
/// numbers, never another exception, never a hang.
/// </summary>
public sealed class NTupleWriterDamageTests(ITestOutputHelper output) : IDisposable
{
    private const int PerRegion = 8;
    private readonly string _folder = Directory.CreateTempSubdirectory("hep-ntuple-damage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string compression)
    {
        var sample = new SampleTree([120, 90, 60]);
        string path = Path.Combine(_folder, $"written-{compression}.root");
        using var writer = new NTupleWriter(path, "t", sample.Branches,
            new NTupleWriterOptions { Compression = RootCompression.Parse(compression), ClustersPerGroup = 2, PageSize = 1024 });
        foreach (var chunk in sample.Chunks()) writer.WriteCluster(chunk);
        writer.Close();
        return path;
    }

    [Theory]
    [InlineData("none")]
    [InlineData("zstd")]
    public void Flips_in_a_written_file_are_errors_or_change_nothing(string compression)
    {
        string path = Write(compression);
        var original = File.ReadAllBytes(path);
        string expected = NTupleDamageTests.Snapshot(original, path, "t");
        var regions = NTupleDamageTests.Regions(path, "t");
        int mustFail = 0, other = 0;
        foreach (var (what, start, length, fails) in regions)
            foreach (long at in NTupleDamageTests.Spread(start, length, PerRegion))
            {
                var outcome = NTupleDamageTests.Attempt(NTupleDamageTests.Flip(original, at), $"{path} (flipped at {at}, {what})", "t", expected);
                if (fails) Assert.True(outcome == "error", $"a flip at {at} in the {what} gave {outcome}, not an error");
                else Assert.True(outcome is "error" or "same", $"a flip at {at} in the {what} gave {outcome}");
                if (fails) mustFail++; else other++;
            }
        foreach (long at in NTupleDamageTests.Spread(0, original.Length, 300))
        {
            var outcome = NTupleDamageTests.Attempt(NTupleDamageTests.Flip(original, at), $"{path} (flipped at {at})", "t", expected);
            Assert.True(outcome is "error" or "same", $"a flip at {at} gave {outcome}");
            other++;
        }
        output.WriteLine($"{compression}: {mustFail} flips in the anchor and pages, all errors; {other} elsewhere, errors or the same values");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("zstd")]
    public void Truncations_of_a_written_file_are_errors(string compression)
    {
        string path = Write(compression);
        var original = File.ReadAllBytes(path);
        string expected = NTupleDamageTests.Snapshot(original, path, "t");
        foreach (long length in NTupleDamageTests.Spread(0, original.Length - 1, 60))
        {
            var outcome = NTupleDamageTests.Attempt(original[..(int)length], $"{path} (cut at {length})", "t", expected);
            Assert.True(outcome == "error", $"{compression} cut at {length} bytes gave {outcome}");
        }
    }
}
