using System.CommandLine;
using HepDsl.Compiler;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep run --executor lambda</c>: the compiled analysis runs on AWS Lambda (or <c>hep lambda serve</c>) through the
/// distributed driver; the Lambda report is printed and written as lambda-report.json beside the other outputs.
/// </summary>
internal sealed class LambdaRunExecutor(DistributedOptions options, string? output, string? profilePath = null, bool predict = true) : RunCommand.IRunExecutor
{
    private static readonly Option<string?> s_function = new("--function") { Description = "lambda executor: function running the HepDsl host" };
    private static readonly Option<string?> s_bucket = new("--bucket") { Description = "lambda executor: bucket for the analysis assembly and partial results" };
    private static readonly Option<string> s_prefix = new("--prefix") { Description = "lambda executor: key prefix in the bucket", DefaultValueFactory = _ => "hepdsl" };
    private static readonly Option<string?> s_region = new("--region") { Description = "lambda executor: AWS region (default: AWS_REGION / profile)" };
    private static readonly Option<int> s_concurrency = new("--concurrency") { Description = "lambda executor: invocations in flight", DefaultValueFactory = _ => 64 };
    private static readonly Option<string?> s_endpoint = new("--endpoint") { Description = "lambda executor: Invoke API endpoint (e.g. hep lambda serve's)" };
    private static readonly Option<string?> s_s3Endpoint = new("--s3-endpoint") { Description = "S3 endpoint for s3:// inputs and results (path-style), e.g. a local s3rver" };
    private static readonly Option<string> s_arch = new("--arch") { Description = "lambda executor: function architecture for the cost estimate (x86_64, arm64)", DefaultValueFactory = _ => LambdaPricing.X86 };
    private static readonly Option<int> s_memory = new("--memory") { Description = "lambda executor: the function's memory (MB): a run whose histograms cannot fit is refused before invoking; the cost estimate when the host does not report it", DefaultValueFactory = _ => 1769 };
    private static readonly Option<int> s_maxResult = new("--max-result-mb") { Description = "lambda executor: largest stored partial result (MB) the driver downloads", DefaultValueFactory = _ => (int)(DistributedOptions.DefaultMaxResultBytes >> 20) };

    /// <summary>The variable holding <c>hep lambda serve</c>'s per-run token for the driver.</summary>
    public const string EmulatorTokenVariable = "HEPDSL_EMULATOR_TOKEN";

    private static readonly Option<string?> s_profile = new("--profile") { Description = "lambda executor: predict the run from an earlier run's lambda-report.json (default: from a sample of the first input)" };
    private static readonly Option<bool> s_noPrediction = new("--no-prediction") { Description = "lambda executor: do not sample the data to predict the run" };

    public static IEnumerable<Option> Options => [s_function, s_bucket, s_prefix, s_region, s_concurrency, s_endpoint, s_s3Endpoint, s_arch, s_memory, s_maxResult, s_profile, s_noPrediction];

    public static LambdaRunExecutor From(ParseResult parse, string? tree, int? partitions, string? output)
    {
        var function = parse.GetValue(s_function) ?? throw new ArgumentException("--executor lambda needs --function");
        var bucket = parse.GetValue(s_bucket) ?? throw new ArgumentException("--executor lambda needs --bucket");
        if (parse.GetValue(s_concurrency) < 1) throw new ArgumentException("--concurrency must be at least 1");
        if (parse.GetValue(s_maxResult) < 1) throw new ArgumentException("--max-result-mb must be at least 1");
        var region = parse.GetValue(s_region);
        var s3 = parse.GetValue(s_s3Endpoint) is { } s3Endpoint
            ? new S3Options { ServiceUrl = s3Endpoint, ForcePathStyle = true, Region = region ?? "us-east-1" }
            : S3Options.FromEnvironment() with { Region = region ?? S3Options.FromEnvironment().Region };
        return new LambdaRunExecutor(new DistributedOptions
        {
            Function = function,
            Bucket = bucket,
            Prefix = parse.GetValue(s_prefix)!,
            Region = region ?? s3.Region,
            Endpoint = parse.GetValue(s_endpoint),
            // From the environment, never the command line: other local users can read a process' arguments.
            EmulatorToken = Environment.GetEnvironmentVariable(EmulatorTokenVariable) is { Length: > 0 } token ? token : null,
            S3 = s3,
            Tree = tree,
            Concurrency = parse.GetValue(s_concurrency),
            Partitions = partitions,
            Architecture = parse.GetValue(s_arch)!,
            MemoryMb = parse.GetValue(s_memory),
            MaxResultBytes = (long)parse.GetValue(s_maxResult) << 20,
        }, output, parse.GetValue(s_profile), !parse.GetValue(s_noPrediction));
    }

    public async Task<RunOutcome> RunAsync(CompiledAnalysis compiled, IAnalysis analysis, IReadOnlyList<string> inputs,
        IProgress<RunProgress> progress, CancellationToken cancellationToken)
    {
        var directory = output ?? Path.Combine("hep-output", analysis.Info.Name);
        try
        {
            var run = options with { Profile = await ProfileAsync(analysis, inputs, cancellationToken) };
            var outcome = await DistributedExecutor.RunAsync(compiled.Assembly, analysis, inputs, run, progress, cancellationToken);
            Write(directory, outcome.Report);
            return outcome.Run;
        }
        catch (DistributedRunException e)
        {
            Write(directory, e.Report);
            throw;
        }
    }

    // The figures hep lambda plan would use, so lambda-report.json shows the prediction next to the measurement.
    private async Task<LambdaProfile?> ProfileAsync(IAnalysis analysis, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        if (profilePath is not null)
        {
            try { return LambdaProfile.FromReport(PayloadJson.Deserialize<LambdaReport>(await File.ReadAllBytesAsync(profilePath, cancellationToken), profilePath), profilePath); }
            catch (InvalidDataException e) { throw new IOException($"--profile {profilePath}: {e.Message}"); }
        }
        if (!predict) return null;
        var first = InputGlobs.Expand(inputs).FirstOrDefault();
        if (first is null) return null;
        try
        {
            return await Task.Run(() => SampleProfiler.Measure(analysis, first, options.Tree ?? analysis.Info.TreeName, 20_000,
                new ByteSourceOptions { S3 = options.S3 }, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is HepDataException or IOException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            Console.Error.WriteLine($"hep: no prediction: sampling {first} failed: {e.Message}"); // the run itself reports the problem properly
            return null;
        }
    }

    private static void Write(string directory, LambdaReport report)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "lambda-report.json");
        File.WriteAllText(path, report.ToJson());
        Console.WriteLine();
        Console.WriteLine(report.ToText());
        Console.WriteLine($"  report: {Path.GetFullPath(path)}");
    }
}
