using System.Reflection;
using System.Runtime.Loader;
using HepDsl.Runtime.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HepDsl.Lambda.Tests.Support;

/// <summary>An analysis assembly as a driver ships it, and the same assembly loaded here for the local reference run.</summary>
public sealed record AnalysisAssembly(byte[] Bytes, IAnalysis Analysis);

/// <summary>
/// Compiles the hand-written ADL targets with Roslyn into real analysis assemblies marked with [AnalysisEntry]:
/// the same kind of bytes the compiler produces from a .hep file, until samples/adl lands.
/// </summary>
public static class AnalysisAssemblies
{
    private static readonly Lazy<AnalysisAssembly> s_q5 = new(() => Compile("Q5Analysis.cs.txt", "HepDsl.Generator.Tests.HandWritten.Q5Analysis"));
    private static readonly Lazy<AnalysisAssembly> s_q6 = new(() => Compile("Q6Analysis.cs.txt", "HepDsl.Generator.Tests.HandWritten.Q6Analysis"));

    /// <summary>What the SDK's implicit usings give a project (the hand-written sources rely on them).</summary>
    public const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";

    public static AnalysisAssembly Q5 => s_q5.Value;
    public static AnalysisAssembly Q6 => s_q6.Value;

    public static byte[] Emit(string name, params string[] sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(IAnalysis).Assembly.Location))
            .DistinctBy(r => Path.GetFileName(r.FilePath));
        var compilation = CSharpCompilation.Create(name,
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));
        using var output = new MemoryStream();
        var emitted = compilation.Emit(output);
        if (!emitted.Success)
            throw new InvalidOperationException($"{name} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))}");
        return output.ToArray();
    }

    private static AnalysisAssembly Compile(string file, string type)
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Analyses", file));
        var bytes = Emit(Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(file)),
            source, ImplicitUsings, $"[assembly: HepDsl.Runtime.Analysis.AnalysisEntry(typeof({type}))]");
        // Loaded here in its own context too, so the local reference run uses exactly the bytes shipped to Lambda.
        var assembly = new SharedRuntimeContext().LoadFromStream(new MemoryStream(bytes));
        var entry = assembly.GetCustomAttribute<AnalysisEntryAttribute>()!.AnalysisType;
        return new AnalysisAssembly(bytes, (IAnalysis)Activator.CreateInstance(entry)!);
    }

    private sealed class SharedRuntimeContext() : AssemblyLoadContext(isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) =>
            name.Name == typeof(IAnalysis).Assembly.GetName().Name ? typeof(IAnalysis).Assembly : null;
    }
}
