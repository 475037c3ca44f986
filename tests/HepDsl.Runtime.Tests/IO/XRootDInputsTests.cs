using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.IO.XRootD;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Tests.IO;

/// <summary>root:// where inputs are taken: globs (kXR_dirlist), version pinning (kXR_stat), URL forms.</summary>
[Collection("xrootd")]
public sealed class XRootDInputsTests(XRootDServerFixture server)
{
    [Fact]
    public void A_glob_lists_the_servers_directory_and_matches_what_a_local_glob_matches()
    {
        var local = InputGlobs.Expand([Path.Combine(RepoPaths.DataFolder, "uproot-HZZ*.root")]).Select(Path.GetFileName).ToList();
        Assert.True(local.Count >= 5);
        foreach (int port in new[] { server.DataPort, server.RedirectorPort })
        {
            var remote = InputGlobs.Expand([$"root://127.0.0.1:{port}//uproot-HZZ*.root"]);
            Assert.Equal(local.Select(n => $"root://127.0.0.1:{port}//{n}"), remote);
        }
        Assert.Equal([server.Url("uproot-Zmumu.root"), server.Url("uproot-Zmumu-lz4.root")],
            InputGlobs.Expand([server.Url("uproot-Zmumu.root"), server.Url("uproot-Zmumu-l*4.root")]));
        var none = Assert.Throws<HepDataException>(() => InputGlobs.Expand([server.Url("nothing-*.root")]));
        Assert.Contains($"{server.Url("nothing-*.root")}: no input file matches", none.Message);
        var missingDirectory = Assert.Throws<HepDataException>(() => InputGlobs.Expand([$"root://127.0.0.1:{server.DataPort}//no/such/dir/*.root"]));
        Assert.Contains("kXR_dirlist failed: no such file or directory", missingDirectory.Message);
    }

    [Fact]
    public void Pinned_inputs_record_size_and_modification_time_and_refuse_a_different_version()
    {
        string name = "uproot-Zmumu-lzma.root";
        var info = new FileInfo(RepoPaths.Data(name));
        using (var source = PinnedInputs.Open(server.Url(name), ByteSourceOptions.Default, planned: null, out var version))
        {
            Assert.Equal(info.Length, version.Size);
            Assert.Equal(new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds(), version.LastModified!.Value.ToUnixTimeSeconds());
            Assert.Null(version.ETag);
            using var again = PinnedInputs.Open(server.RedirectorUrl(name), ByteSourceOptions.Default, planned: version, out _);
            Assert.Equal(info.Length, again.Length);
        }
        var older = new InputVersion { Size = info.Length, LastModified = DateTimeOffset.FromUnixTimeSeconds(1_000_000_000) };
        var changed = Assert.Throws<InputChangedException>(() => PinnedInputs.Open(server.Url(name), ByteSourceOptions.Default, older, out _));
        Assert.Contains($"{server.Url(name)} changed since the run was planned", changed.Message);
    }

    [Theory]
    [InlineData("root://eos.example.org//eos/opendata/cms/file.root", "eos.example.org", 1094, "/eos/opendata/cms/file.root", null, false)]
    [InlineData("roots://host:2094//a/b.root?authz=x", "host", 2094, "/a/b.root", "authz=x", true)]
    [InlineData("root://user@[::1]:1095/data.root", "::1", 1095, "/data.root", null, false)]
    public void Urls_parse_into_host_port_path_and_cgi(string text, string host, int port, string path, string? query, bool tls)
    {
        Assert.Equal(new XRootDUrl(host, port, path, query, tls), XRootDUrl.Parse(text));
    }

    [Theory]
    [InlineData("root://host")]
    [InlineData("root://host:0//x.root")]
    [InlineData("root://host//")]
    public void Malformed_urls_are_clear_errors(string text)
    {
        var e = Assert.Throws<HepDataException>(() => XRootDUrl.Parse(text));
        Assert.StartsWith(text, e.Message);
    }

    [Theory]
    [InlineData("*.root", "a.root", true)]
    [InlineData("run?.root", "run1.root", true)]
    [InlineData("run?.root", "run12.root", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    public void Glob_patterns_match_whole_names(string pattern, string name, bool matches) =>
        Assert.Equal(matches, XRootDDirectory.Matches(pattern, name));
}
