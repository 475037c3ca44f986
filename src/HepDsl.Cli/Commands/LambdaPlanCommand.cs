using System.CommandLine;
using System.Globalization;
using HepDsl.Compiler;
using HepDsl.Runtime;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep lambda plan</c>: before a run, the partitions, predicted wall time and cost of running an analysis on Lambda
/// for a dataset (surveyed, or described by its event and file counts), a concurrency and a memory size, from the event
/// rate measured on a sample of the data (or an earlier run's lambda-report.json) and cold-start figures.
/// </summary>
internal static class LambdaPlanCommand
{
    public static Command Create()
    {
        var analysisArg = new Argument<string>("analysis") { Description = "The .hep file" };
        var inputs = new Option<string[]>("--input", "-i") { Description = "Inputs (local, http(s)://, s3://): surveyed for the plan, the first one sampled for the rate", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true };
        var tree = new Option<string?>("--tree") { Description = "Tree to read (default: the analysis' tree)" };
        var concurrency = new Option<int[]>("--concurrency") { Description = "Invocations in flight (several: one plan each)", DefaultValueFactory = _ => [64], AllowMultipleArgumentsPerToken = true };
        var memory = new Option<int>("--memory") { Description = "Function memory (MB); CPU share is memory / 1769", DefaultValueFactory = _ => 1769 };
        var arch = new Option<string>("--arch") { Description = "x86_64 or arm64 (prices)", DefaultValueFactory = _ => LambdaPricing.X86 };
        arch.AcceptOnlyFromAmong(LambdaPricing.X86, LambdaPricing.Arm64);
        var partitions = new Option<int?>("--partitions") { Description = "Partitions (default: as the driver chooses)" };
        var events = new Option<long?>("--events") { Description = "Plan for a dataset of this many events (spread over --files) instead of surveying the inputs" };
        var files = new Option<int>("--files") { Description = "With --events: files in the described dataset", DefaultValueFactory = _ => 1 };
        var sample = new Option<long>("--sample-events") { Description = "Events of the first input the rate is measured on", DefaultValueFactory = _ => 20_000 };
        var profile = new Option<string?>("--profile") { Description = "Take the figures from an earlier run's lambda-report.json instead of a sample" };
        var cold = new Option<double?>("--cold-start") { Description = "Cold start seconds (default: the profile's, 0.8 s for a sample)" };
        var overhead = new Option<double?>("--overhead") { Description = "Seconds per invocation outside the event loop (default: the profile's, 0.15 s for a sample)" };
        var rate = new Option<double?>("--rate") { Description = "Events/s of the analysis on one vCPU, measured elsewhere (instead of a sample; the input is then not read)" };
        var bytesPerEvent = new Option<double?>("--bytes-per-event") { Description = "With --rate: compressed basket bytes the analysis reads per event" };
        var driverRate = new Option<double?>("--driver-rate") { Description = "Invocations/s the driver sustains (default 1000; see docs/performance.md, lambda-scale)" };
        var limit = new Option<int>("--limit") { Description = "The function's concurrency limit (AWS default account limit 1000)", DefaultValueFactory = _ => 1000 };
        var s3Endpoint = new Option<string?>("--s3-endpoint") { Description = "S3 endpoint for s3:// inputs (path-style), e.g. a local s3rver" };
        var region = new Option<string?>("--region") { Description = "AWS region" };
        var json = new Option<string?>("--json") { Description = "Also write the plan(s) as JSON to this file" };
        var command = new Command("plan", "Predict partitions, wall time and cost of a Lambda run before starting it");
        command.Arguments.Add(analysisArg);
        foreach (var o in new Option[] { inputs, tree, concurrency, memory, arch, partitions, events, files, sample, profile, rate, bytesPerEvent, driverRate, cold, overhead, limit, s3Endpoint, region, json })
            command.Options.Add(o);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var compiled = AnalysisCompiler.Compile(parse.GetValue(analysisArg)!);
                var analysis = compiled.Create();
                var treeName = parse.GetValue(tree) ?? analysis.Info.TreeName;
                var locations = InputGlobs.Expand(parse.GetValue(inputs) ?? []);
                bool describedWithRate = parse.GetValue(events) is not null && (parse.GetValue(rate) is not null || parse.GetValue(profile) is not null);
                if (locations.Count == 0 && !describedWithRate)
                    throw new ArgumentException("--input names no file: one is needed to survey, or to measure the rate on (or give --events with --rate or --profile)");
                var s3 = parse.GetValue(s3Endpoint) is { } url
                    ? new S3Options { ServiceUrl = url, ForcePathStyle = true, Region = parse.GetValue(region) ?? "us-east-1" }
                    : S3Options.FromEnvironment() with { Region = parse.GetValue(region) ?? S3Options.FromEnvironment().Region };
                var sourceOptions = new ByteSourceOptions { S3 = s3 };

                var figures = parse.GetValue(profile) is { } reportPath
                    ? LambdaProfile.FromReport(ReadReport(reportPath), reportPath)
                    : parse.GetValue(rate) is { } given
                    ? new LambdaProfile { EventsPerSecond = given > 0 ? given : throw new ArgumentException("--rate must be positive"), BasketBytesPerEvent = parse.GetValue(bytesPerEvent) ?? 0, Source = "--rate" }
                    : await Task.Run(() => SampleProfiler.Measure(analysis, locations[0], treeName, parse.GetValue(sample), sourceOptions, cancellationToken), cancellationToken);
                if (parse.GetValue(cold) is { } c) figures = figures with { ColdStartSeconds = c };
                if (parse.GetValue(overhead) is { } o) figures = figures with { InvocationOverheadSeconds = o };
                if (parse.GetValue(driverRate) is { } d) figures = figures with { DriverInvocationsPerSecond = d };

                IReadOnlyList<InputShape>? shapes = parse.GetValue(events) is null
                    ? await Task.Run(() => InputSurvey.Survey(analysis.Info, locations, treeName, EventSources.Opener(sourceOptions), Math.Min(16, locations.Count), null, cancellationToken), cancellationToken)
                    : null;
                var plans = new List<LambdaPlan>();
                foreach (var n in parse.GetValue(concurrency)!)
                {
                    if (n < 1) throw new ArgumentException("--concurrency must be at least 1");
                    var planned = shapes is not null
                        ? Partitioner.Plan(shapes, PartitionTarget.Partitions(parse.GetValue(partitions) ?? LambdaPlanner.DefaultPartitions(n, shapes.Sum(s => s.Clusters.Count))))
                        : LambdaPlanner.Describe(parse.GetValue(events)!.Value, parse.GetValue(files), parse.GetValue(partitions) ?? LambdaPlanner.DefaultPartitions(n, parse.GetValue(files)));
                    var plan = LambdaPlanner.Plan(planned, figures, n, parse.GetValue(memory), parse.GetValue(arch)!, new LambdaLimits { ConcurrencyLimit = parse.GetValue(limit) });
                    plans.Add(plan);
                    Console.WriteLine(plan.ToText());
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  rate {figures.EventsPerSecond:N0} events/s per vCPU, {figures.BasketBytesPerEvent:F0} basket bytes/event, cold start {figures.ColdStartSeconds:F2} s, {figures.InvocationOverheadSeconds:F2} s per invocation outside the event loop"));
                if (parse.GetValue(json) is { } jsonPath)
                    File.WriteAllText(jsonPath, System.Text.Json.JsonSerializer.Serialize(new { profile = figures, plans }, new System.Text.Json.JsonSerializerOptions(PayloadJson.Options) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                return 0;
            }
            catch (AnalysisCompileException e)
            {
                foreach (var d in e.Diagnostics) Console.Error.WriteLine(d);
                return 1;
            }
            catch (Exception e) when (e is HepDataException or IOException or ArgumentException or InvalidOperationException or Amazon.Runtime.AmazonServiceException)
            {
                Console.Error.WriteLine($"hep: error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static LambdaReport ReadReport(string path)
    {
        try { return PayloadJson.Deserialize<LambdaReport>(File.ReadAllBytes(path), path); }
        catch (InvalidDataException e) { throw new IOException($"{path} is not a lambda-report.json: {e.Message}"); }
    }
}
