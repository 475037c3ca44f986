using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Root.Serialization;
using HepDsl.Runtime.Root.Keys;

namespace HepDsl.Runtime.Tests.Root;

public class DecompressorTests
{
    /// <summary>Compressed payloads of real baskets, with their uncompressed sizes.</summary>
    private static List<(byte[] Payload, int Length)> Payloads(string name, int count)
    {
        string path = TestFiles.Path(name);
        var bytes = File.ReadAllBytes(path);
        using var file = RootFile.Open(path);
        using var tree = file.OpenTree("events");
        var result = new List<(byte[], int)>();
        foreach (var column in tree.Columns)
        {
            foreach (var basket in tree.Baskets(column.Name))
            {
                var b = new RootBuffer(bytes.AsMemory((int)basket.Seek, basket.Bytes), "basket");
                var key = RootKey.Read(b, "");
                if (!key.IsCompressed) continue;
                result.Add((bytes.AsSpan((int)basket.Seek + key.KeyLength, basket.Bytes - key.KeyLength).ToArray(), key.ObjectLength));
                if (result.Count == count) return result;
            }
        }
        return result;
    }

    private static byte[] Decompress(byte[] payload, int length)
    {
        var output = new byte[length];
        RootDecompressor.Decompress(payload, output, "test");
        return output;
    }

    /// <summary>Large objects are written as several blocks, possibly of different algorithms, one after the other.</summary>
    [Fact]
    public void MultiBlockPayloadsConcatenate()
    {
        var zlib = Payloads("uproot-HZZ-zlib.root", 2);
        var lz4 = Payloads("uproot-HZZ-lz4.root", 1);
        var zstd = Payloads("uproot-HZZ-zstd.root", 1);
        var lzma = Payloads("uproot-HZZ-lzma.root", 1);
        var parts = zlib.Concat(lz4).Concat(zstd).Concat(lzma).ToList();
        Assert.Equal(5, parts.Count);
        var combined = parts.SelectMany(p => p.Payload).ToArray();
        var expected = parts.SelectMany(p => Decompress(p.Payload, p.Length)).ToArray();
        Assert.Equal(expected, Decompress(combined, expected.Length));
        Assert.Equal(["ZL", "ZL", "L4", "ZS", "XZ"], parts.Select(p => $"{(char)p.Payload[0]}{(char)p.Payload[1]}"));
    }

    [Fact]
    public void MissingOrUnknownBlocksAreErrors()
    {
        var (payload, length) = Payloads("uproot-HZZ-zlib.root", 1)[0];
        var e = Assert.Throws<HepDataException>(() => RootDecompressor.Decompress(payload, new byte[length + 10], "here"));
        Assert.StartsWith("here:", e.Message);
        var unknown = (byte[])payload.Clone();
        unknown[0] = (byte)'Q';
        Assert.Contains("unknown compression algorithm", Assert.Throws<HepDataException>(() => RootDecompressor.Decompress(unknown, new byte[length], "here")).Message);
        var old = (byte[])payload.Clone();
        old[0] = (byte)'C';
        old[1] = (byte)'S';
        Assert.Contains("'CS' compression is not supported", Assert.Throws<HepDataException>(() => RootDecompressor.Decompress(old, new byte[length], "here")).Message);
    }

    [Fact]
    public void DescribesSettings()
    {
        Assert.Equal("zlib level 1", RootDecompressor.Describe(101));
        Assert.Equal("lz4 level 4", RootDecompressor.Describe(404));
        Assert.Equal("zstd level 5", RootDecompressor.Describe(505));
        Assert.Equal("lzma level 9", RootDecompressor.Describe(209));
        Assert.Equal("uncompressed", RootDecompressor.Describe(0));
    }
}
