using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.IO.XRootD;
using HepDsl.Runtime.Tests.Root;
using HepDsl.Runtime.Tests.Support;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Trees;

namespace HepDsl.Runtime.Tests.IO;

/// <summary>The native XRootD client against a real xrootd server (and redirector) from Debian's xrootd-server.</summary>
[Collection("xrootd")]
public sealed class XRootDSourceTests(XRootDServerFixture server)
{
    private static readonly ByteSourceOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1) };

    /// <summary>Every shared file that has TTrees (the local reader lists at least one).</summary>
    public static TheoryData<string> TreeFiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in RepoPaths.DataNames("*.root"))
        {
            try
            {
                using var file = HepDsl.Runtime.Root.RootFile.Open(RepoPaths.Data(name));
                if (file.TreeNames.Count > 0) data.Add(name);
            }
            catch (HepDataException) { }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TreeFiles))]
    public void Every_tree_read_over_root_equals_the_local_read(string name)
    {
        using var local = HepDsl.Runtime.Root.RootFile.Open(RepoPaths.Data(name));
        foreach (var tree in local.TreeNames)
        {
            using var expected = local.OpenTree(tree);
            using var remote = EventSources.OpenTree(server.Url(name), tree, Fast);
            Assert.IsType<XRootDSource>(Assert.IsType<CachingByteSource>(remote.ByteSource).Inner);
            TreeComparison.AssertSameContent(expected, remote.Tree);
        }
    }

    [Theory]
    [InlineData("uproot-HZZ.root")]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root")]
    [InlineData("uproot-issue-888.root")]
    public void Bytes_equal_what_xrdcp_copies_and_the_local_file(string name)
    {
        string copy = Path.Combine(Path.GetTempPath(), $"hepdsl-xrdcp-{Guid.NewGuid():N}.root");
        try
        {
            Run("xrdcp", "-f", "-s", server.Url(name), copy);
            var copied = File.ReadAllBytes(copy);
            using var source = XRootDSource.Open(server.Url(name), Fast);
            Assert.Equal(copied.Length, source.Length);
            var whole = new byte[source.Length];
            for (long at = 0; at < whole.Length; at += 100_000)
                ReadNow(source, at, whole.AsMemory((int)at, (int)Math.Min(100_000, whole.Length - at)));
            Assert.Equal(copied, whole);
            Assert.Equal(File.ReadAllBytes(RepoPaths.Data(name)), whole);
        }
        finally { File.Delete(copy); }
    }

    [Fact]
    public async Task A_read_of_many_ranges_is_one_readv_per_coalesced_group_and_returns_exactly_those_bytes()
    {
        string name = "uproot-issue-888.root";
        var expected = File.ReadAllBytes(RepoPaths.Data(name));
        using var source = XRootDSource.Open(server.Url(name), Fast);
        var random = new Random(17);
        var ranges = Enumerable.Range(0, 300).Select(_ => { long at = random.NextInt64(expected.Length - 5000); return (at, random.Next(0, 5000)); }).ToList();
        ranges.Add((expected.Length - 1, 1));
        ranges.Add((0, 0));
        var options = Fast with { CoalesceGapBytes = 2000 };
        // A group of only empty ranges needs no request.
        int groups = RangeCoalescer.Coalesce(ranges, options.CoalesceGapBytes, options.MaxRequestBytes).Count(g => g.Length > 0);
        using var narrow = XRootDSource.Open(server.Url(name), options);
        long before = narrow.Requests;
        var many = await narrow.ReadManyAsync(ranges);
        Assert.Equal(groups, narrow.Requests - before);
        Assert.True(groups > 1 && groups < ranges.Count, $"{groups} groups for {ranges.Count} ranges");
        for (int i = 0; i < ranges.Count; i++)
            Assert.Equal(expected.AsSpan((int)ranges[i].Item1, ranges[i].Item2).ToArray(), many[i].ToArray());
        // The gaps between ranges are not transferred: fewer bytes than the groups span.
        long spanned = RangeCoalescer.Coalesce(ranges, options.CoalesceGapBytes, options.MaxRequestBytes).Sum(g => (long)g.Length);
        Assert.True(narrow.BytesRead < spanned, $"read {narrow.BytesRead} bytes, groups span {spanned}");
        Assert.Equal(expected.Length, source.Length);
    }

    [Fact]
    public void A_redirector_sends_the_open_to_the_data_server_and_trees_read_the_same()
    {
        string name = "uproot-Zmumu-zstd.root";
        using (var source = XRootDSource.Open(server.RedirectorUrl(name), Fast))
            Assert.Equal($"root://127.0.0.1:{server.DataPort}//{name}", source.Server);
        RemoteTreeAssert.SameAsLocal(RepoPaths.Data(name), server.RedirectorUrl(name), Fast);
    }

    [Fact]
    public void Stat_gives_the_size_and_modification_time_of_the_file()
    {
        string name = "uproot-HZZ-lz4.root";
        using var source = XRootDSource.Open(server.Url(name), Fast);
        var local = new FileInfo(RepoPaths.Data(name));
        Assert.Equal(local.Length, source.Stat.Size);
        Assert.Equal(new DateTimeOffset(local.LastWriteTimeUtc).ToUnixTimeSeconds(), source.Stat.Modified.ToUnixTimeSeconds());
    }

    [Fact]
    public void A_missing_file_is_a_clear_error_naming_the_url_and_the_open()
    {
        var url = server.Url("no-such-file.root");
        var e = Assert.Throws<HepDataException>(() => XRootDSource.Open(url, Fast));
        Assert.Contains($"root://127.0.0.1:{server.DataPort}//no-such-file.root", e.Message);
        Assert.Contains("kXR_open", e.Message);
        Assert.Contains("no such file or directory (kXR_error 3011", e.Message);
        var redirected = Assert.Throws<HepDataException>(() => XRootDSource.Open(server.RedirectorUrl("no-such-file.root"), Fast));
        Assert.Contains("kXR_error 3011", redirected.Message);
    }

    [Fact]
    public void A_file_the_server_may_not_read_is_a_permission_error()
    {
        var e = Assert.Throws<HepDataException>(() => ByteSources.Open(server.Url("unreadable.root"), Fast));
        Assert.Contains(server.Url("unreadable.root").Replace("//unreadable", "//unreadable", StringComparison.Ordinal), e.Message);
        Assert.Contains("kXR_open failed: permission denied (kXR_error 3010", e.Message);
    }

    [Fact]
    public void A_stopped_server_is_a_clear_connection_error_after_the_retries()
    {
        int port = FreePort();
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<HepDataException>(() => XRootDSource.Open($"root://127.0.0.1:{port}//x.root", Fast with { MaxRetries = 1 }));
        Assert.Contains($"root://127.0.0.1:{port}//x.root: open failed after 2 attempts: cannot connect to 127.0.0.1:{port}", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_server_that_accepts_and_never_answers_times_out_instead_of_hanging()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        var accepting = Task.Run(() => { try { while (true) { var s = listener.AcceptSocket(); lock (accepted) accepted.Add(s); } } catch (SocketException) { } catch (ObjectDisposedException) { } });
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<HepDataException>(() => XRootDSource.Open($"root://127.0.0.1:{port}//stalled.root", Fast with { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(1) }));
        Assert.Contains($"no answer from 127.0.0.1:{port} during the handshake within 1 s", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        listener.Stop();
        lock (accepted) foreach (var s in accepted) s.Dispose();
    }

    [Fact]
    public void Partitions_reading_one_file_share_one_connection_with_reads_in_flight_together()
    {
        string name = "nanoAOD_2015_CMS_Open_Data_ttbar.root";
        var expected = File.ReadAllBytes(RepoPaths.Data(name));
        var sources = Enumerable.Range(0, 4).Select(_ => XRootDSource.Open(server.Url(name), Fast)).ToList();
        try
        {
            Assert.Single(sources.Select(s => s.ConnectionId).Distinct());
            Parallel.ForEach(sources, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (source, _, index) =>
            {
                var random = new Random((int)index);
                for (int i = 0; i < 50; i++)
                {
                    int at = random.Next(expected.Length - 3000), length = random.Next(1, 3000);
                    var buffer = new byte[length];
                    ReadNow(source, at, buffer);
                    Assert.Equal(expected.AsSpan(at, length).ToArray(), buffer);
                }
            });
        }
        finally { foreach (var s in sources) s.Dispose(); }
    }

    /// <summary>Remote sources read on the caller's thread; the returned task is already complete.</summary>
    private static void ReadNow(IByteSource source, long offset, Memory<byte> into)
    {
        var read = source.ReadAsync(offset, into);
        if (!read.IsCompleted) throw new InvalidOperationException("expected a completed read");
        read.GetAwaiter().GetResult();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var err = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(); throw new TimeoutException($"{program} did not finish"); }
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {err.Result}");
    }
}
