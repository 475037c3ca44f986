using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HepDsl.Runtime.Tests.Architecture;

/// <summary>
/// Which namespace of one src project uses which other namespace of it, found by binding the project's code with
/// Roslyn (a name that binds to a type, member or extension declared in another namespace is an edge; usings,
/// comments and doc references are not).
/// </summary>
internal sealed class NamespaceGraph
{
    public required string Project { get; init; }
    /// <summary>from -> to -> one place that makes the edge ("file:line").</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Edges { get; init; }
    public required IReadOnlySet<string> Namespaces { get; init; }

    private static readonly string[] ImplicitUsings =
        ["System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    public static NamespaceGraph Of(string project)
    {
        var folder = Path.Combine(RepoPaths.Root, "src", project);
        var csproj = File.ReadAllText(Path.Combine(folder, project + ".csproj"));
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        // Source files linked from src/Shared belong to the projects that compile them.
        foreach (Match m in Regex.Matches(csproj, @"<Compile Include=""\.\.[\\/]Shared[\\/]([^""]+)"""))
            files.Add(Path.Combine(RepoPaths.Root, "src", "Shared", m.Groups[1].Value));
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f)).ToList();
        if (!Regex.IsMatch(csproj, @"<ImplicitUsings>\s*disable"))
            trees.Add(CSharpSyntaxTree.ParseText(string.Join("\n", ImplicitUsings.Select(u => $"global using global::{u};")), options, "ImplicitUsings.cs"));

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => !Path.GetFileNameWithoutExtension(p).Equals(project, StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
            .Select(p => MetadataReference.CreateFromFile(p)).ToList();
        var compilation = CSharpCompilation.Create(project + ".Architecture", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
                own.Add(NamespaceOf(declaration));
        own.Remove("");

        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Ancestors().Any(a => a is UsingDirectiveSyntax || (a is BaseNamespaceDeclarationSyntax ns && ns.Name.Span.Contains(name.Span)))) continue;
                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                if (symbol is null or INamespaceSymbol or ILocalSymbol or IParameterSymbol or ITypeParameterSymbol or IRangeVariableSymbol or ILabelSymbol) continue;
                var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
                if (symbol is IMethodSymbol { ReducedFrom: { } extension }) type = extension.ContainingType;
                if (type is null) continue;
                var to = type.ContainingNamespace.ToDisplayString();
                var from = NamespaceOf(name);
                if (from == to || !own.Contains(to) || !own.Contains(from)) continue;
                if (!edges.TryGetValue(from, out var targets)) edges[from] = targets = new(StringComparer.Ordinal);
                targets.TryAdd(to, $"{Path.GetRelativePath(RepoPaths.Root, tree.FilePath)}:{name.GetLocation().GetLineSpan().StartLinePosition.Line + 1} ({name.Identifier.Text})");
            }
        }
        return new NamespaceGraph
        {
            Project = project,
            Namespaces = own,
            Edges = edges.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal),
        };
    }

    private static string NamespaceOf(SyntaxNode node) =>
        string.Join(".", node.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString()));

    /// <summary>Every cycle's namespaces (strongly connected components of more than one namespace), as text.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var index = new Dictionary<string, int>(); var low = new Dictionary<string, int>();
        var stack = new Stack<string>(); var onStack = new HashSet<string>(); var result = new List<string>(); var next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++; stack.Push(v); onStack.Add(v);
            foreach (var w in Edges.TryGetValue(v, out var t) ? t.Keys : [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1)
            {
                var members = component.ToHashSet();
                var why = component.SelectMany(a => Edges.TryGetValue(a, out var t) ? t.Where(e => members.Contains(e.Key)).Select(e => $"{a} -> {e.Key} at {e.Value}") : []);
                result.Add(string.Join("; ", why));
            }
        }
        foreach (var v in Namespaces.Order(StringComparer.Ordinal)) if (!index.ContainsKey(v)) Visit(v);
        return result;
    }

    public override string ToString() =>
        string.Join("\n", Edges.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.Keys.Order(StringComparer.Ordinal).Select(t => $"{e.Key} -> {t}")));
}
