using HepDsl.Lambda.Host;
using HepDsl.Runtime.IO;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// The host's init warm-up (<see cref="InitWarmUp"/>): it builds the S3 client the first invocation will use and runs
/// the SDK's GET and PUT paths against in-process answers, so nothing leaves the container, nothing is written and an
/// unreachable S3 cannot slow or stop the start. Its effect on the cold start is measured by the lambda-cold bench.
/// </summary>
public sealed class InitWarmUpTests
{
    private static HostSettings Settings(string endpoint) => new()
    {
        ResultsBucket = "results",
        Prefix = "hepdsl",
        Inputs = InputAllowList.Parse("s3://data/ntuples/"),
        S3Endpoint = endpoint,
        Region = "eu-west-1",
    };

    [Fact]
    public async Task Warm_up_builds_the_first_invocations_client_and_sends_nothing_over_the_network()
    {
        // Port 1 on loopback: nothing listens there, so a request that left the process would fail (and be logged as stopped).
        var settings = Settings("http://127.0.0.1:1");
        var built = new List<S3Options>();
        var clients = new List<Amazon.S3.AmazonS3Client>();
        var (ms, account) = await InitWarmUp.RunAsync(settings, o => { built.Add(o); var c = S3ClientFactory.Create(o); clients.Add(c); return c; }, CancellationToken.None);
        try
        {
            // With credentials in the environment (as on Lambda, and in ColdStartTests' host processes) both requests are
            // answered in-process; without any, the SDK stops before sending. Never a connection attempt to port 1.
            // (A loaded machine may stop it at its budget instead: no test asserts speed.)
            Assert.True(account.Contains("S3 rehearsal (2 in-process answers)", StringComparison.Ordinal)
                || account.Contains("stopped (AmazonClientException: Failed to resolve AWS credentials", StringComparison.Ordinal)
                || account.Contains($"stopped at its {InitWarmUp.Budget.TotalSeconds:0} s budget", StringComparison.Ordinal), account);
            Assert.DoesNotContain("127.0.0.1", account);
            Assert.True(ms >= 0, $"{ms} ms");
            // Exactly the options an invocation naming the configured endpoint gets, so the cached client is reused.
            var only = Assert.Single(built);
            Assert.Equal(settings.S3For(new Runtime.Distributed.PayloadS3Options { ServiceUrl = "http://127.0.0.1:1" }), only);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData(" OFF ", false)]
    public void Warm_up_runs_unless_switched_off(string? value, bool enabled) =>
        Assert.Equal(enabled, InitWarmUp.Enabled(name => name == InitWarmUp.Variable ? value : null));
}
