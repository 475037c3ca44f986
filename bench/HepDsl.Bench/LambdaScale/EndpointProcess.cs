using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using HepDsl.Lambda.Simulator;
using HepDsl.Runtime.IO;

namespace HepDsl.Bench.LambdaScale;

/// <summary>
/// The simulated Invoke endpoint in a child process of this benchmark (mode 'lambda-scale-endpoint'), so the driver's
/// CPU and memory are measured alone. Protocol on its standard streams: it prints <c>endpoint=URL</c> when listening;
/// a line on its stdin stops it, and it prints <c>counts=JSON</c> (<see cref="SimulationCounts"/>) before exiting.
/// </summary>
internal sealed class EndpointProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EndpointProcess(Process process, string endpoint, string? s3Endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        S3Endpoint = s3Endpoint;
    }

    public string Endpoint { get; }
    /// <summary>With <c>--results s3</c>: the S3 endpoint in front of s3rver that keeps results in memory (<see cref="ResultObjectsInMemory"/>).</summary>
    public string? S3Endpoint { get; }
    public int ProcessId => _process.Id;

    public static EndpointProcess Start(string resultsFile, LambdaScaleBenchmark.Settings settings, S3Options? store)
    {
        var settingsFile = resultsFile + ".settings.json";
        File.WriteAllText(settingsFile, JsonSerializer.Serialize(new ChildSettings(settings, store)));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        info.ArgumentList.Add("lambda-scale-endpoint");
        info.ArgumentList.Add(resultsFile);
        info.ArgumentList.Add(settingsFile);
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the simulated endpoint");
        var line = process.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("endpoint=", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"the simulated endpoint did not start: '{line}'");
        }
        string? s3 = null;
        if (settings.Results == "s3")
        {
            var s3Line = process.StandardOutput.ReadLine();
            if (s3Line is null || !s3Line.StartsWith("s3=", StringComparison.Ordinal))
            {
                process.Kill();
                throw new InvalidOperationException($"the simulated endpoint did not start its result store: '{s3Line}'");
            }
            s3 = s3Line["s3=".Length..];
        }
        return new EndpointProcess(process, line["endpoint=".Length..], s3);
    }

    public async Task<SimulationCounts> StopAsync()
    {
        await _process.StandardInput.WriteLineAsync("stop");
        await _process.StandardInput.FlushAsync();
        string? line;
        while ((line = await _process.StandardOutput.ReadLineAsync()) is not null)
            if (line.StartsWith("counts=", StringComparison.Ordinal))
                return JsonSerializer.Deserialize<SimulationCounts>(line["counts=".Length..])!;
        throw new InvalidOperationException("the simulated endpoint exited without its counts");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.StandardInput.Close(); } catch (IOException) { }
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private sealed record ChildSettings(LambdaScaleBenchmark.Settings Settings, S3Options? Store);

    /// <summary>The child's side: mode 'lambda-scale-endpoint RESULTS SETTINGS'.</summary>
    public static int RunChild(string[] args)
    {
        var child = JsonSerializer.Deserialize<ChildSettings>(File.ReadAllText(args[1]))!;
        var results = PartitionResults.Load(args[0]);
        var front = child.Store is { ServiceUrl: { } upstream } && child.Settings.Results == "s3" ? ResultObjectsInMemory.Start(upstream) : null;
        using var store = child.Store is { } s ? S3ClientFactory.Create(front is null ? s : s with { ServiceUrl = front.Endpoint }) : null;
        var simulator = SimulatedLambda.Start(child.Settings.Simulation, results, store);
        Console.WriteLine($"endpoint={simulator.Endpoint}");
        if (front is not null) Console.WriteLine($"s3={front.Endpoint}");
        Console.Out.Flush();
        Console.In.ReadLine();
        if (front is not null)
        {
            Console.Error.WriteLine($"lambda-scale endpoint: {front.Counts}");
            front.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        var counts = simulator.Counts;
        simulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine("counts=" + JsonSerializer.Serialize(counts));
        return 0;
    }
}
