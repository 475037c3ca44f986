using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using HepDsl.Generator;
using HepDsl.Parser.Diagnostics;
using HepDsl.Runtime.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HepDsl.Compiler;

/// <summary>
/// Compiles a .hep file in memory: the HepDsl source generator turns it into C#, Roslyn compiles that against the
/// framework and HepDsl.Runtime, and the assembly is loaded in a collectible context. Assemblies are cached on disk
/// by a hash of everything that determines them, so an unchanged analysis starts without running Roslyn.
/// </summary>
public sealed class AnalysisCompiler(AnalysisCache cache)
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(References);
    private int _roslynRuns;

    /// <summary>Compiles with the default cache (<see cref="AnalysisCache.Default"/>).</summary>
    public static CompiledAnalysis Compile(string hepPath) => new AnalysisCompiler(AnalysisCache.Default()).CompileFile(hepPath);

    /// <summary>How many times this compiler ran Roslyn (cache hits do not).</summary>
    public int RoslynRuns => _roslynRuns;

    public AnalysisCache Cache => cache;

    /// <summary>Throws <see cref="AnalysisCompileException"/> (every error as FILE:LINE:COL: error ID: message) when the file has errors.</summary>
    public CompiledAnalysis CompileFile(string hepPath)
    {
        var read = HepSources.Read(hepPath);
        // The parser's errors are final: report them without starting Roslyn (the generator would only repeat them).
        if (read.HasErrors) throw new AnalysisCompileException(read.Diagnostics.OrderByDescending(d => d.IsError).ToList());
        var sources = read.Files;
        var helpers = CSharpBeside(sources[0].Path);
        var hash = Hash(sources, helpers);
        if (cache.TryRead(hash) is { } cached)
        {
            try
            {
                return new CompiledAnalysis(sources[0].Path, cached, hash, fromCache: true, []);
            }
            catch (BadImageFormatException)
            {
                // A damaged cache entry: fall through and rebuild it.
            }
        }

        Interlocked.Increment(ref _roslynRuns);
        var (assembly, diagnostics) = Build(sources, hash, helpers);
        cache.Write(hash, assembly);
        return new CompiledAnalysis(sources[0].Path, assembly, hash, fromCache: false, diagnostics);
    }

    /// <summary>
    /// The user's C# functions for ANALYSIS.hep: ANALYSIS.cs beside it, when there is one. It is compiled with the
    /// generated analysis, so its own errors are reported in it and a call that does not match its methods at the .hep line.
    /// </summary>
    public static HepSource? CSharpBeside(string hepPath)
    {
        var path = Path.ChangeExtension(hepPath, ".cs");
        return File.Exists(path) ? new HepSource(path, File.ReadAllText(path)) : null;
    }

    private static (byte[] Assembly, IReadOnlyList<CompilerDiagnostic> Diagnostics) Build(IReadOnlyList<HepSource> sources, string hash, HepSource? helpers)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "HepAnalysis_" + hash[..16],
            syntaxTrees: helpers is null ? [] : [CSharpSyntaxTree.ParseText(SourceText.From(helpers.Text, Encoding.UTF8), parseOptions, helpers.Path)],
            references: s_references.Value,
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                deterministic: true));

        var driver = CSharpGeneratorDriver.Create(
            generators: [new HepAnalysisGenerator().AsSourceGenerator()],
            additionalTexts: sources.Select(s => (AdditionalText)new HepText(s.Path, s.Text)),
            parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

        var diagnostics = generatorDiagnostics.ToList();
        // C# errors only matter when the .hep file itself was fine: otherwise they are consequences, not causes.
        if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            if (!generated.SyntaxTrees.Any())
                throw new AnalysisCompileException([new CompilerDiagnostic(sources[0].Path, 1, 1, true, DiagnosticIds.NoGeneratedAnalysis,
                    DiagnosticCatalog.NoGeneratedAnalysis.Text())]);
            using var stream = new MemoryStream();
            // An embedded portable PDB: with the generator's #line directives, a stack trace names the .hep line.
            var emit = generated.Emit(stream, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.Embedded));
            diagnostics.AddRange(emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            if (emit.Success) return (stream.ToArray(), diagnostics.Select(CompilerDiagnostic.From).ToList());
        }
        throw new AnalysisCompileException(diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .OrderByDescending(d => d.Severity)
            .Select(CompilerDiagnostic.From).ToList());
    }

    /// <summary>
    /// SHA-256 over the .hep texts (with their paths relative to the main file, so moving a whole folder keeps the
    /// cache) and the exact generator, parser and runtime builds that turn them into an assembly.
    /// </summary>
    public static string Hash(IReadOnlyList<HepSource> sources, HepSource? helpers = null)
    {
        var text = new StringBuilder();
        var root = Path.GetDirectoryName(sources[0].Path)!;
        foreach (var s in helpers is null ? sources : sources.Append(helpers))
        {
            var name = Path.GetRelativePath(root, s.Path).Replace('\\', '/');
            text.Append(name.Length).Append(':').Append(name).Append(s.Text.Length).Append(':').Append(s.Text);
        }
        foreach (var assembly in new[] { typeof(HepAnalysisGenerator).Assembly, typeof(IAnalysis).Assembly })
            text.Append(assembly.GetName().Name).Append('@').Append(assembly.ManifestModule.ModuleVersionId);
        foreach (var name in typeof(HepAnalysisGenerator).Assembly.GetReferencedAssemblies().Where(a => a.Name == "HepDsl.Parser"))
            text.Append(name.Name).Append('@').Append(System.Reflection.Assembly.Load(name).ManifestModule.ModuleVersionId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // The framework's reference set (every assembly of the shared runtime the host runs on) plus HepDsl.Runtime.
    private static ImmutableArray<MetadataReference> References()
    {
        var runtime = typeof(IAnalysis).Assembly.Location;
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var paths = trusted.Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal)).ToList();
        if (paths.Count == 0) paths = System.IO.Directory.GetFiles(frameworkDir, "*.dll").ToList();
        paths.Add(runtime);
        return [.. paths.Distinct().Where(IsManaged).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private sealed class HepText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);
        public override string Path => path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
