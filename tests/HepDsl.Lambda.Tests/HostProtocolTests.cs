using System.Text;
using System.Text.Json;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Lambda.Tests;

/// <summary>The host's side of the Runtime API, checked against a scripted Runtime API and a real host process.</summary>
[Collection(ServerlessCollection.Name)]
public sealed class HostProtocolTests(ServerlessFixture fixture)
{
    private InvocationPayload Payload(string prefix, Partition partition, string? sha = null, string? location = null) =>
        Payload(fixture, prefix, partition, VersionOf(partition.Location), sha, location);

    /// <summary>The input's version as a driver's survey records it.</summary>
    internal InputVersion VersionOf(string input)
    {
        using var _ = PinnedInputs.Open(input, new ByteSourceOptions { S3 = fixture.S3.Options }, null, out var version);
        return version;
    }

    /// <summary>An event for Q6 over <paramref name="partition"/> pinned to <paramref name="input"/>.</summary>
    internal static InvocationPayload Payload(ServerlessFixture fixture, string prefix, Partition partition, InputVersion input, string? sha = null, string? location = null)
    {
        var bytes = AnalysisAssemblies.Q6.Bytes;
        var realSha = DistributedKeys.Sha256Hex(bytes);
        var key = DistributedKeys.Analysis(prefix, realSha);
        var analysisLocation = location ?? fixture.S3.Upload(ServerlessFixture.RunBucket, key, bytes);
        return new InvocationPayload
        {
            RunId = "protocol-test",
            Analysis = new AnalysisReference(sha ?? realSha, analysisLocation),
            Partition = partition,
            Input = input,
            Results = new ResultTarget(ServerlessFixture.RunBucket, prefix),
            S3 = new PayloadS3Options { ServiceUrl = fixture.S3.Endpoint, Region = "us-east-1", ForcePathStyle = true },
        };
    }

    [Fact]
    public async Task Runs_a_partition_stores_its_result_and_reuses_the_analysis_when_warm()
    {
        var prefix = "protocol/" + Guid.NewGuid().ToString("N")[..8];
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment(prefix));
        var partition = new Partition(7, fixture.Inputs[0], ServerlessFixture.Tree, 100, 50);
        var id = api.Send(PayloadJson.Serialize(Payload(prefix, partition)));

        var post = await api.NextPostAsync();
        Assert.Equal("POST", post.Method);
        Assert.True(post.Path == $"/2018-06-01/runtime/invocation/{id}/response", $"{post.Path}: {Encoding.UTF8.GetString(post.Body)}");
        var response = PayloadJson.Deserialize<InvocationResponse>(post.Body, "response");
        Assert.Equal(7, response.PartitionIndex);
        Assert.True(response.ColdStart);
        Assert.Equal(50, response.Entries);
        Assert.True(response.BasketBytes > 0 && response.BasketBytes < response.BytesRead, $"{response.BasketBytes} basket bytes of {response.BytesRead}");
        Assert.Equal(512, response.MemoryMb);
        Assert.Equal(DistributedKeys.Result(prefix, DistributedKeys.Sha256Hex(AnalysisAssemblies.Q6.Bytes), partition, VersionOf(partition.Location)), response.ResultKey);

        var stored = fixture.S3.Download(ServerlessFixture.RunBucket, response.ResultKey);
        Assert.Equal(response.ResultSha256, DistributedKeys.Sha256Hex(stored));
        var result = PartialResultFile.Read(stored, PartialResultBinding.For(DistributedKeys.Sha256Hex(AnalysisAssemblies.Q6.Bytes), partition, VersionOf(partition.Location)));
        Assert.Equal([new ProcessedRange(partition.Location, partition.Range)], result.Processed);
        Assert.Equal(50, result.Cutflow.Passed[0]);

