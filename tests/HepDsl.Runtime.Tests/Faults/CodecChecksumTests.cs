using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.Faults;

/// <summary>Damage to a compressed basket's integrity check must surface as an error naming file, branch and basket.</summary>
public class CodecChecksumTests
{
    /// <summary>
    /// A ROOT zlib block is a zlib stream: deflate data followed by the Adler-32 of the uncompressed bytes. Changing the
    /// trailer leaves the data decodable, so only checking the trailer notices. (Reading stops once the output is full,
    /// so the stream never reaches the trailer unless the reader checks it itself.)
    /// </summary>
    [Fact]
    public void A_damaged_zlib_adler32_trailer_is_reported()
    {
        var (bytes, payload) = Damage("uproot-Zmumu.root", "ZL", p => p.End - 2);
        AssertReported("uproot-Zmumu.root", bytes, payload);
    }

    [Fact]
    public void A_damaged_lz4_checksum_is_reported()
    {
        // ROOT's LZ4 block: 9-byte header, then an 8-byte xxhash64 of the compressed data.
        var (bytes, payload) = Damage("uproot-Zmumu-lz4.root", "L4", p => p.Start + 9 + 3);
        AssertReported("uproot-Zmumu-lz4.root", bytes, payload);
    }

    /// <summary>The reason zstd payload damage can go unseen (see FaultInjectionTests): ROOT's frames carry no checksum.</summary>
    [Fact]
    public void Root_writes_zstd_frames_without_a_content_checksum()
    {
        string path = RepoPaths.Data("uproot-Zmumu-zstd.root");
        var bytes = File.ReadAllBytes(path);
        var zstd = new FileMap(path, bytes).Payloads.Where(p => p.Codec == "ZS").ToList();
        Assert.NotEmpty(zstd);
        foreach (var p in zstd)
        {
            var frame = bytes.AsSpan((int)p.Start + 9);
            Assert.Equal([0x28, 0xB5, 0x2F, 0xFD], frame[..4].ToArray());
            Assert.Equal(0, frame[4] & 0x04);  // Content_Checksum_flag of the frame header descriptor
        }
    }

    private static (byte[] Bytes, Payload Payload) Damage(string name, string codec, Func<Payload, long> where)
    {
        string path = RepoPaths.Data(name);
        var bytes = File.ReadAllBytes(path);
        var payload = new FileMap(path, bytes).Payloads.First(p => p.Codec == codec && p.Column == "E1");
        bytes[where(payload)] ^= 0x01;
        return (bytes, payload);
    }

    private static void AssertReported(string name, byte[] bytes, Payload payload)
    {
        using var file = RootFile.Open(new FaultySource(bytes, name));
        using var tree = file.OpenTree("events");
        var e = Assert.Throws<HepDataException>(() => tree.Column<double>(payload.Column).Read(0, (int)tree.Entries, new ColumnBuffer<double>()));
        Assert.Contains(name, e.Message);
        Assert.Contains(payload.Column, e.Message);
        Assert.Contains("basket", e.Message);
    }
}
