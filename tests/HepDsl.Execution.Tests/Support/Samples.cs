using HepDsl.Compiler;

namespace HepDsl.Execution.Tests.Support;

/// <summary>The .hep samples, compiled once per test run into a private cache (never the user's).</summary>
internal static class Samples
{
    public static readonly string CacheDirectory = Directory.CreateTempSubdirectory("hep-exec-cache-").FullName;
    private static readonly AnalysisCompiler s_compiler = new(new AnalysisCache(CacheDirectory));
    private static readonly Dictionary<string, CompiledAnalysis> s_compiled = [];

    public static string Path(string name) => name.StartsWith('q')
        ? System.IO.Path.Combine(RepoPaths.AdlSamples, name + ".hep")
        : System.IO.Path.Combine(RepoPaths.Samples, name + ".hep");

    /// <summary>The input each sample is written for.</summary>
    public static string InputOf(string name) => name switch
    {
        "zmumu" => TestData.Zmumu,
        "hzz" => TestData.Hzz,
        "dimuon" => TestData.DimuonRNTuple,
        _ => TestData.NanoAod,
    };

    public static CompiledAnalysis Compile(string name)
    {
        lock (s_compiled)
        {
            if (!s_compiled.TryGetValue(name, out var compiled)) s_compiled[name] = compiled = s_compiler.CompileFile(Path(name));
            return compiled;
        }
    }
}