        // Warm: same container, analysis already loaded.
        var second = api.Send(PayloadJson.Serialize(Payload(prefix, partition with { Index = 8, FirstEntry = 150, EntryCount = 10 })));
        var warm = PayloadJson.Deserialize<InvocationResponse>((await api.NextPostAsync()).Body, "response");
        Assert.False(warm.ColdStart);
        Assert.Equal(8, warm.PartitionIndex);
        Assert.Equal(10, warm.Entries);
        await api.WaitForNextCallsAsync(3);
        Assert.NotEqual(id, second);
    }

    [Fact]
    public async Task Bad_payloads_get_typed_errors_and_the_loop_continues()
    {
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment("protocol/bad"));
        var first = api.Send(Encoding.UTF8.GetBytes("{ this is not json"));
        var good = Payload("protocol/bad", new Partition(0, fixture.Inputs[0], ServerlessFixture.Tree, 0, 10));
        var second = api.Send(PayloadJson.Serialize(good with { Version = 99 }));
        var third = api.Send(PayloadJson.Serialize(good with { Input = null })); // a host never reads an input it cannot pin

        foreach (var id in new[] { first, second, third })
        {
            var post = await api.NextPostAsync();
            Assert.Equal($"/2018-06-01/runtime/invocation/{id}/error", post.Path);
            Assert.Equal(FunctionErrorTypes.BadPayload, post.Headers["Lambda-Runtime-Function-Error-Type"]);
            using var json = JsonDocument.Parse(post.Body);
            Assert.Equal(FunctionErrorTypes.BadPayload, json.RootElement.GetProperty("errorType").GetString());
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("errorMessage").GetString()));
            Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("stackTrace").ValueKind);
        }
        await api.WaitForNextCallsAsync(4);
    }

    [Fact]
    public async Task An_assembly_whose_hash_differs_is_refused_before_loading()
    {
        // The bytes at the location are not what the payload's hash names (here: not even an assembly, so loading
        // them would fail differently than the refusal this test expects).
        var prefix = "protocol/" + Guid.NewGuid().ToString("N")[..8];
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment(prefix));
        var claimed = DistributedKeys.Sha256Hex(AnalysisAssemblies.Q6.Bytes);
        var location = fixture.S3.Upload(ServerlessFixture.RunBucket, DistributedKeys.Analysis(prefix, claimed), Encoding.UTF8.GetBytes("MZ not really an analysis"));
        var id = api.Send(PayloadJson.Serialize(Payload(prefix, new Partition(0, fixture.Inputs[0], ServerlessFixture.Tree, 0, 10), claimed, location)));

        var post = await api.NextPostAsync();
        Assert.Equal($"/2018-06-01/runtime/invocation/{id}/error", post.Path);
        var error = PayloadJson.Deserialize<FunctionError>(post.Body, "error");
        Assert.Equal(FunctionErrorTypes.AssemblyHashMismatch, error.ErrorType);
        Assert.Contains("refused, not loaded", error.ErrorMessage);
        Assert.Contains(claimed, error.ErrorMessage);
    }

    [Fact]
    public async Task Stops_with_a_retryable_error_before_the_deadline()
    {
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment("protocol/deadline"));
        var payload = Payload("protocol/deadline", new Partition(0, fixture.Inputs[0], ServerlessFixture.Tree, 0, 200));
        var id = api.Send(PayloadJson.Serialize(payload), budget: TimeSpan.FromMilliseconds(300));
        var post = await api.NextPostAsync();
        Assert.Equal($"/2018-06-01/runtime/invocation/{id}/error", post.Path);
        Assert.Equal(FunctionErrorTypes.DeadlineExceeded, post.Headers["Lambda-Runtime-Function-Error-Type"]);
        Assert.False(FunctionErrorTypes.IsPermanent(FunctionErrorTypes.DeadlineExceeded));
    }

    [Fact]
    public async Task An_event_with_less_budget_than_the_safety_margin_is_refused_as_past_its_deadline_and_the_host_lives_on()
    {
        // 150 ms left is less than the 200 ms the host keeps back: it must stop at once, not crash computing a negative delay.
        var prefix = "protocol/" + Guid.NewGuid().ToString("N")[..8];
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment(prefix));
        var late = api.Send(PayloadJson.Serialize(Payload(prefix, new Partition(0, fixture.Inputs[0], ServerlessFixture.Tree, 0, 200))), budget: TimeSpan.FromMilliseconds(150));
        var post = await api.NextPostAsync();
        Assert.Equal($"/2018-06-01/runtime/invocation/{late}/error", post.Path);
        Assert.Equal(FunctionErrorTypes.DeadlineExceeded, post.Headers["Lambda-Runtime-Function-Error-Type"]);

        var next = api.Send(PayloadJson.Serialize(Payload(prefix, new Partition(1, fixture.Inputs[0], ServerlessFixture.Tree, 0, 20))));
        var answer = await api.NextPostAsync();
        Assert.Equal($"/2018-06-01/runtime/invocation/{next}/response", answer.Path);
        Assert.Equal(20, PayloadJson.Deserialize<InvocationResponse>(answer.Body, "response").Entries);
    }

    [Fact]
    public async Task Each_events_trace_header_reaches_X_AMZN_TRACE_ID()
    {
        // In-process: the variable is the host process' own environment, where X-Ray and the AWS SDK read it.
        var before = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
        try
        {
            await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment("protocol/trace"), inProcess: true);
            foreach (var trace in new[] { "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "Root=1-67891233-abcdef012345678912345678;Sampled=0" })
            {
                var id = api.Send(Encoding.UTF8.GetBytes("{ not a payload"), trace: trace);
                var post = await api.NextPostAsync();
                Assert.Equal($"/2018-06-01/runtime/invocation/{id}/error", post.Path);
                Assert.Equal(trace, Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"));
            }
        }
        finally { Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", before); }
    }

    [Fact]
    public async Task Outside_Lambda_the_host_exits_with_a_clear_message()
    {
        // Without AWS_LAMBDA_RUNTIME_API there is no Runtime API to post an init error to: the host says why and exits 1.
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(LambdaHost.Bootstrap);
        info.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        using var host = System.Diagnostics.Process.Start(info)!;
        var stderr = host.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.WaitForExitAsync(timeout.Token);
        Assert.Equal(1, host.ExitCode);
        Assert.Contains("not started outside Lambda (AWS_LAMBDA_RUNTIME_API is not set)", await stderr);
    }
}
