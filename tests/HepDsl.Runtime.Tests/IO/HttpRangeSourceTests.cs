using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Tests.IO;

public sealed class HttpRangeSourceTests : IDisposable
{
    private static readonly ByteSourceOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1) };
    private readonly LoopbackHttpServer _server = new();

    [Theory]
    [InlineData("uproot-HZZ-zlib.root")]
    [InlineData("uproot-Zmumu-lz4.root")]
    [InlineData("uproot-sample-6.20.04-uncompressed.root")]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root")]
    public void Trees_read_over_http_equal_local_reads(string name)
    {
        string url = _server.Serve(name, RepoPaths.Data(name));
        RemoteTreeAssert.SameAsLocal(RepoPaths.Data(name), url, Fast);
        Assert.True(_server.RangeRequests > 0);
    }

    [Fact]
    public async Task Bytes_and_length_match_the_file()
    {
        string path = RepoPaths.Data("uproot-HZZ.root");
        var expected = File.ReadAllBytes(path);
        using var source = HttpRangeSource.Open(_server.Serve("hzz.root", path), Fast);
        Assert.Equal(expected.Length, source.Length);
        var buffer = new byte[1000];
        await source.ReadAsync(12345, buffer);
        Assert.Equal(expected.AsSpan(12345, 1000).ToArray(), buffer);
        var many = await source.ReadManyAsync([(0, 4), (expected.Length - 10, 10)]);
        Assert.Equal("root"u8.ToArray(), many[0].ToArray());
        Assert.Equal(expected[^10..], many[1].ToArray());
    }

    [Fact]
    public void A_prefetch_of_a_cluster_is_one_request_and_basket_reads_after_it_are_served_from_memory()
    {
        string name = "uproot-HZZ-zlib.root";
        string url = _server.Serve(name, RepoPaths.Data(name));
        using var tree = EventSources.OpenTree(url, "events", Fast);
        var caching = Assert.IsType<CachingByteSource>(tree.ByteSource);
        var http = Assert.IsType<HttpRangeSource>(caching.Inner);
        int baskets = RemoteTreeAssert.BasketsOfFirstCluster(tree.Tree);
        Assert.True(baskets >= 50, $"HZZ should have a basket per branch in its first cluster, found {baskets}");

        long before = http.Requests;
        var cluster = tree.Clusters[0];
        var names = tree.Columns.Select(c => c.Name).ToList();
        tree.Prefetch(names, cluster.First, cluster.Count);
        Assert.Equal(1, http.Requests - before);

        long afterPrefetch = http.Requests;
        var reader = tree.Column<float>("Jet_Px");
        var buffer = new ColumnBuffer<float>();
        reader.Read(cluster.First, (int)cluster.Count, buffer);
        var px = tree.Column<float>("Muon_Px");
        px.Read(cluster.First, (int)cluster.Count, buffer);
        Assert.Equal(afterPrefetch, http.Requests);
    }

    [Fact]
    public void Reads_block_on_the_calling_thread_instead_of_needing_the_thread_pool()
    {
        // Workers call the reader synchronously; a source whose reads finish on pool threads starves a busy pool.
        string url = _server.Serve("hzz.root", RepoPaths.Data("uproot-HZZ.root"));
        using var source = HttpRangeSource.Open(url, Fast);
        var read = source.ReadAsync(100, new byte[100]);
        Assert.True(read.IsCompletedSuccessfully);
        var many = source.ReadManyAsync([(0, 10), (5000, 10)]);
        Assert.True(many.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_server_that_ignores_ranges_is_refused_clearly()
    {
        _server.IgnoreRanges = true;
        string url = _server.Serve("a.root", RepoPaths.Data("uproot-simple.root"));
        var e = Assert.Throws<HepDataException>(() => HttpRangeSource.Open(url, Fast));
        Assert.Contains(url, e.Message);
        Assert.Contains("ignores HTTP range requests", e.Message);
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_then_reported()
    {
        string url = _server.Serve("s.root", RepoPaths.Data("uproot-simple.root"));
        _server.FailNext(2);
        using (var source = HttpRangeSource.Open(url, Fast))
        {
            Assert.Equal(new FileInfo(RepoPaths.Data("uproot-simple.root")).Length, source.Length);
            _server.FailNext(2);
            var buffer = new byte[10];
            await source.ReadAsync(0, buffer);
            Assert.Equal(3, source.Requests);
            Assert.Equal("root"u8.ToArray(), buffer[..4]);

            _server.FailNext(100);
            var e = Assert.Throws<HepDataException>(() => source.ReadAsync(0, buffer).AsTask().GetAwaiter().GetResult());
            Assert.Contains(url, e.Message);
            Assert.Contains("after 4 attempts", e.Message);
        }
        _server.FailNext(0);
    }

    [Fact]
    public void Missing_files_and_reads_past_the_end_name_the_url()
    {
        var e = Assert.Throws<HepDataException>(() => HttpRangeSource.Open(_server.BaseUrl + "nothing.root", Fast));
        Assert.Contains("nothing.root", e.Message);
        Assert.Contains("404", e.Message);

        string url = _server.Serve("s.root", RepoPaths.Data("uproot-simple.root"));
        using var source = HttpRangeSource.Open(url, Fast);
        var past = Assert.Throws<HepDataException>(() => source.ReadAsync(source.Length - 5, new byte[10]).AsTask().GetAwaiter().GetResult());
        Assert.Contains(url, past.Message);
        Assert.Contains("past the end", past.Message);
    }

    public void Dispose() => _server.Dispose();
}
