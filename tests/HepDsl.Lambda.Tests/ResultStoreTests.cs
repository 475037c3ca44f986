using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Tests;

/// <summary>The driver's analysis upload against the real S3 server: skipped only when the stored bytes are the analysis.</summary>
[Collection(ServerlessCollection.Name)]
public sealed class ResultStoreTests(ServerlessFixture fixture)
{
    [Fact]
    public async Task The_analysis_is_uploaded_once_and_a_same_size_wrong_object_is_replaced()
    {
        var bytes = AnalysisAssemblies.Q6.Bytes;
        var sha = DistributedKeys.Sha256Hex(bytes);
        var prefix = "store/" + Guid.NewGuid().ToString("N")[..12];
        var store = new ResultStore(fixture.S3.Client, ServerlessFixture.RunBucket, prefix);
        var key = DistributedKeys.Analysis(prefix, sha);

        var (location, uploaded) = await store.EnsureAnalysisAsync(sha, bytes, CancellationToken.None);
        Assert.Equal($"s3://{ServerlessFixture.RunBucket}/{key}", location);
        Assert.True(uploaded);
        Assert.False((await store.EnsureAnalysisAsync(sha, bytes, CancellationToken.None)).Uploaded);

        // Same size, one byte different (a damaged or foreign object): hosts would refuse it, so it must be replaced.
        var wrong = bytes.ToArray();
        wrong[wrong.Length / 2] ^= 0x01;
        fixture.S3.Upload(ServerlessFixture.RunBucket, key, wrong);
        Assert.True((await store.EnsureAnalysisAsync(sha, bytes, CancellationToken.None)).Uploaded);
        Assert.Equal(bytes, fixture.S3.Download(ServerlessFixture.RunBucket, key));
        Assert.False((await store.EnsureAnalysisAsync(sha, bytes, CancellationToken.None)).Uploaded);

        // A different size is replaced without being read.
        fixture.S3.Upload(ServerlessFixture.RunBucket, key, bytes[..^1]);
        Assert.True((await store.EnsureAnalysisAsync(sha, bytes, CancellationToken.None)).Uploaded);
        Assert.Equal(bytes, fixture.S3.Download(ServerlessFixture.RunBucket, key));
    }
}
