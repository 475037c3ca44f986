using System.Reflection;
using System.Runtime.Loader;
using HepDsl.Runtime.Analysis;

namespace HepDsl.Compiler;

/// <summary>
/// A collectible context for one compiled analysis. HepDsl.Runtime resolves to the copy the host already loaded, so
/// the analysis' IAnalysis, ResultSet and histograms are the host's own types; everything else falls back to the
/// default context (the framework).
/// </summary>
internal sealed class AnalysisLoadContext(string name) : AssemblyLoadContext(name, isCollectible: true)
{
    private static readonly Assembly s_runtime = typeof(IAnalysis).Assembly;

    protected override Assembly? Load(AssemblyName assemblyName) =>
        string.Equals(assemblyName.Name, s_runtime.GetName().Name, StringComparison.Ordinal) ? s_runtime : null;
}
