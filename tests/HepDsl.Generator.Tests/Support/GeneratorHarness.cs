using System.Collections.Immutable;
using System.Reflection;
using HepDsl.Runtime.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HepDsl.Generator.Tests.Support;

/// <summary>An AdditionalFiles item as the compiler hands it to a generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path => path;
    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>Runs <see cref="HepAnalysisGenerator"/> the way the compiler does, and compiles what it produced.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Framework assemblies plus HepDsl.Runtime: what a consumer project compiles against.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(IAnalysis).Assembly.Location)
            .Distinct();
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    public static CSharpCompilation EmptyCompilation(string assemblyName = "HepDslGeneratedTest", params string[] csharp) =>
        CSharpCompilation.Create(
            assemblyName,
            csharp.Select(c => CSharpSyntaxTree.ParseText(c, ParseOptions)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error, // warnings as errors, as in the repo
                optimizationLevel: OptimizationLevel.Release));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> hepFiles, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new HepAnalysisGenerator().AsSourceGenerator()],
            hepFiles,
            ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator over (path, text) .hep files; returns the compilation with generated sources added.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Run) Generate(params (string Path, string Text)[] hepFiles)
    {
        var driver = Driver(hepFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)));
        driver = driver.RunGeneratorsAndUpdateCompilation(EmptyCompilation(), out var output, out var diagnostics);
        return (output, diagnostics, driver.GetRunResult());
    }

    /// <summary>Emits <paramref name="compilation"/> into memory and loads it; fails the test with every error otherwise.</summary>
    public static Assembly EmitAndLoad(Compilation compilation)
    {
        using var pe = new MemoryStream();
        var emitted = compilation.Emit(pe);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).ToList();
        Assert.True(emitted.Success && problems.Count == 0, "generated code does not compile:\n" + string.Join("\n", problems));
        return Assembly.Load(pe.ToArray());
    }

    /// <summary>The analyses an assembly declares through [assembly: AnalysisEntry].</summary>
    public static IAnalysis Analysis(Assembly assembly, string typeName)
    {
        var entries = assembly.GetCustomAttributes<AnalysisEntryAttribute>().Select(a => a.AnalysisType).ToList();
        var type = entries.SingleOrDefault(t => t.Name == typeName)
            ?? throw new InvalidOperationException($"no [AnalysisEntry] for {typeName}; found {string.Join(", ", entries.Select(t => t.Name))}");
        return (IAnalysis)Activator.CreateInstance(type)!;
    }
}
