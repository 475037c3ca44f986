using System.Diagnostics;
using System.Text.Json;
using HepDsl.Lambda.Emulator;
using HepDsl.Lambda.Tests.Support;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// <c>hep run samples/adl/q6.hep --executor lambda</c> as a user types it: the real hep process compiles the .hep,
/// drives the emulator (its Invoke endpoint given with --endpoint) and the local S3 (--s3-endpoint), prints the
/// Lambda report and writes lambda-report.json; its histograms and cut-flow files equal a local <c>hep run</c>'s.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class CommandLineTests(ServerlessFixture fixture) : IDisposable
{
    private const int Partitions = 20;
    private readonly string _work = Directory.CreateTempSubdirectory("hepdsl-lambda-cli-").FullName;
    // The emulator's per-run token, given to hep in its environment as a user exports it.
    private string? _emulatorToken;

    private static string Hep => Path.Combine(AppContext.BaseDirectory, "hep.dll") is var p && File.Exists(p) ? p : throw new FileNotFoundException($"hep missing: {p}");

    private (int Exit, string Out, string Err) RunHep(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _work };
        info.ArgumentList.Add(Hep);
        foreach (var a in args) info.ArgumentList.Add(a);
        // What a user exports for a local S3 (the driver signs its Invoke requests with the same credentials).
        info.Environment["AWS_ACCESS_KEY_ID"] = LocalS3Server.AccessKey;
        info.Environment["AWS_SECRET_ACCESS_KEY"] = LocalS3Server.SecretKey;
        info.Environment["AWS_REGION"] = "us-east-1";
        info.Environment.Remove("AWS_SESSION_TOKEN");
        info.Environment.Remove("AWS_PROFILE");
        info.Environment["HEPDSL_CACHE"] = Path.Combine(_work, "cache");
        if (_emulatorToken is { } token) info.Environment["HEPDSL_EMULATOR_TOKEN"] = token;
        else info.Environment.Remove("HEPDSL_EMULATOR_TOKEN");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hep {string.Join(' ', args)} did not finish in 3 minutes");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public async Task Hep_run_with_the_lambda_executor_against_the_emulator_equals_a_local_hep_run()
    {
        var prefix = "runs/cli-" + Guid.NewGuid().ToString("N")[..8];
        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 1, prefix: prefix);
        _emulatorToken = emulator.Token;
        var q6 = AnalysisAssemblies.SamplePath("q6");
        var lambda = RunHep(["run", q6, "--executor", "lambda", "--function", emulator.FunctionName, "--bucket", ServerlessFixture.RunBucket,
            "--prefix", prefix, "--region", "us-east-1", "--endpoint", emulator.Endpoint, "--s3-endpoint", fixture.S3.Endpoint,
            "--concurrency", "3", "--partitions", Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--output", "out-lambda", "--input", .. fixture.Inputs]);
        Assert.True(lambda.Exit == 0, $"hep run --executor lambda exited {lambda.Exit}:{Environment.NewLine}{lambda.Out}{lambda.Err}");
        Assert.Contains($"Lambda '{emulator.FunctionName}': {Partitions} partition(s), 0 reused from earlier runs, {Partitions} invocation(s)", lambda.Out);
        Assert.Contains("failed attempts 0, throttled (429) 0", lambda.Out);
        Assert.Matches(@"fetched from storage by the hosts, [\d.]+ kB of it baskets", lambda.Out);
        // Redirected stderr gets plain progress lines; a Lambda run's carry the running cost estimate.
        Assert.Matches(@"q6: 600/600 events, 20/20 partitions, .* ETA 0s, est\. cost \$0\.\d{6} so far", lambda.Err);
        Assert.Contains("report: " + Path.Combine(_work, "out-lambda", "lambda-report.json"), lambda.Out);
        Assert.Equal(Partitions, emulator.Invocations);

        using (var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_work, "out-lambda", "lambda-report.json"))))
        {
            var root = report.RootElement;
            Assert.Equal(Partitions, root.GetProperty("partitions").GetInt32());
            Assert.Equal(Partitions, root.GetProperty("attempts").EnumerateArray().Count(a => a.GetProperty("outcome").GetString() == "ok"));
            Assert.InRange(root.GetProperty("coldStarts").GetInt32(), 1, 2);
            Assert.True(root.GetProperty("bytesRead").GetInt64() > 0);
            // Predicted (from a sample of the first input) next to measured; the cold starts broken down by the hosts.
            var prediction = root.GetProperty("prediction");
            Assert.Equal(Partitions, prediction.GetProperty("partitions").GetInt32());
            Assert.True(prediction.GetProperty("wallSeconds").GetDouble() > 0 && prediction.GetProperty("costUsd").GetDouble() > 0, prediction.ToString());
            Assert.True(root.GetProperty("measuredOverPredicted").GetDouble() > 0);
            var cold = root.GetProperty("coldStart");
            Assert.Equal(root.GetProperty("coldStarts").GetInt32(), cold.GetProperty("count").GetInt32());
            Assert.True(cold.GetProperty("firstEventMs").GetInt64() > 0 && cold.GetProperty("jitMs").GetInt64() > 0, cold.ToString());
        }
        Assert.Contains("predicted ", lambda.Out);
        Assert.Contains("cold start ms (median of ", lambda.Out);

        // The same bytes as local files, the same partitioning, the local executor.
        var data = File.ReadAllBytes(RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"));
        var locals = new[] { "a", "b", "c" }.Select(k => Path.Combine(_work, k + ".root")).ToList();
        foreach (var path in locals) File.WriteAllBytes(path, data);
        var local = RunHep(["run", q6, "--partitions", Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", "out-local", "--input", .. locals]);
        Assert.True(local.Exit == 0, $"local hep run exited {local.Exit}:{Environment.NewLine}{local.Out}{local.Err}");

        foreach (var file in new[] { "histograms.json", "cutflow.json" })
        {
            var fromLambda = File.ReadAllText(Path.Combine(_work, "out-lambda", file));
            Assert.Equal(File.ReadAllText(Path.Combine(_work, "out-local", file)), fromLambda);
            Assert.True(fromLambda.Length > 100, $"{file} is nearly empty: {fromLambda}");
        }
        // Not just empty histograms compared: Q6 fills both of its histograms on this ttbar sample.
        using var histograms = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_work, "out-lambda", "histograms.json")));
        foreach (var name in new[] { "trijet_pt", "trijet_btag" })
            Assert.True(histograms.RootElement.GetProperty(name).GetProperty("writer_info").GetProperty("hepdsl").GetProperty("entries").GetInt64() > 0, $"{name} is empty");
    }

    [Fact]
    public void Hep_lambda_plan_predicts_partitions_wall_time_and_cost_for_surveyed_and_described_datasets()
    {
        var q6 = AnalysisAssemblies.SamplePath("q6");
        var surveyed = RunHep(["lambda", "plan", q6, "--input", .. fixture.Inputs, "--s3-endpoint", fixture.S3.Endpoint, "--concurrency", "4",
            "--partitions", "12", "--json", "surveyed.json"]);
        Assert.True(surveyed.Exit == 0, $"hep lambda plan exited {surveyed.Exit}:{Environment.NewLine}{surveyed.Out}{surveyed.Err}");
        Assert.Contains("Lambda plan: 600 events in 12 partition(s), 4 in flight, 1769 MB x86_64", surveyed.Out);
        Assert.Contains("a sample of 200 event(s) of s3://hepdata/ttbar/a.root", surveyed.Out);

        // The ADL dataset on paper: 53.4 M events in 100 files at 100 and 3,000 in flight (above the default 1,000 limit).
        var paper = RunHep(["lambda", "plan", q6, "--input", RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"), "--events", "53400000", "--files", "100",
            "--concurrency", "100", "3000", "--json", "paper.json"]);
        Assert.True(paper.Exit == 0, $"hep lambda plan exited {paper.Exit}:{Environment.NewLine}{paper.Out}{paper.Err}");
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_work, "paper.json")));
        var plans = json.RootElement.GetProperty("plans").EnumerateArray().ToList();
        Assert.Equal(2, plans.Count);
        Assert.Equal((53_400_000L, 200, 100), (plans[0].GetProperty("events").GetInt64(), plans[0].GetProperty("partitions").GetInt32(), plans[0].GetProperty("concurrency").GetInt32()));
        Assert.Equal((1000, 1000), (plans[1].GetProperty("partitions").GetInt32(), plans[1].GetProperty("concurrency").GetInt32()));
        Assert.Contains("concurrency 3,000 is above the function's limit 1,000", paper.Out);
        // More functions: shorter, never cheaper (the same events plus more cold starts and invocations).
        Assert.True(plans[1].GetProperty("wallSeconds").GetDouble() < plans[0].GetProperty("wallSeconds").GetDouble(), paper.Out);
        Assert.True(plans[1].GetProperty("costUsd").GetDouble() >= plans[0].GetProperty("costUsd").GetDouble() * 0.99, paper.Out);

        var bad = RunHep(["lambda", "plan", q6, "--input", Path.Combine(_work, "missing.root")]);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("missing.root", bad.Err);
    }

    [Fact]
    public async Task Hep_lambda_serve_configures_its_hosts_and_prints_the_token_its_APIs_require()
    {
        var refused = RunHep("lambda", "serve", "--bucket", ServerlessFixture.RunBucket, "--inputs", "file:///etc");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("HEPDSL_INPUTS: input origin 'file:///etc' is not acceptable: scheme 'file://' is not accepted", refused.Err);

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _work };
        foreach (var a in new[] { Hep, "lambda", "serve", "--workers", "1", "--quiet", "--bucket", ServerlessFixture.RunBucket,
                     "--inputs", $"s3://{ServerlessFixture.DataBucket}/", "--s3-endpoint", fixture.S3.Endpoint })
            info.ArgumentList.Add(a);
        using var serve = Process.Start(info)!;
        try
        {
            var endpoint = (await serve.StandardOutput.ReadLineAsync())!;
            var token = (await serve.StandardOutput.ReadLineAsync())!;
            Assert.StartsWith("endpoint=http://127.0.0.1:", endpoint);
            Assert.Matches("^token=[0-9a-f]{64}$", token);
            var credentials = new Amazon.Runtime.BasicAWSCredentials(LocalS3Server.AccessKey, LocalS3Server.SecretKey);
            using var stranger = new Runtime.Distributed.LambdaInvoker(endpoint["endpoint=".Length..], "us-east-1", credentials, TimeSpan.FromSeconds(60));
            Assert.Equal(403, (await stranger.InvokeAsync("hepdsl", "{}"u8.ToArray(), CancellationToken.None)).Status);
            using var driver = new Runtime.Distributed.LambdaInvoker(endpoint["endpoint=".Length..], "us-east-1", credentials, TimeSpan.FromSeconds(60), token["token=".Length..]);
            var answer = await driver.InvokeAsync("hepdsl", "{}"u8.ToArray(), CancellationToken.None);
            Assert.Equal((200, "Unhandled"), (answer.Status, answer.FunctionError));
            // A configured host answered (a misconfigured one would say HepDsl.Misconfigured).
            Assert.Contains(Runtime.Distributed.FunctionErrorTypes.BadPayload, System.Text.Encoding.UTF8.GetString(answer.Body));
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
