using System.Net;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// The local emulator listens on 127.0.0.1, which every local user can reach: both of its APIs require the per-run
/// token, so only the driver given it can invoke, and only the hosts it started can take events.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class EmulatorTokenTests(ServerlessFixture fixture)
{
    private static readonly Amazon.Runtime.BasicAWSCredentials s_credentials = new("AKIDLOCALTEST", "local-test-secret");

    [Fact]
    public async Task Invocations_without_the_per_run_token_are_refused()
    {
        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(30));
        Assert.Matches("^[0-9a-f]{64}$", emulator.Token);

        // Well signed, but without the token, or with another emulator's: 403, and nothing reaches a host.
        foreach (var token in new[] { null, new string('0', 64), emulator.Token[..^1] })
        {
            using var stranger = new LambdaInvoker(emulator.Endpoint, "us-east-1", s_credentials, TimeSpan.FromSeconds(30), token);
            var refused = await stranger.InvokeAsync(emulator.FunctionName, "{}"u8.ToArray(), CancellationToken.None);
            Assert.Equal(403, refused.Status);
            Assert.Equal("AccessDeniedException", refused.ServiceErrorType);
            Assert.Contains("per-run token", System.Text.Encoding.UTF8.GetString(refused.Body));
        }
        Assert.Equal(0, emulator.Invocations);

        using var driver = new LambdaInvoker(emulator.Endpoint, "us-east-1", s_credentials, TimeSpan.FromSeconds(30), emulator.Token);
        var answered = await driver.InvokeAsync(emulator.FunctionName, "{}"u8.ToArray(), CancellationToken.None);
        Assert.Equal((200, "Unhandled"), (answered.Status, answered.FunctionError));
        Assert.Equal(FunctionErrorTypes.BadPayload, PayloadJson.Deserialize<FunctionError>(answered.Body, "error").ErrorType);
    }

    [Fact]
    public async Task The_Runtime_API_hands_events_only_to_the_hosts_it_started()
    {
        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(30));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // Another local process asking for the next event: the route without the token (as it was), a wrong token.
        // Each is refused at once instead of waiting for an event.
        foreach (var path in new[] { "worker/0", $"{new string('a', 64)}/worker/0" })
        {
            var next = await http.GetAsync($"{emulator.Endpoint}/{path}/2018-06-01/runtime/invocation/next");
            Assert.True(next.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)next.StatusCode}");
            var post = await http.PostAsync($"{emulator.Endpoint}/{path}/2018-06-01/runtime/invocation/some-id/response", new ByteArrayContent("{}"u8.ToArray()));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        // The real host still gets the event (nobody took it) and answers it.
        using var driver = new LambdaInvoker(emulator.Endpoint, "us-east-1", s_credentials, TimeSpan.FromSeconds(30), emulator.Token);
        var answered = await driver.InvokeAsync(emulator.FunctionName, "{ not json"u8.ToArray(), CancellationToken.None);
        Assert.Equal(200, answered.Status);
        Assert.Equal(FunctionErrorTypes.BadPayload, PayloadJson.Deserialize<FunctionError>(answered.Body, "error").ErrorType);
    }

    [Fact]
    public async Task A_host_without_configuration_fails_each_invocation_with_its_init_error()
    {
        // No HEPDSL_* variables: the hosts cannot start, and the driver hears why at once instead of waiting for a host.
        await using var emulator = HepDsl.Lambda.Emulator.LambdaEmulator.Start(new HepDsl.Lambda.Emulator.EmulatorOptions
        {
            FunctionName = "unconfigured",
            Workers = 1,
            Timeout = TimeSpan.FromSeconds(30),
            BootstrapPath = LambdaHost.Bootstrap,
            Environment = fixture.S3.WorkerEnvironment,
        });
        using var driver = new LambdaInvoker(emulator.Endpoint, "us-east-1", s_credentials, TimeSpan.FromSeconds(60), emulator.Token);
        var answered = await driver.InvokeAsync(emulator.FunctionName, "{}"u8.ToArray(), CancellationToken.None);
        Assert.Equal((200, "Unhandled"), (answered.Status, answered.FunctionError));
        var error = PayloadJson.Deserialize<FunctionError>(answered.Body, "error");
        Assert.Equal(FunctionErrorTypes.Misconfigured, error.ErrorType);
        Assert.Contains("HEPDSL_RESULTS_BUCKET is not set", error.ErrorMessage);
        Assert.True(FunctionErrorTypes.IsPermanent(error.ErrorType));
    }
}
