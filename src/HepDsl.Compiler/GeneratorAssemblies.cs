using System.Reflection;
using System.Runtime.Loader;

namespace HepDsl.Compiler;

/// <summary>
/// Makes the generator's own dependencies (HepDsl.Parser, Sprache) loadable in any host. The generator project hands
/// them to analyzer consumers with IncludeRuntimeDependency="false", so a host that references it as a plain library
/// (hep, the Lambda host) may lack them in its deps.json even though the files sit beside it; they are then loaded
/// from the folder that holds the generator.
/// </summary>
internal static class GeneratorAssemblies
{
    private static readonly string[] s_names = ["HepDsl.Parser", "Sprache"];
    private static int s_installed;

    public static void EnsureResolvable()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null || !s_names.Contains(name.Name, StringComparer.Ordinal)) return null;
        foreach (var dir in new[] { Path.GetDirectoryName(typeof(GeneratorAssemblies).Assembly.Location), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var path = Path.Combine(dir, name.Name + ".dll");
            if (File.Exists(path)) return context.LoadFromAssemblyPath(path);
        }
        return null;
    }
}
