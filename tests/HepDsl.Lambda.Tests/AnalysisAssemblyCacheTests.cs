using System.Runtime.Loader;
using HepDsl.Lambda.Host;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Tests;

/// <summary>The host's assembly cache in-process: the hash is checked before any load, and loads happen once.</summary>
public sealed class AnalysisAssemblyCacheTests
{
    [Fact]
    public async Task A_valid_assembly_under_the_wrong_hash_is_never_loaded()
    {
        var bytes = AnalysisAssemblies.Q5.Bytes;
        var claimed = DistributedKeys.Sha256Hex(AnalysisAssemblies.Q6.Bytes);
        var cache = new AnalysisAssemblyCache((_, _) => Task.FromResult(bytes));
        var error = await Assert.ThrowsAsync<AssemblyHashMismatchException>(() => cache.GetAsync(new AnalysisReference(claimed, "s3://b/k.dll"), CancellationToken.None));
        Assert.Contains(DistributedKeys.Sha256Hex(bytes), error.Message);
        Assert.DoesNotContain(AssemblyLoadContext.All, c => c.Name == $"hep-analysis:{claimed[..12]}");
        Assert.False(cache.Contains(claimed));
    }

    [Fact]
    public async Task The_right_hash_loads_once_and_warm_calls_do_not_fetch_again()
    {
        var bytes = AnalysisAssemblies.Q6.Bytes;
        var sha = DistributedKeys.Sha256Hex(bytes);
        int fetches = 0;
        var cache = new AnalysisAssemblyCache((_, _) => { fetches++; return Task.FromResult(bytes); });
        var first = await cache.GetAsync(new AnalysisReference(sha, "s3://b/k.dll"), CancellationToken.None);
        var second = await cache.GetAsync(new AnalysisReference(sha.ToUpperInvariant(), "s3://b/k.dll"), CancellationToken.None);
        Assert.Same(first, second);
        Assert.Equal(1, fetches);
        Assert.Equal("q6", first.Info.Name);
        Assert.Contains(AssemblyLoadContext.All, c => c.Name == $"hep-analysis:{sha[..12]}");
    }
}
