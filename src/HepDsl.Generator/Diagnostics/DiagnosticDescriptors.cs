using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace HepDsl.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. The .hep checker owns the HEP0xxx ids and their messages; they are
/// forwarded with the same id so <c>dotnet build</c> prints <c>q5.hep(3,12): error HEP0004: ...</c>. The
/// generator's own problems use HEP1xxx.
/// </summary>
public static class DiagnosticDescriptors
{
    public const string Category = "HepDsl";

    /// <summary>The emitter met a model it cannot turn into C#: a generator bug, reported instead of crashing the build.</summary>
    public static readonly DiagnosticDescriptor EmitterFailed = new(
        id: "HEP1001",
        title: "HepDsl generator failed",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The .hep file checked without errors but the source generator failed; please report it with the .hep file.");

    /// <summary>Two .hep files of one compilation name analyses that map to the same generated class.</summary>
    public static readonly DiagnosticDescriptor DuplicateAnalysis = new(
        id: "HEP1002",
        title: "Two .hep files define the same analysis",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each .hep file of a project becomes one class named after its analysis; two files with the same analysis name would collide. The file whose path sorts first is generated, the others are reported.");

    private static readonly ConcurrentDictionary<(string Id, DiagnosticSeverity Severity), DiagnosticDescriptor> s_checker = new();

    /// <summary>The descriptor for a checker diagnostic: one per id and severity, its message passed through whole.</summary>
    public static DiagnosticDescriptor For(string id, DiagnosticSeverity severity) =>
        id == EmitterFailed.Id ? EmitterFailed
            : id == DuplicateAnalysis.Id ? DuplicateAnalysis
            : s_checker.GetOrAdd((id, severity), key => new DiagnosticDescriptor(
                id: key.Id,
                title: "HepDsl analysis file problem",
                messageFormat: "{0}",
                category: Category,
                defaultSeverity: key.Severity,
                isEnabledByDefault: true,
                helpLinkUri: "docs/language.md"));
}
