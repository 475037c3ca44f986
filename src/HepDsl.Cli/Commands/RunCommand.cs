using System.CommandLine;
using System.Globalization;
using HepDsl.Cli.Progress;
using HepDsl.Compiler;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Output;
using HepDsl.Runtime.Output.Json;
using HepDsl.Runtime;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep run ANALYSIS.hep --input ...</c>: compile (cached), check the inputs' branches, run with progress, print the
/// cut-flow and a summary, write the outputs. Which executor runs it is decided in <see cref="ChooseExecutor"/> only.
/// </summary>
internal static class RunCommand
{
    /// <summary>Executors <c>--executor</c> accepts; add a name here and a branch in <see cref="ChooseExecutor"/>.</summary>
    private static readonly string[] s_executors = ["local", "lambda"];

    private static readonly Argument<string> s_analysis = new("analysis") { Description = "The .hep analysis file" };

    private static readonly Option<string[]> s_inputs = new("--input", "-i")
    {
        Description = "Input ROOT files: paths, globs (data/*.root, root://host//dir/*.root), http(s)://, s3:// or root:// URLs",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string?> s_tree = new("--tree") { Description = "Tree to read (default: the analysis' tree)" };
    private static readonly Option<string?> s_output = new("--output", "-o") { Description = "Output folder (default: ./hep-output/<analysis>)" };
    private static readonly Option<int?> s_workers = new("--workers") { Description = "Worker threads (default: one per core)" };
    private static readonly Option<int?> s_partitions = new("--partitions") { Description = "Partitions to cut the inputs into (default: from clusters and workers)" };

    private static readonly Option<string> s_executor = new("--executor")
    {
        Description = "Where to run: " + string.Join(", ", s_executors),
        DefaultValueFactory = _ => "local",
    };

    public static Command Create()
    {
        s_executor.AcceptOnlyFromAmong(s_executors);
        var command = new Command("run", "Compile an analysis and run it over input files");
        command.Arguments.Add(s_analysis);
        foreach (var option in new Option[] { s_inputs, s_tree, s_output, s_workers, s_partitions, s_executor })
            command.Options.Add(option);
        foreach (var option in LambdaRunExecutor.Options) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    /// <summary>Runs a compiled analysis over inputs somewhere; every executor returns the same outcome.</summary>
    internal interface IRunExecutor
    {
        Task<RunOutcome> RunAsync(CompiledAnalysis compiled, IAnalysis analysis, IReadOnlyList<string> inputs,
            IProgress<RunProgress> progress, CancellationToken cancellationToken);
    }

    /// <summary>The one place an executor is chosen from the command line.</summary>
    private static IRunExecutor ChooseExecutor(ParseResult parse) => parse.GetValue(s_executor) switch
    {
        "local" => new LocalRunExecutor(new LocalRunOptions
        {
            Tree = parse.GetValue(s_tree),
            Workers = parse.GetValue(s_workers),
            Partitions = parse.GetValue(s_partitions),
        }),
        "lambda" => LambdaRunExecutor.From(parse, parse.GetValue(s_tree), parse.GetValue(s_partitions), parse.GetValue(s_output)),
        var other => throw new ArgumentException($"unknown executor '{other}'"),
    };

    private sealed class LocalRunExecutor(LocalRunOptions options) : IRunExecutor
    {
        public Task<RunOutcome> RunAsync(CompiledAnalysis compiled, IAnalysis analysis, IReadOnlyList<string> inputs,
            IProgress<RunProgress> progress, CancellationToken cancellationToken) =>
            LocalExecutor.RunAsync(analysis, inputs, options, progress, cancellationToken);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var hepPath = parse.GetValue(s_analysis)!;
        try
        {
            if (parse.GetValue(s_workers) is < 1) throw new ArgumentException("--workers must be at least 1");
            if (parse.GetValue(s_partitions) is < 1) throw new ArgumentException("--partitions must be at least 1");
            var executor = ChooseExecutor(parse);

            var compiled = AnalysisCompiler.Compile(hepPath);
            foreach (var warning in compiled.Diagnostics) Console.Error.WriteLine(warning);
            var analysis = compiled.Create();
            Console.Error.WriteLine($"hep: analysis '{analysis.Info.Name}' {(compiled.FromCache ? "loaded from cache" : "compiled")} ({compiled.Hash[..12]})");

            var outcome = await ProgressDisplay.RunAsync(analysis.Info.Name,
                progress => executor.RunAsync(compiled, analysis, parse.GetValue(s_inputs)!, progress, cancellationToken));

            Console.WriteLine();
            Console.WriteLine(CutflowReport.ToTable(outcome.Result.Cutflow));
            Console.WriteLine();
            Console.WriteLine(Summary(outcome));

            var output = parse.GetValue(s_output) ?? Path.Combine("hep-output", analysis.Info.Name);
            var written = ResultOutputs.WriteAll(outcome.Result, output);
            Console.WriteLine();
            Console.WriteLine($"Wrote {written.Count} file(s) to {Path.GetFullPath(output)}:");
            foreach (var file in written) Console.WriteLine($"  {Path.GetRelativePath(output, file)}");
            return 0;
        }
        catch (AnalysisCompileException e)
        {
            foreach (var d in e.Diagnostics) Console.Error.WriteLine(d);
            Console.Error.WriteLine($"hep: {hepPath}: {e.Diagnostics.Count(d => d.IsError)} error(s); nothing was run");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("hep: run cancelled");
            return 1;
        }
        catch (Exception e) when (e is HepDataException or IOException or ArgumentException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"hep: error: {e.Message}");
            // For bug reports: the whole exception chain with stack traces.
            if (Environment.GetEnvironmentVariable("HEP_STACKTRACE") == "1") Console.Error.WriteLine(e);
            return 1;
        }
    }

    private static string Summary(RunOutcome o) => string.Create(CultureInfo.InvariantCulture,
        $"{o.Entries:N0} events from {o.Inputs.Count} input(s) in {o.Partitions.Count} partition(s) on {o.Workers} worker(s): " +
        $"{RunProgressText.Duration(o.Elapsed)}, {o.EventsPerSecond:N0} events/s, {RunProgressText.Bytes(o.BytesRead)} read");
}
