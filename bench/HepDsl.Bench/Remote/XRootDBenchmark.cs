using System.Diagnostics;
using System.Globalization;
using HepDsl.Bench.Common;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Bench.Remote;

/// <summary>
/// One file read three ways: from the local disk, over root:// (HepDsl's XRootD client) and over HTTP range requests,
/// both served by one real xrootd daemon on loopback (scripts/start-xrootd.sh: the data server with XrdHttp). A query
/// here opens the tree and reads the chosen branches of every entry, one prefetch per cluster (as the executors do);
/// the table gives its time, throughput and the requests it sent. Every way must deliver the same values (checksum).
/// </summary>
internal static class XRootDBenchmark
{
    public const string Help = "root:// vs HTTP vs local reads of the shared files on loopback (xrootd + XrdHttp) [--runs N]";

    private sealed record Case(string File, string Tree, string[] Branches);

    private static readonly string[] HzzBranches = ["NJet", "Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "NMuon", "Muon_Px", "Muon_Py", "Muon_Pz", "MET_px", "MET_py"];

    private static readonly Case[] Cases =
    [
        new("nanoAOD_2015_CMS_Open_Data_ttbar.root", "Events", ["nJet", "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "nMuon", "Muon_pt", "Muon_eta", "MET_pt"]),
        new("uproot-HZZ-uncompressed.root", "events", HzzBranches),
        new("uproot-HZZ-zstd.root", "events", HzzBranches),
        new("uproot-Zmumu-uncompressed.root", "events", []),
    ];

    public static int Run(string[] args)
    {
        int runs = args.Length > 1 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        string state = Path.Combine(Path.GetTempPath(), "hepdsl-bench-xrootd-" + Guid.NewGuid().ToString("N"));
        var ports = StartServers(state);
        try
        {
            string data = Path.Combine(BenchInputs.RepoRoot(), "..", "shared", "data", "root");
            Console.WriteLine($"One query = open the tree + read the branches of every entry (one prefetch per cluster); {runs} timed runs after a warm-up,");
            Console.WriteLine($"each on a fresh source (no cache carried over). root:// and HTTP are served by one xrootd 5.5 daemon on 127.0.0.1");
            Console.WriteLine("(XrdHttp for HTTP); requests = reads sent per query (kXR_read/kXR_readv, or HTTP range GETs, the size probe included).");
            Console.WriteLine();
            var table = new Markdown("file", "branches", "entries", "way", "ms/query (min)", "median", "MB/s (file bytes)", "requests/query", "MB moved/query");
            foreach (var c in Cases)
            {
                string path = Path.Combine(data, c.File);
                string tree = c.Tree.Length > 0 ? c.Tree : FirstTree(path);
                var branches = c.Branches.Length > 0 ? c.Branches : ReadableBranches(path, tree);
                long size = new FileInfo(path).Length;
                long? expected = null;
                foreach (var (way, location) in new[] { ("local", path), ("root://", $"root://127.0.0.1:{ports["port"]}//{c.File}"), ("HTTP", $"http://127.0.0.1:{ports["http_port"]}/{c.File}") })
                {
                    var (checksum, entries, _, _) = Query(location, tree, branches); // warm-up (JIT, server page cache, pooled connection)
                    if (expected is null) expected = checksum;
                    else if (checksum != expected) throw new InvalidOperationException($"{location}: read values differ from the local read");
                    var times = new List<double>();
                    long requests = 0, moved = 0;
                    for (int r = 0; r < runs; r++)
                    {
                        var (_, _, seconds, counts) = Query(location, tree, branches);
                        times.Add(seconds);
                        (requests, moved) = counts;
                    }
                    var (min, median) = Stats.MinMedian(times);
                    table.Row(c.File, branches.Count, entries, way, min * 1e3, median * 1e3, size / min / 1e6, way == "local" ? "-" : requests.ToString(CultureInfo.InvariantCulture), way == "local" ? "-" : Markdown.Number(moved / 1e6));
                }
            }
            table.Print();
            return 0;
        }
        finally
        {
            RunScript(["stop", "--state", state]);
            try { Directory.Delete(state, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>Opens the tree, reads every entry of the branches cluster by cluster; returns a checksum of the values, entries, seconds and (requests, bytes) sent.</summary>
    private static (long Checksum, long Entries, double Seconds, (long Requests, long Bytes) Sent) Query(string location, string treeName, IReadOnlyList<string> branches)
    {
        var timer = Stopwatch.StartNew();
        using var owned = EventSources.OpenTree(location, treeName);
        var tree = owned.Tree;
        long checksum = 0;
        foreach (var cluster in tree.Clusters)
        {
            tree.Prefetch(branches, cluster.First, cluster.Count);
            foreach (var name in branches)
            {
                var info = tree.Columns.First(col => col.Name == name);
                checksum = checksum * 31 + info.Type switch
                {
                    ColumnType.Float32 => Sum<float>(tree, name, cluster),
                    ColumnType.Float64 => Sum<double>(tree, name, cluster),
                    ColumnType.Int32 => Sum<int>(tree, name, cluster),
                    ColumnType.UInt32 => Sum<uint>(tree, name, cluster),
                    ColumnType.Int64 => Sum<long>(tree, name, cluster),
                    ColumnType.Bool => Sum<bool>(tree, name, cluster),
                    _ => 0,
                };
            }
        }
        double seconds = timer.Elapsed.TotalSeconds;
        var remote = owned.ByteSource is CachingByteSource caching ? caching.Inner as RemoteByteSource : null;
        return (checksum, tree.Entries, seconds, (remote?.Requests ?? 0, remote?.BytesRead ?? 0));
    }

    private static long Sum<T>(TreeSource tree, string name, EntryRange cluster) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        tree.Column<T>(name).Read(cluster.First, (int)cluster.Count, buffer);
        long hash = buffer.Count;
        foreach (var value in buffer.Span) hash = hash * 1_000_003 + value.GetHashCode();
        return hash;
    }

    private static string FirstTree(string path)
    {
        using var file = HepDsl.Runtime.Root.RootFile.Open(path);
        return file.TreeNames[0];
    }

    /// <summary>Branches of flat numeric types (the ones <see cref="Query"/> sums).</summary>
    private static IReadOnlyList<string> ReadableBranches(string path, string treeName)
    {
        using var tree = TreeSource.Open(path, treeName);
        return tree.Columns.Where(c => c.Type is ColumnType.Float32 or ColumnType.Float64 or ColumnType.Int32 or ColumnType.UInt32 or ColumnType.Int64 or ColumnType.Bool)
            .Select(c => c.Name).ToList();
    }

    private static Dictionary<string, string> StartServers(string state)
    {
        var output = RunScript(["--state", state]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
    }

    private static string RunScript(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(BenchInputs.RepoRoot(), "scripts", "start-xrootd.sh"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"start-xrootd.sh failed: {stderr.Result}");
        return stdout.Result;
    }
}
