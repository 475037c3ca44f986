using Amazon.S3.Model;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Tests.IO;

public sealed class S3SourceTests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    private const string Bucket = "hepdsl-data";

    [Theory]
    [InlineData("uproot-HZZ.root")]
    [InlineData("uproot-Zmumu-zstd.root")]
    [InlineData("uproot-sample-6.14.00-lzma.root")]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root")]
    public void Trees_read_from_s3_equal_local_reads(string name)
    {
        s3.CreateBucket(Bucket);
        string url = s3.Upload(Bucket, "data/" + name, RepoPaths.Data(name));
        RemoteTreeAssert.SameAsLocal(RepoPaths.Data(name), url, s3.SourceOptions);
    }

    [Fact]
    public void A_prefetch_of_a_cluster_is_one_ranged_get()
    {
        s3.CreateBucket(Bucket);
        string url = s3.Upload(Bucket, "zmumu.root", RepoPaths.Data("uproot-Zmumu.root"));
        using var tree = EventSources.OpenTree(url, "events", s3.SourceOptions);
        var s3Source = Assert.IsType<S3Source>(Assert.IsType<CachingByteSource>(tree.ByteSource).Inner);
        Assert.True(RemoteTreeAssert.BasketsOfFirstCluster(tree.Tree) > 10);
        long before = s3Source.Requests;
        var cluster = tree.Clusters[0];
        tree.Prefetch(tree.Columns.Select(c => c.Name).ToList(), cluster.First, cluster.Count);
        Assert.Equal(1, s3Source.Requests - before);
        var buffer = new ColumnBuffer<double>();
        tree.Column<double>("px1").Read(cluster.First, (int)cluster.Count, buffer);
        Assert.Equal(before + 1, s3Source.Requests);
    }

    [Fact]
    public async Task Uploads_of_bytes_round_trip_exactly_and_ranges_are_exact()
    {
        s3.CreateBucket(Bucket);
        var bytes = File.ReadAllBytes(RepoPaths.Data("uproot-simple.root"));
        await S3Upload.PutBytesAsync(s3.Client, Bucket, "bytes.root", bytes);
        using var source = S3Source.Open($"s3://{Bucket}/bytes.root", s3.SourceOptions);
        Assert.Equal(bytes.Length, source.Length);
        var part = new byte[100];
        await source.ReadAsync(1000, part);
        Assert.Equal(bytes[1000..1100], part);
        var many = await source.ReadManyAsync([(0, bytes.Length)]);
        Assert.Equal(bytes, many[0].ToArray());
    }

    [Fact]
    public async Task Sdk_range_gets_coalesce_like_the_reader_and_return_the_exact_bytes()
    {
        s3.CreateBucket(Bucket);
        string local = RepoPaths.Data("uproot-Zmumu.root");
        var bytes = File.ReadAllBytes(local);
        string url = s3.Upload(Bucket, "sdk/zmumu.root", local);
        List<(long Offset, int Length)> ranges;
        using (var tree = TreeSource.Open(local, "events"))
        {
            var first = tree.Clusters[0];
            ranges = tree.Columns.SelectMany(c => tree.Baskets(c.Name)).Distinct()
                .Where(b => !b.Embedded && b.FirstEntry < first.End && b.EndEntry > first.First)
                .Select(b => (b.Seek, b.Bytes)).ToList();
        }
        // The header and a range in the middle, asked for out of order, besides the cluster's baskets.
        ranges.Insert(0, (bytes.Length / 2, 777));
        ranges.Add((0, 64));
        Assert.True(ranges.Count > 10);
        foreach (var options in new[] { s3.SourceOptions, s3.SourceOptions with { CoalesceGapBytes = 0, MaxRequestBytes = 8192 } })
        {
            using var source = S3Source.Open(url, options);
            long before = source.Requests, bytesBefore = source.BytesRead;
            var got = await source.ReadManyThroughSdkAsync(ranges);
            var groups = RangeCoalescer.Coalesce(ranges, options.CoalesceGapBytes, options.MaxRequestBytes);
            Assert.Equal(groups.Count, source.Requests - before);
            Assert.Equal(groups.Sum(g => (long)g.Length), source.BytesRead - bytesBefore);
            for (int i = 0; i < ranges.Count; i++)
                Assert.True(bytes.AsSpan((int)ranges[i].Offset, ranges[i].Length).SequenceEqual(got[i].Span), $"range {i} {ranges[i]} differs ({groups.Count} requests)");
        }
        Assert.True(RangeCoalescer.Coalesce(ranges, s3.SourceOptions.CoalesceGapBytes, s3.SourceOptions.MaxRequestBytes).Count < ranges.Count);
    }

    [Fact]
    public async Task Sdk_range_gets_report_missing_objects_and_bounds_with_the_location()
    {
        s3.CreateBucket(Bucket);
        string url = s3.Upload(Bucket, "sdk/gone.root", RepoPaths.Data("uproot-simple.root"));
        using var source = S3Source.Open(url, s3.SourceOptions);
        var past = await Assert.ThrowsAsync<HepDataException>(() => source.ReadManyThroughSdkAsync([(source.Length - 10, 20)]));
        Assert.Contains(url, past.Message);
        await s3.Client.DeleteObjectAsync(Bucket, "sdk/gone.root");
        var gone = await Assert.ThrowsAsync<HepDataException>(() => source.ReadManyThroughSdkAsync([(0, 100)]));
        Assert.Contains(url, gone.Message);
        Assert.Contains("at offset 0", gone.Message);
        Assert.Contains("no such bucket or object", gone.Message);
    }

    [Fact]
    public void Missing_objects_and_bad_urls_are_clear_errors()
    {
        s3.CreateBucket(Bucket);
        var e = Assert.Throws<HepDataException>(() => S3Source.Open($"s3://{Bucket}/no/such.root", s3.SourceOptions));
        Assert.Contains($"s3://{Bucket}/no/such.root", e.Message);
        var bad = Assert.Throws<HepDataException>(() => S3Source.Open("s3://only-bucket", s3.SourceOptions));
        Assert.Contains("s3://bucket/key", bad.Message);
    }

    [Fact]
    public async Task Listing_sees_uploaded_objects()
    {
        s3.CreateBucket(Bucket);
        s3.Upload(Bucket, "list/a.root", RepoPaths.Data("uproot-simple.root"));
        var listed = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "list/" });
        Assert.Contains(listed.S3Objects, o => o.Key == "list/a.root" && o.Size == new FileInfo(RepoPaths.Data("uproot-simple.root")).Length);
    }
}
