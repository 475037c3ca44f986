using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Root;

/// <summary>Every compression of HZZ and Zmumu must read exactly like the uncompressed file, branch by branch.</summary>
public class CompressionTests
{
    public static TheoryData<string, string, string> Files() => new()
    {
        { "uproot-HZZ.root", "uproot-HZZ-uncompressed.root", "zlib" },
        { "uproot-HZZ-zlib.root", "uproot-HZZ-uncompressed.root", "zlib" },
        { "uproot-HZZ-lzma.root", "uproot-HZZ-uncompressed.root", "lzma" },
        { "uproot-HZZ-lz4.root", "uproot-HZZ-uncompressed.root", "lz4" },
        { "uproot-HZZ-zstd.root", "uproot-HZZ-uncompressed.root", "zstd" },
        { "uproot-Zmumu.root", "uproot-Zmumu-uncompressed.root", "zlib" },
        { "uproot-Zmumu-lzma.root", "uproot-Zmumu-uncompressed.root", "lzma" },
        { "uproot-Zmumu-lz4.root", "uproot-Zmumu-uncompressed.root", "lz4" },
        { "uproot-Zmumu-zstd.root", "uproot-Zmumu-uncompressed.root", "zstd" },
        { "uproot-sample-5.23.02-zlib.root", "uproot-sample-6.20.04-uncompressed.root", "zlib" },
        { "uproot-sample-5.30.00-lzma.root", "uproot-sample-6.20.04-uncompressed.root", "lzma" },
        { "uproot-sample-6.08.04-zlib.root", "uproot-sample-6.20.04-uncompressed.root", "zlib" },
        { "uproot-sample-6.10.05-lz4.root", "uproot-sample-6.20.04-uncompressed.root", "lz4" },
        { "uproot-sample-6.14.00-lzma.root", "uproot-sample-6.20.04-uncompressed.root", "lzma" },
        { "uproot-sample-6.20.04-lz4.root", "uproot-sample-6.20.04-uncompressed.root", "lz4" },
        { "uproot-sample-6.20.04-zlib.root", "uproot-sample-6.20.04-uncompressed.root", "zlib" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void CompressedReadsLikeUncompressed(string compressed, string uncompressed, string algorithm)
    {
        string treeName = compressed.Contains("sample") ? "sample" : "events";
        using var expected = TreeSource.Open(TestFiles.Path(uncompressed), treeName);
        using var actual = TreeSource.Open(TestFiles.Path(compressed), treeName);
        Assert.All(expected.Branches, b => Assert.Equal("uncompressed", b.Compression));
        Assert.All(actual.Branches, b => Assert.StartsWith(algorithm, b.Compression));
        TreeComparison.AssertSameContent(expected, actual);
    }

    [Fact]
    public void SmallDyWithAndWithoutStoredOffsetsAgree()
    {
        using var with = TreeSource.Open(TestFiles.Path("uproot-small-dy-withoffsets.root"), "tree");
        using var without = TreeSource.Open(TestFiles.Path("uproot-small-dy-nooffsets.root"), "tree");
        Assert.Contains(with.Columns, c => c.Shape == HepDsl.Runtime.Columns.ColumnShape.Jagged);
        TreeComparison.AssertSameContent(with, without);
    }
}
