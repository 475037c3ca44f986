using System.Globalization;
using System.Text.Json;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Trees.Writing;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.RNTuple.Writing;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.CrossCheck;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Tests.Trees.Writing;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.RNTuple.Writing;

/// <summary>
/// RNTuples written by <see cref="NTupleWriter"/> read back by HepDsl's RNTuple reader (every envelope, anchor and
/// page checksum verified on the way), value for value as written and as the same events written as a TTree read,
/// for every type and every compression, with several pages per cluster and several cluster groups.
/// </summary>
public sealed class NTupleWriterRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hep-ntuple-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Compressions => ["none", "zlib", "lzma", "lz4", "zstd"];

    private static readonly int[] Clusters = [500, 500, 300, 700, 123];

    private string Write(SampleTree sample, string compression, int clustersPerGroup = 2, int pageSize = 512)
    {
        string path = Path.Combine(_folder, $"sample-{compression}-{clustersPerGroup}-{pageSize}.root");
        using var writer = new NTupleWriter(path, "t", sample.Branches,
            new NTupleWriterOptions { Compression = RootCompression.Parse(compression), ClustersPerGroup = clustersPerGroup, PageSize = pageSize });
        foreach (var chunk in sample.Chunks()) writer.WriteCluster(chunk);
        writer.Close();
        Assert.Equal(new FileInfo(path).Length, writer.Length);
        return path;
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Reader_gets_every_field_of_every_entry_as_written_and_as_the_ttree_gives_it(string compression)
    {
        var sample = new SampleTree(Clusters);
        var ntuplePath = Write(sample, compression);
        var treePath = Path.Combine(_folder, $"tree-{compression}.root");
        sample.Write(treePath, new TreeWriterOptions { Compression = RootCompression.Parse(compression), BasketSize = 1500 });
        using var ntuple = NTupleSource.Open(ntuplePath, "t");
        using var tree = TreeSource.Open(treePath, "t");
        Assert.Equal(Clusters.Sum(), ntuple.Entries);
        Assert.Equal(tree.Columns.Select(c => (c.Name, c.Type, c.Shape, c.CounterBranch)), ntuple.Columns.Select(c => (c.Name, c.Type, c.Shape, c.CounterBranch)));
        foreach (var column in ntuple.Columns)
        {
            var read = EntryTokens.FromHepDsl(ntuple, column);
            Assert.Equal(TreeWriterRoundTripTests.Expected(sample, column), read);
            Assert.Equal(EntryTokens.FromHepDsl(tree, tree.Columns.Single(c => c.Name == column.Name)), read);
        }
        // One cluster per chunk, as the TTree has them; pages compressed as asked, several per column and cluster.
        Assert.Equal(tree.Clusters, ntuple.Clusters);
        var d = ntuple.Descriptor;
        Assert.Equal(3, d.Groups.Count);
        int code = RootCompression.Parse(compression).Code;
        Assert.All(d.Clusters.SelectMany(c => c.Columns), c => Assert.Equal(code, c.CompressionSetting));
        Assert.Contains(d.Clusters[0].Columns, c => c.Pages.Count > 1);
        Assert.All(d.Clusters.SelectMany(c => c.Columns).SelectMany(c => c.Pages), p => Assert.True(p.HasChecksum));
    }

    /// <summary>
    /// JSROOT 7.11 (an independent RNTuple reader) opens the file through the ROOT::RNTuple streamer info, reads the
    /// anchor, envelopes and page list, and decodes every scalar field (every column type the writer uses: split,
    /// zigzag, bits) and the collection's offsets exactly as written. It cannot read the untyped collection's items
    /// nor projected fields (it knows neither alias columns nor untyped collections), so those are checked by the
    /// tests above; the item columns use the same encodings as the scalar ones.
    /// </summary>
    [Theory]
    [MemberData(nameof(Compressions))]
    public void Jsroot_reads_the_scalar_fields_and_collection_offsets_as_written(string compression)
    {
        var sample = new SampleTree(Clusters);
        // JSROOT reads the first cluster group only: one group.
        var path = Write(sample, compression, clustersPerGroup: 0);
        using var ntuple = NTupleSource.Open(path, "t");
        var scalars = ntuple.Columns.Where(c => c.Shape == ColumnShape.Scalar && c.Name != "n").ToList();
        var (code, stdout, stderr) = NodeTools.RunNode("jsroot-rntuple-dump.mjs", [path, "t", string.Join(',', scalars.Select(c => c.Name).Append("_collection0"))], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"jsroot-rntuple-dump.mjs failed ({code}): {stderr}");
        var read = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("field").GetString()!);
        foreach (var column in scalars)
        {
            var theirs = read[column.Name];
            Assert.False(theirs.TryGetProperty("error", out var error), $"JSROOT cannot read '{column.Name}' ({compression}): {error}");
            var expected = TreeWriterRoundTripTests.Expected(sample, column);
            var values = theirs.GetProperty("values").EnumerateArray().Select(v => EntryTokens.FromJsroot(v, column)).ToList();
            if (column.Type is ColumnType.Int64 or ColumnType.UInt64)
            {
                // JSROOT's RNTuple reader returns 64-bit integers as JavaScript numbers (53-bit mantissa): compare at that precision.
                static double AsDouble(string s) => double.Parse(s, CultureInfo.InvariantCulture);
                expected = expected.Select(x => AsDouble(x).ToString("R", CultureInfo.InvariantCulture)).ToList();
                values = values.Select(x => AsDouble(x).ToString("R", CultureInfo.InvariantCulture)).ToList();
            }
            Assert.Equal(expected, values);
        }
        // The offsets are cluster-relative: each entry's end within its cluster is the running sum of the counter.
        var counts = NTupleRead.Scalars<uint>(ntuple, "n");
        var ends = new List<string>();
        long sum = 0, entry = 0;
        foreach (var size in Clusters)
        {
            sum = 0;
            for (int i = 0; i < size; i++, entry++) ends.Add((sum += counts[entry]).ToString(CultureInfo.InvariantCulture));
        }
        var offsets = read["_collection0"];
        Assert.False(offsets.TryGetProperty("error", out var e2), $"JSROOT cannot read the collection offsets: {e2}");
        Assert.Equal(ends, offsets.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()));
    }

    [Fact]
    public void Layout_is_that_of_RNTupleImporter_for_NanoAOD()
    {
        var sample = new SampleTree([50, 20]);
        using var ntuple = NTupleSource.Open(Write(sample, "zstd", clustersPerGroup: 0), "t");
        var d = ntuple.Descriptor;
        Assert.Single(d.Groups);
        Assert.Equal("t", d.HeaderName);
        Assert.Equal("1.0.0.0", d.Anchor.Version);
        var fields = d.Schema.Fields;
        var collection = Assert.Single(fields, f => f.Name == "_collection0");
        Assert.Equal((FieldRole.Collection, "", true), (collection.Role, collection.TypeName, collection.IsTopLevel));
        var record = Assert.Single(fields, f => f.ParentId == collection.Id && f.Id != collection.Id);
        Assert.Equal((FieldRole.Record, "_0"), (record.Role, record.Name));
        var member = Assert.Single(fields, f => f.ParentId == record.Id && f.Name == "j_Float32");
        var projected = Assert.Single(fields, f => f.IsTopLevel && f.Name == "j_Float32");
        Assert.Equal(("ROOT::VecOps::RVec<float>", FieldRole.Collection, collection.Id), (projected.TypeName, projected.Role, projected.SourceId));
        var item = Assert.Single(fields, f => f.ParentId == projected.Id && f.Id != projected.Id);
        Assert.Equal(member.Id, item.SourceId);
        var counter = Assert.Single(fields, f => f.Name == "n");
        Assert.Equal(("ROOT::RNTupleCardinality<std::uint32_t>", collection.Id), (counter.TypeName, counter.SourceId));
        Assert.Contains(d.Schema.Aliases, a => a.FieldId == counter.Id && d.Schema.Columns[a.PhysicalId].FieldId == collection.Id);
        // ROOT's default encodings.
        ColumnKind KindOf(string name) => d.Schema.Columns.Single(c => c.FieldId == fields.Single(f => f.IsTopLevel && f.Name == name).Id).Kind;
        Assert.Equal(ColumnKind.SplitReal32, KindOf("s_Float32"));
        Assert.Equal(ColumnKind.SplitInt32, KindOf("s_Int32"));
        Assert.Equal(ColumnKind.SplitUInt64, KindOf("s_UInt64"));
        Assert.Equal(ColumnKind.Bit, KindOf("s_Bool"));
        Assert.Equal(ColumnKind.SplitIndex64, d.Schema.Columns.Single(c => c.FieldId == collection.Id).Kind);
        // The file around it: the anchor is the only key, with the ROOT::RNTuple streamer info JSROOT reads it by.
        using var file = RootFile.Open(Write(sample, "zstd", clustersPerGroup: 0));
        Assert.True(file.Header.IsLarge);
        Assert.Equal(new FileInfo(file.Location).Length, file.Header.End);
        Assert.Equal(["ROOT::RNTuple"], file.Keys.Select(k => k.ClassName));
        Assert.Equal(2, file.ReadStreamerInfos()["ROOT::RNTuple"].ClassVersion);
    }

    /// <summary>The checksums the writer stores are real: a flipped byte in a page, the header or a page list is an
    /// error naming what is damaged, never a different value.</summary>
    [Fact]
    public void Flipped_bytes_in_what_the_writer_wrote_are_caught_by_the_checksums()
    {
        var sample = new SampleTree([300, 200]);
        string path = Write(sample, "zstd");
        Locator page, header, pageList;
        using (var ntuple = NTupleSource.Open(path, "t"))
        {
            var d = ntuple.Descriptor;
            int column = ntuple.PhysicalColumns("j_Float64").Last();
            page = d.Clusters[1].Columns[column].Pages[0].Locator;
            header = new Locator(d.Anchor.SeekHeader, (int)d.Anchor.NbytesHeader);
            pageList = d.Groups[0].PageList.Locator;
        }
        void Flip(Locator at, Action<string> read, string expected)
        {
            string damaged = Path.Combine(_folder, $"damaged-{at.Offset}.root");
            var bytes = File.ReadAllBytes(path);
            bytes[(int)at.Offset + at.Size / 2] ^= 0x10;
            File.WriteAllBytes(damaged, bytes);
            var e = Assert.Throws<HepDataException>(() => read(damaged));
            Assert.Contains(expected, e.Message);
            // The XXH3-64 over the stored page, or over the decompressed envelope (unless the codec's own check fires first).
            Assert.True(new[] { "checksum", "corrupt", "damaged" }.Any(e.Message.Contains), e.Message);
        }
        Flip(page, p => { using var s = NTupleSource.Open(p, "t"); NTupleRead.Jagged<double>(s, "j_Float64"); }, "field 'j_Float64'");
        Flip(header, p => NTupleSource.Open(p, "t").Dispose(), "header");
        Flip(pageList, p => NTupleSource.Open(p, "t").Dispose(), "page list");
    }

    [Fact]
    public void A_chunk_that_does_not_match_the_fields_is_refused_before_anything_is_written()
    {
        var branches = new[] { TreeBranch.Scalar("n", ColumnType.UInt32), TreeBranch.Jagged("x", ColumnType.Float32, "n") };
        string path = Path.Combine(_folder, "bad.root");
        using var writer = new NTupleWriter(path, "t", branches);
        var e = Assert.Throws<ArgumentException>(() => writer.WriteCluster(new TreeChunk(2).Set("n", new uint[] { 1, 2 }).Set("x", new float[] { 1, 2 })));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("adds up to 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => writer.WriteCluster(new TreeChunk(2).Set("n", new uint[] { 1, 2 }).Set("x", new double[] { 1, 2, 3 })));
        Assert.Contains("Single[]", e.Message);
        writer.WriteCluster(new TreeChunk(2).Set("n", new uint[] { 1, 2 }).Set("x", new float[] { 1, 2, 3 }));
        writer.Close();
        using var ntuple = NTupleSource.Open(path, "t");
        Assert.Equal([[1f], [2f, 3f]], NTupleRead.Jagged<float>(ntuple, "x"));
        Assert.Throws<ArgumentException>(() => new NTupleWriter(Path.Combine(_folder, "x.root"), "t", [TreeBranch.Jagged("x", ColumnType.Float32, "m")]));
    }
}
