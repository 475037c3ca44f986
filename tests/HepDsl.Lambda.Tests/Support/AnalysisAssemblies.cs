using HepDsl.Compiler;
using HepDsl.Runtime.Analysis;

namespace HepDsl.Lambda.Tests.Support;

/// <summary>An analysis assembly as a driver ships it, and the same assembly loaded here for the local reference run.</summary>
public sealed record AnalysisAssembly(string HepPath, byte[] Bytes, IAnalysis Analysis, CompiledAnalysis Compiled);

/// <summary>
/// samples/adl/q5.hep and q6.hep compiled by HepDsl.Compiler as <c>hep run --executor lambda</c> does (source
/// generator + Roslyn in memory), into a cache folder of this test run so the compiler really runs: the bytes are
/// what the driver uploads, and the analysis loaded from them is the local reference.
/// </summary>
public static class AnalysisAssemblies
{
    private static readonly string s_cache = Path.Combine(Path.GetTempPath(), "hepdsl-lambda-tests-cache-" + Guid.NewGuid().ToString("N")[..12]);
    private static readonly AnalysisCompiler s_compiler = new(new AnalysisCache(s_cache));

    static AnalysisAssemblies() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try { if (Directory.Exists(s_cache)) Directory.Delete(s_cache, recursive: true); } catch (IOException) { }
    };

    private static readonly Lazy<AnalysisAssembly> s_q5 = new(() => Compile("q5"));
    private static readonly Lazy<AnalysisAssembly> s_q6 = new(() => Compile("q6"));

    private static readonly Lazy<AnalysisAssembly> s_agc = new(() =>
    {
        var path = Path.Combine(RepoPaths.Root, "samples", "agc", "ttbar.hep");
        var compiled = s_compiler.CompileFile(path);
        return new AnalysisAssembly(path, compiled.Assembly, compiled.Create(), compiled);
    });

    public static AnalysisAssembly Q5 => s_q5.Value;
    public static AnalysisAssembly Q6 => s_q6.Value;
    /// <summary>samples/agc/ttbar.hep: regions, object, random and weight variations.</summary>
    public static AnalysisAssembly Agc => s_agc.Value;

    public static string SamplePath(string name) => Path.Combine(RepoPaths.Root, "samples", "adl", name + ".hep");

    /// <summary>A .hep text written to this run's folder and compiled like the samples (for analyses made to fail).</summary>
    public static AnalysisAssembly FromText(string name, string text)
    {
        Directory.CreateDirectory(s_cache);
        var path = Path.Combine(s_cache, name + ".hep");
        File.WriteAllText(path, text);
        var compiled = s_compiler.CompileFile(path);
        return new AnalysisAssembly(path, compiled.Assembly, compiled.Create(), compiled);
    }

    private static AnalysisAssembly Compile(string name)
    {
        var path = SamplePath(name);
        var compiled = s_compiler.CompileFile(path);
        var analysis = compiled.Create();
        if (analysis.Info.Name != name) throw new InvalidOperationException($"{path} compiled to analysis '{analysis.Info.Name}'");
        return new AnalysisAssembly(path, compiled.Assembly, analysis, compiled);
    }
}
