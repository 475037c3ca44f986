using Amazon.Runtime;
using HepDsl.Lambda.Emulator;
using HepDsl.Lambda.Host;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Lambda.Tests.Support;

[CollectionDefinition(Name)]
public sealed class ServerlessCollection : ICollectionFixture<ServerlessFixture>
{
    public const string Name = "serverless";
}

/// <summary>
/// Shared by every serverless test: one s3rver holding the NanoAOD ttbar file under three keys (inputs) and a run
/// bucket, plus helpers to start emulators (real host processes) and compare with a local run.
/// </summary>
public sealed class ServerlessFixture : IDisposable
{
    public const string DataBucket = "hepdata";
    public const string RunBucket = "hepruns";
    public const string Tree = "Events";

    public ServerlessFixture()
    {
        S3 = LocalS3Server.Start(RepoPaths.Scripts);
        S3.CreateBucket(DataBucket);
        S3.CreateBucket(RunBucket);
        var bytes = File.ReadAllBytes(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"));
        Inputs = new[] { "a", "b", "c" }.Select(k => S3.Upload(DataBucket, $"ttbar/{k}.root", bytes)).ToList();
    }

    public LocalS3Server S3 { get; }
    public IReadOnlyList<string> Inputs { get; }

    // The results prefix each emulator's hosts are configured with (a host writes nowhere else).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<LambdaEmulator, string> _prefixes = new();

    /// <summary>
    /// How a deployment configures its hosts here: results in <see cref="RunBucket"/> under <paramref name="prefix"/>,
    /// inputs from <see cref="DataBucket"/>, this S3 server as the endpoint.
    /// </summary>
    public HostSettings HostSettings(string prefix) => new()
    {
        ResultsBucket = RunBucket,
        Prefix = prefix,
        Inputs = InputAllowList.Parse($"s3://{DataBucket}/"),
        S3Endpoint = S3.Endpoint,
    };

    /// <summary>The environment of a host process configured by <see cref="HostSettings"/>, with the "role's" credentials.</summary>
    public IReadOnlyDictionary<string, string> HostEnvironment(string prefix) =>
        HostSettings(prefix).ToEnvironment().Concat(S3.WorkerEnvironment).ToDictionary();

    /// <summary>An emulator whose hosts use <paramref name="prefix"/> (a fresh one unless given: a rerun that resumes passes the first run's).</summary>
    public LambdaEmulator StartEmulator(int workers, TimeSpan timeout, int queue = 0, Action<string>? log = null, string? prefix = null)
    {
        prefix ??= "runs/" + Guid.NewGuid().ToString("N")[..12];
        var emulator = LambdaEmulator.Start(new EmulatorOptions
        {
            FunctionName = "hepdsl-test",
            Workers = workers,
            Timeout = timeout,
            QueueCapacity = queue,
            MemoryMb = 1024,
            BootstrapPath = LambdaHost.Bootstrap,
            Host = HostSettings(prefix),
            Environment = S3.WorkerEnvironment,
            Log = log,
        });
        _prefixes.Add(emulator, prefix);
        return emulator;
    }

    /// <summary>The results prefix <paramref name="emulator"/>'s hosts are configured with.</summary>
    public string PrefixOf(LambdaEmulator emulator) => _prefixes.TryGetValue(emulator, out var prefix) ? prefix : throw new InvalidOperationException("not started by this fixture");

    /// <summary>Options for a run against <paramref name="emulator"/>, in the prefix its hosts are configured with.</summary>
    public DistributedOptions Options(LambdaEmulator emulator, int partitions) => new()
    {
        Function = emulator.FunctionName,
        Bucket = RunBucket,
        Prefix = PrefixOf(emulator),
        Region = "us-east-1",
        Endpoint = emulator.Endpoint,
        EmulatorToken = emulator.Token,
        S3 = S3.Options,
        InvokeCredentials = new BasicAWSCredentials("AKIDLOCALTEST", "local-test-secret"),
        Concurrency = 4,
        Partitions = partitions,
        BaseBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromSeconds(1),
        InvokeTimeout = TimeSpan.FromSeconds(60),
        StragglerMinimum = TimeSpan.FromSeconds(30),
    };

    public Task<RunOutcome> RunLocallyAsync(IAnalysis analysis, int partitions) => RunLocallyAsync(analysis, partitions, Inputs);

    /// <summary>The local executor over <paramref name="inputs"/> (S3 URLs read from this server).</summary>
    public Task<RunOutcome> RunLocallyAsync(IAnalysis analysis, int partitions, IReadOnlyList<string> inputs) =>
        LocalExecutor.RunAsync(analysis, inputs, new LocalRunOptions
        {
            Workers = 2,
            Partitions = partitions,
            Open = EventSources.Opener(new ByteSourceOptions { S3 = S3.Options }),
        });

    /// <summary>Every histogram cell, cut-flow count and aggregate sum equal bit for bit; the same processed ranges in the same order.</summary>
    public static void AssertIdentical(ResultSet expected, ResultSet actual)
    {
        Assert.Equal(expected.Histograms.Count, actual.Histograms.Count);
        for (int h = 0; h < expected.Histograms.Count; h++)
        {
            Assert.Equal(expected.Histograms[h].Name, actual.Histograms[h].Name);
            Assert.Equal(expected.Histograms[h].SumW, actual.Histograms[h].SumW);
            Assert.Equal(expected.Histograms[h].SumW2, actual.Histograms[h].SumW2);
        }
        Assert.Equal(expected.Cutflow.Passed, actual.Cutflow.Passed);
        Assert.Equal(expected.Aggregates.Select(a => (a.Entries, a.SumW, a.SumWX, a.SumWX2)), actual.Aggregates.Select(a => (a.Entries, a.SumW, a.SumWX, a.SumWX2)));
        Assert.Equal(expected.EntriesProcessed, actual.EntriesProcessed);
        Assert.Equal(expected.Processed, actual.Processed);
    }

    public void Dispose() => S3.Dispose();
}
