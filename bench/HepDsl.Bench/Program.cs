using HepDsl.Bench.HandWritten;
using HepDsl.Bench.JsRoot;
using HepDsl.Bench.Queries;
using HepDsl.Bench.Reader;
using HepDsl.Bench.Scaling;

// Benchmarks, chosen by the first argument: dotnet run -c Release --project bench/HepDsl.Bench -- <mode> [args]
// Add a mode with one line below.
var modes = new Dictionary<string, (string Help, Func<string[], int> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["reader"] = ("TTree reader throughput next to pure decompression [data-folder] [runs]", ReaderBenchmark.Run),
    ["rntuple-decode"] = (NTupleDecodeBenchmark.Help, NTupleDecodeBenchmark.Run),
    ["queries"] = (QueryBenchmark.Help, QueryBenchmark.Run),
    ["rntuple"] = (NTupleQueryBenchmark.Help, NTupleQueryBenchmark.Run),
    ["handwritten"] = (HandWrittenBenchmark.Help, HandWrittenBenchmark.Run),
    ["jsroot"] = (JsRootBenchmark.Help, JsRootBenchmark.Run),
    ["scaling"] = (ScalingBenchmark.Help, ScalingBenchmark.Run),
    ["dataset"] = (HepDsl.Bench.Dataset.DatasetBenchmark.Help, HepDsl.Bench.Dataset.DatasetBenchmark.Run),
    ["hotloop"] = (HotLoop.Help, HotLoop.Run),
    ["profile"] = (HepDsl.Bench.Profile.ProfileBenchmark.Help, HepDsl.Bench.Profile.ProfileBenchmark.Run),
    ["lambda"] = (HepDsl.Bench.Lambda.LambdaBenchmark.Help, HepDsl.Bench.Lambda.LambdaBenchmark.Run),
    ["lambda-scale"] = (HepDsl.Bench.LambdaScale.LambdaScaleBenchmark.Help, HepDsl.Bench.LambdaScale.LambdaScaleBenchmark.Run),
    ["lambda-cold"] = (HepDsl.Bench.Lambda.LambdaColdBenchmark.Help, HepDsl.Bench.Lambda.LambdaColdBenchmark.Run),
    ["lambda-plan"] = (HepDsl.Bench.LambdaScale.LambdaPaperPlan.Help, HepDsl.Bench.LambdaScale.LambdaPaperPlan.Run),
    ["lambda-scale-endpoint"] = ("(internal) the simulated Invoke endpoint lambda-scale starts: RESULTS-FILE SETTINGS-FILE", HepDsl.Bench.LambdaScale.EndpointProcess.RunChild),
    ["xrootd"] = (HepDsl.Bench.Remote.XRootDBenchmark.Help, HepDsl.Bench.Remote.XRootDBenchmark.Run),
    ["agc"] = (HepDsl.Bench.Agc.AgcBenchmark.Help, HepDsl.Bench.Agc.AgcBenchmark.Run),
};

if (args.Length == 0 || !modes.TryGetValue(args[0], out var mode))
{
    Console.Error.WriteLine(args.Length == 0 ? "usage: HepDsl.Bench <mode> [args]" : $"unknown mode '{args[0]}'");
    foreach (var (name, (help, _)) in modes) Console.Error.WriteLine($"  {name,-10} {help}");
    return 2;
}
return mode.Run(args[1..]);
