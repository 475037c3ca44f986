using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Runtime.Tests.IO;

/// <summary>An RNTuple over HTTP range requests: opened by the same EventSources call as a TTree, read with one request per prefetch.</summary>
public sealed class NTupleOverHttpTests : IDisposable
{
    private static readonly ByteSourceOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1) };
    private readonly LoopbackHttpServer _server = new();

    [Fact]
    public void Rntuple_over_http_equals_the_local_read_and_a_prefetch_is_one_request()
    {
        const string name = "Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root";
        string url = _server.Serve(name, RepoPaths.Data(name));
        using var remote = EventSources.OpenTree(url, "Events", Fast);
        Assert.NotNull(remote.NTuple);
        using var local = NTupleSource.Open(RepoPaths.Data(name), "Events");
        var http = Assert.IsType<HttpRangeSource>(Assert.IsType<CachingByteSource>(remote.ByteSource).Inner);

        long before = http.Requests;
        remote.Prefetch(remote.Columns.Select(c => c.Name).ToList(), 0, remote.Entries);
        Assert.Equal(1, http.Requests - before);
        long afterPrefetch = http.Requests;
        foreach (var column in new[] { "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass" })
        {
            var a = new ColumnBuffer<float>();
            var b = new ColumnBuffer<float>();
            remote.Column<float>(column).Read(0, 1000, a);
            local.Column<float>(column).Read(0, 1000, b);
            Assert.Equal(b.Span.ToArray(), a.Span.ToArray());
            Assert.Equal(b.Offsets[..1001], a.Offsets[..1001]);
        }
        var n = new ColumnBuffer<uint>();
        remote.Column<uint>("nMuon").Read(0, 1000, n);
        Assert.Equal(afterPrefetch, http.Requests);
    }

    public void Dispose() => _server.Dispose();
}
