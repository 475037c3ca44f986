using HepDsl.Execution.Tests.Support;

namespace HepDsl.Execution.Tests.Cli;

/// <summary><c>hep run</c> end to end through the real CLI process (<c>./hep</c> at the repo root builds and runs it).</summary>
public class HepRunCommandTests
{
    private static readonly string s_cache = Directory.CreateTempSubdirectory("hep-cli-cache-").FullName;

    private static (int Code, string Stdout, string Stderr) Hep(params string[] args) =>
        ProcessRunner.Run(Path.Combine(RepoPaths.Root, "hep"), args, RepoPaths.Root, TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["HEPDSL_CACHE"] = s_cache });

    [Fact]
    public void Runs_zmumu_prints_the_cutflow_and_writes_the_outputs()
    {
        var output = Directory.CreateTempSubdirectory("hep-cli-out-").FullName;
        var (code, stdout, stderr) = Hep("run", "samples/zmumu.hep", "--input", "../shared/data/root/uproot-Zmumu.root", "--output", output, "--workers", "2");
        Assert.True(code == 0, $"hep run exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("all events", stdout);
        Assert.Contains("2,304", stdout); // every event of the file, in the cut-flow and the summary
        Assert.Contains("events/s", stdout);
        // stderr is a pipe here, not a terminal: progress comes as plain lines, the last one for the whole file.
        Assert.Matches(@"(?m)^zmumu: 2,304/2,304 events, (\d+)/\1 partitions, [\d.]+ (B|kB|MB), [\d,]+ events/s, ETA 0s\r?$", stderr);
        foreach (var file in new[] { "histograms.json", "histograms.root", "cutflow.json" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} was not written; stdout:\n{stdout}");
            Assert.Contains(file, stdout);
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "plots"), "*.png"));
    }

    [Fact]
    public void A_broken_analysis_exits_1_with_file_line_column_errors()
    {
        var dir = Directory.CreateTempSubdirectory("hep-cli-bad-").FullName;
        var bad = Path.Combine(dir, "broken.hep");
        File.WriteAllText(bad, "this is not an analysis {{{\n");
        var (code, stdout, stderr) = Hep("run", bad, "--input", "../shared/data/root/uproot-Zmumu.root", "--output", Path.Combine(dir, "out"));
        Assert.True(code == 1, $"exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Matches(@"broken\.hep:\d+:\d+: error HEP\d{4}: ", stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void An_analysis_that_throws_names_the_partition_and_the_hep_line()
    {
        // The fault is in the first statement: optimised code maps it to the event's prelude, which the generator
        // maps to that statement's line too.
        var dir = Directory.CreateTempSubdirectory("hep-cli-crash-").FullName;
        var hep = Path.Combine(dir, "crash.hep");
        File.WriteAllText(hep, "analysis crash\ntree events\nbranch int32 Q1, Q2\nhistogram bad: Q1 % (Q2 - Q2), 3 bins from -1.5 to 1.5\n");
        var (code, stdout, stderr) = Hep("run", hep, "--input", "../shared/data/root/uproot-Zmumu.root", "--output", Path.Combine(dir, "out"), "--partitions", "1");
        Assert.True(code == 1, $"exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Matches(@"partition 0 \(.*uproot-Zmumu\.root, tree 'events', entries \[0, 2304\)\) failed: Attempted to divide by zero\. \(at crash\.hep:4\)", stderr);
    }

    [Fact]
    public void A_missing_input_exits_1_naming_it()
    {
        var (code, _, stderr) = Hep("run", "samples/zmumu.hep", "--input", "/nonexistent/data.root");
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/data.root", stderr);
    }
}

/// <summary><c>hep run</c> over root:// inputs (a real xrootd server, through its redirector, with a glob) gives the local run's results.</summary>
[Collection("xrootd")]
public class HepRunOverXRootDTests(XRootDServerFixture server)
{
    [Fact]
    public void A_run_over_root_urls_writes_the_same_histograms_and_cutflow_as_the_local_run()
    {
        var cache = Directory.CreateTempSubdirectory("hep-cli-cache-").FullName;
        (int, string, string) Hep(params string[] args) =>
            ProcessRunner.Run(Path.Combine(RepoPaths.Root, "hep"), args, RepoPaths.Root, TimeSpan.FromMinutes(10),
                new Dictionary<string, string> { ["HEPDSL_CACHE"] = cache });
        var local = Directory.CreateTempSubdirectory("hep-cli-local-").FullName;
        var remote = Directory.CreateTempSubdirectory("hep-cli-root-").FullName;
        var (code, stdout, stderr) = Hep("run", "samples/zmumu.hep", "--input", "../shared/data/root/uproot-Zmumu.root", "../shared/data/root/uproot-Zmumu-zstd.root", "--output", local, "--workers", "2");
        Assert.True(code == 0, $"local hep run exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        (code, stdout, stderr) = Hep("run", "samples/zmumu.hep", "--input", server.RedirectorUrl("uproot-Zmumu.root"), server.Url("uproot-Zmumu-z*.root"), "--output", remote, "--workers", "2");
        Assert.True(code == 0, $"root:// hep run exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("4,608", stdout); // both files' events
        foreach (var file in new[] { "histograms.json", "cutflow.json", "aggregates.json" })
            Assert.Equal(File.ReadAllText(Path.Combine(local, file)), File.ReadAllText(Path.Combine(remote, file)));
    }
}
