using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Tests;

/// <summary>What the driver refuses on its own side: keys outside its bucket and prefix, answers larger than Lambda's.</summary>
[Collection(ServerlessCollection.Name)]
public sealed class DriverLimitsTests(ServerlessFixture fixture)
{
    [Theory]
    [InlineData("../escape", "has a '..' segment")]
    [InlineData("runs/../../escape", "has a '..' segment")]
    [InlineData("/absolute", "starts with '/'")]
    [InlineData("a//b", "has an empty segment")]
    [InlineData("runs/./x", "has a '.' segment")]
    [InlineData("runs\\..\\x", "contains '\\'")]
    public async Task A_results_prefix_outside_the_bucket_is_refused_before_anything_is_stored(string prefix, string problem)
    {
        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(30));
        var options = fixture.Options(emulator, partitions: 1) with { Prefix = prefix };
        var q6 = AnalysisAssemblies.Q6;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, fixture.Inputs, options));
        Assert.StartsWith($"results prefix '{prefix}' is not acceptable: {problem}", error.Message);
        Assert.Equal(0, emulator.Invocations);
        Assert.False(fixture.S3.Exists(ServerlessFixture.RunBucket, $"{prefix.Trim('/')}/analyses/{DistributedKeys.Sha256Hex(q6.Bytes)}.dll"));
    }

    [Fact]
    public async Task An_Invoke_answer_larger_than_Lambdas_limit_fails_the_attempt_without_being_buffered()
    {
        // A hostile or broken endpoint answering 64 MB (Lambda never sends more than 6 MB): the driver stops reading
        // past the limit and fails that attempt; the server cannot deliver the rest.
        const long Total = 64L * 1024 * 1024;
        long sent = 0;
        using var endpoint = new CountingHttpServer(async context =>
        {
            context.Response.SendChunked = true;
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (long n = 0; n < Total; n += chunk.Length)
            {
                await context.Response.OutputStream.WriteAsync(chunk);
                Interlocked.Add(ref sent, chunk.Length);
            }
            return Total;
        });
        await using var emulator = fixture.StartEmulator(workers: 1, timeout: TimeSpan.FromSeconds(30)); // only for a prefix its hosts would use
        var options = fixture.Options(emulator, partitions: 1) with { Endpoint = endpoint.Url, MaxAttemptsPerPartition = 1 };
        var q6 = AnalysisAssemblies.Q6;
        var error = await Assert.ThrowsAsync<DistributedRunException>(() => DistributedExecutor.RunAsync(q6.Bytes, q6.Analysis, [fixture.Inputs[0]], options));
        Assert.Contains($"the Invoke response is larger than Lambda's {LambdaInvoker.MaxResponseBytes}-byte (6 MB) limit for synchronous invocations; stopped reading after {LambdaInvoker.MaxResponseBytes + 1} bytes", error.Message);
        Assert.Contains("(after 1 attempts)", error.Message);
        Assert.NotEmpty(endpoint.Requests);
        await Task.Delay(500);
        Assert.True(Interlocked.Read(ref sent) < Total / 2, $"the server sent {Interlocked.Read(ref sent)} of {Total} bytes: the driver kept reading");

        // A declared length over the limit is refused before a byte of the body is read.
        using var declared = new CountingHttpServer(async context =>
        {
            context.Response.ContentLength64 = 300L * 1024 * 1024;
            await context.Response.OutputStream.WriteAsync(new byte[1024]);
            return 1024;
        });
        using var invoker = new LambdaInvoker(declared.Url, "us-east-1", new Amazon.Runtime.BasicAWSCredentials("AKID", "secret"), TimeSpan.FromSeconds(30));
        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => invoker.InvokeAsync("f", "{}"u8.ToArray(), CancellationToken.None));
        Assert.Contains($"declares {300L * 1024 * 1024} bytes, more than Lambda's {LambdaInvoker.MaxResponseBytes}-byte (6 MB) limit", refused.Message);
    }
}
