using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.RNTuple.Writing;
using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Runtime.Tests.RNTuple;

/// <summary>
/// Pages loaded ahead on a pool thread (SlotReader): chunked reads across many pages give the values as written,
/// and a damaged page is an error only when a read reaches it, with the same message as when read directly.
/// </summary>
public sealed class NTupleReadAheadTests : IDisposable
{
    private const int Entries = 5000;
    private readonly string _folder = Directory.CreateTempSubdirectory("hepdsl-readahead-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static float Value(int i) => i * 0.25f - 7;

    private string Write()
    {
        string path = Path.Combine(_folder, "x.root");
        var x = Enumerable.Range(0, Entries).Select(Value).ToArray();
        // 256-byte pages: 64 floats each, so ~78 pages in each of two clusters.
        using var writer = new NTupleWriter(path, "t", [TreeBranch.Scalar("x", ColumnType.Float32)],
            new NTupleWriterOptions { Compression = RootCompression.Parse("zlib"), PageSize = 256 });
        writer.WriteCluster(new TreeChunk(Entries / 2).Set("x", x[..(Entries / 2)]));
        writer.WriteCluster(new TreeChunk(Entries / 2).Set("x", x[(Entries / 2)..]));
        writer.Close();
        return path;
    }

    [Fact]
    public void Chunked_reads_across_many_pages_give_the_written_values()
    {
        using var s = NTupleSource.Open(Write(), "t");
        var reader = s.Column<float>("x");
        var buffer = new ColumnBuffer<float>();
        foreach (int chunk in new[] { 1, 37, 64, 1000 })
            for (int first = 0; first < Entries; first += chunk)
            {
                int n = Math.Min(chunk, Entries - first);
                reader.Read(first, n, buffer);
                for (int i = 0; i < n; i++) Assert.Equal(Value(first + i), buffer.Values[i]);
            }
    }

    [Fact]
    public void A_damaged_page_is_an_error_only_when_read()
    {
        string path = Write();
        PageInfo damaged;
        using (var s = NTupleSource.Open(path, "t"))
        {
            var pages = s.Descriptor.Clusters.SelectMany(c => s.PhysicalColumns("x").SelectMany(id => c.Column(id)!.Pages)).OrderBy(p => p.FirstElement).ToList();
            Assert.True(pages.Count > 10);
            Assert.All(pages, p => Assert.True(p.HasChecksum));
            damaged = pages[5];
        }
        var bytes = File.ReadAllBytes(path);
        bytes[(long)damaged.Locator.Offset + damaged.Locator.Size / 2] ^= 0x40;
        string broken = Path.Combine(_folder, "broken.root");
        File.WriteAllBytes(broken, bytes);

        using var source = NTupleSource.Open(broken, "t");
        var reader = source.Column<float>("x");
        var buffer = new ColumnBuffer<float>();
        // Page 4 was read (and page 5 loaded ahead, failing): still fine up to page 5's first element.
        int before = (int)damaged.FirstElement;
        reader.Read(0, before, buffer);
        for (int i = 0; i < before; i++) Assert.Equal(Value(i), buffer.Values[i]);
        var ahead = Assert.Throws<HepDataException>(() => reader.Read(before, 1, buffer));
        // Read directly (a fresh source, first read on that page): the same message.
        using var direct = NTupleSource.Open(broken, "t");
        var fresh = Assert.Throws<HepDataException>(() => direct.Column<float>("x").Read(before, 1, new ColumnBuffer<float>()));
        Assert.Equal(fresh.Message, ahead.Message);
        Assert.Contains("checksum mismatch", ahead.Message);
        Assert.Contains(broken, ahead.Message);
        // Past the damaged page, reads work again.
        reader.Read(before + damaged.Elements, 100, buffer);
        for (int i = 0; i < 100; i++) Assert.Equal(Value(before + damaged.Elements + i), buffer.Values[i]);
    }
}
