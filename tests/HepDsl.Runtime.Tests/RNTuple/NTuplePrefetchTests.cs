using System.IO.Hashing;
using System.Text;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Tests.Root;

namespace HepDsl.Runtime.Tests.RNTuple;

public class NTuplePrefetchTests
{
    [Fact]
    public void Prefetch_fetches_the_pages_of_the_asked_columns_in_one_coalesced_read()
    {
        string path = TestFiles.Path("test_index_multicluster_rntuple_v1-0-0-0.root");
        var source = new MemorySource(File.ReadAllBytes(path), path);
        using var file = RootFile.Open(source);
        using var s = NTupleSource.Open(file, "ntuple");
        var expected = new ColumnBuffer<short>();
        using (var local = NTupleSource.Open(path, "ntuple")) local.Column<short>("int_vector").Read(0, 200, expected);

        int readsBefore = source.ReadCalls;
        s.Prefetch(["int_vector"], 0, s.Entries);
        Assert.Equal(1, source.ReadManyCalls);
        // Index and item pages of all three clusters, each exactly once.
        var pages = s.Descriptor.Clusters.SelectMany(c => s.PhysicalColumns("int_vector").SelectMany(id => c.Column(id)!.Pages)).ToList();
        Assert.Equal(pages.Count, source.ReadManyRanges.Count);
        var buffer = new ColumnBuffer<short>();
        s.Column<short>("int_vector").Read(0, 200, buffer);
        Assert.Equal(readsBefore, source.ReadCalls); // every page came from the prefetch
        Assert.Equal(expected.Span.ToArray(), buffer.Span.ToArray());
        Assert.Equal(expected.Offsets[..201], buffer.Offsets[..201]);
    }

    [Fact]
    public void Xxh3_64_of_known_inputs()
    {
        // XXH3-64 (seed 0) reference values of the xxHash project: the empty input, and the checksums ROOT stored in a
        // real anchor (anchor fields of test_int_float, read big-endian from the file).
        Assert.Equal(0x2D06800538D394C2UL, XxHash3.HashToUInt64([]));
        var bytes = File.ReadAllBytes(TestFiles.Path("test_int_float_rntuple_v1-0-0-0.root"));
        int at = 0x37c + 6; // the anchor's fields, after its byte count and class version
        Assert.Equal(0x1b82482c09f52d5cUL, XxHash3.HashToUInt64(bytes.AsSpan(at, 64)));
        Assert.Equal("ROOT::RNTuple", Encoding.ASCII.GetString(bytes, 0x367, 13));
    }
}
