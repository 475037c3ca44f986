namespace HepDsl.Runtime.Analysis;

/// <summary>
/// Marks an assembly's compiled analyses, so a host that loads an analysis assembly (hep run, the Lambda host)
/// finds them without scanning types. The generator emits one per .hep file.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class AnalysisEntryAttribute(Type analysisType) : Attribute
{
    /// <summary>A type implementing <see cref="IAnalysis"/> with a public parameterless constructor.</summary>
    public Type AnalysisType { get; } = analysisType;
}
