using HepDsl.Analyses;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Output;
using HepDsl.Runtime.Output.Json;

// Runs HepAnalysis.hep (compiled into HepAnalysisAnalysis at build time) over ROOT files on all cores:
//   dotnet run -- --input FILE.root [FILE.root ...] [--output DIR]
// Inputs may be local paths, directories, globs, http(s):// or s3:// URLs.
var inputs = new List<string>();
var output = "out";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--input" or "-i":
            while (i + 1 < args.Length && !args[i + 1].StartsWith('-')) inputs.Add(args[++i]);
            break;
        case "--output" or "-o" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'");
            return 2;
    }
}
if (inputs.Count == 0)
{
    Console.Error.WriteLine("usage: dotnet run -- --input FILE.root [FILE.root ...] [--output DIR]");
    return 2;
}

try
{
    var outcome = await LocalExecutor.RunAsync(new HepAnalysisAnalysis(), inputs, new LocalRunOptions());
    Console.WriteLine($"{outcome.Entries:N0} events in {outcome.Elapsed.TotalSeconds:F1} s on {outcome.Workers} workers");
    Console.WriteLine(CutflowReport.ToTable(outcome.Result.Cutflow));
    foreach (var path in ResultOutputs.WriteAll(outcome.Result, output)) Console.WriteLine($"wrote {path}");
    return 0;
}
catch (Exception e) when (e is HepDsl.Runtime.HepDataException or PartitionFailedException or IOException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
