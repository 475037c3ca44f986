using System.Reflection;
using HepDsl.Runtime.Analysis;

namespace HepDsl.Compiler;

/// <summary>A .hep file compiled to an assembly, loaded and ready to make analyses.</summary>
public sealed class CompiledAnalysis
{
    private readonly Type _analysisType;

    internal CompiledAnalysis(string hepPath, byte[] assembly, string hash, bool fromCache, IReadOnlyList<CompilerDiagnostic> diagnostics)
    {
        HepPath = hepPath;
        Assembly = assembly;
        Hash = hash;
        FromCache = fromCache;
        Diagnostics = diagnostics;
        var loaded = new AnalysisLoadContext($"hep:{Path.GetFileName(hepPath)}:{hash[..12]}").LoadFromStream(new MemoryStream(assembly));
        _analysisType = FindEntry(loaded, hepPath);
    }

    public string HepPath { get; }
    /// <summary>The compiled assembly (what the cache stores and a Lambda function can load).</summary>
    public byte[] Assembly { get; }
    /// <summary>SHA-256 of the .hep texts, their imports and the generator and runtime builds: the cache key.</summary>
    public string Hash { get; }
    /// <summary>True when the assembly came from the on-disk cache and Roslyn did not run.</summary>
    public bool FromCache { get; }
    /// <summary>Warnings (errors never get this far: they throw <see cref="AnalysisCompileException"/>).</summary>
    public IReadOnlyList<CompilerDiagnostic> Diagnostics { get; }

    public IAnalysis Create() => (IAnalysis)Activator.CreateInstance(_analysisType)!;

    // One AnalysisEntry per .hep file given to the generator: the one compiled from this file, or the only one.
    private static Type FindEntry(Assembly assembly, string hepPath)
    {
        var entries = assembly.GetCustomAttributes<AnalysisEntryAttribute>().Select(a => a.AnalysisType).ToList();
        if (entries.Count == 1) return entries[0];
        var name = Path.GetFileName(hepPath);
        var matching = entries.Where(t => Path.GetFileName(((IAnalysis)Activator.CreateInstance(t)!).Info.SourceFile) == name).ToList();
        return matching.Count == 1
            ? matching[0]
            : throw new InvalidOperationException(
                $"{hepPath}: the compiled assembly holds {entries.Count} analyses ({string.Join(", ", entries.Select(t => t.FullName))}) and none or several come from this file");
    }
}
