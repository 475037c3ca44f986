using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.IO.XRootD;
using HepDsl.Runtime.Tests.Root;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.IO;

/// <summary>roots:// against the real xrootd offering TLS (self-signed certificate trusted through a CA directory).</summary>
[Collection("xrootd")]
public sealed class XRootDTlsTests(XRootDServerFixture server)
{
    private ByteSourceOptions Trusting => new()
    {
        RetryDelay = TimeSpan.FromMilliseconds(1),
        XRootD = new XRootDOptions { TrustedCertificates = XRootDOptions.FromCertificateDirectory(server.CertificateDirectory) },
    };

    [Fact]
    public void Trees_read_over_roots_equal_the_local_read()
    {
        string name = "uproot-HZZ-zlib.root";
        using (var source = XRootDSource.Open(server.TlsUrl(name), Trusting))
        {
            Assert.Equal(new FileInfo(RepoPaths.Data(name)).Length, source.Length);
            Assert.True(source.Encrypted);
        }
        using var local = HepDsl.Runtime.Root.RootFile.Open(RepoPaths.Data(name));
        using var expected = local.OpenTree("events");
        using var remote = EventSources.OpenTree(server.TlsUrl(name), "events", Trusting);
        TreeComparison.AssertSameContent(expected, remote.Tree);
    }

    [Fact]
    public void An_untrusted_certificate_is_a_clear_tls_error()
    {
        var e = Assert.Throws<HepDataException>(() => XRootDSource.Open(server.TlsUrl("uproot-HZZ.root"),
            new ByteSourceOptions { XRootD = new XRootDOptions { TrustedCertificates = null } }));
        Assert.Contains($"roots://127.0.0.1:{server.TlsPort}: TLS handshake failed", e.Message);
        Assert.Contains("not trusted", e.Message);
    }

    [Fact]
    public void Roots_to_a_server_without_tls_says_so()
    {
        var e = Assert.Throws<HepDataException>(() => XRootDSource.Open($"roots://127.0.0.1:{server.DataPort}//uproot-HZZ.root", Trusting));
        Assert.Contains($"roots://127.0.0.1:{server.DataPort}: the server does not offer TLS", e.Message);
    }
}
