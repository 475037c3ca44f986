using System.Reflection;
using System.Runtime.Loader;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Distributed;

namespace HepDsl.Lambda.Host;

/// <summary>An analysis assembly whose bytes did not hash to what the payload named; it was never loaded.</summary>
public sealed class AssemblyHashMismatchException(string message) : Exception(message);

/// <summary>
/// Compiled analyses this container has loaded, by SHA-256. Bytes are fetched once, their hash checked BEFORE
/// anything is loaded, then loaded into a collectible context that shares HepDsl.Runtime with the host (so the
/// analysis' ResultSet is the host's type). Warm invocations reuse the loaded analysis.
/// </summary>
public sealed class AnalysisAssemblyCache(Func<string, CancellationToken, Task<byte[]>> fetch)
{
    private readonly Dictionary<string, IAnalysis> _loaded = new(StringComparer.OrdinalIgnoreCase);

    public bool Contains(string sha256) => _loaded.ContainsKey(sha256);

    /// <summary>The last fetch and load that were not served from the cache (ms), for the cold-start breakdown.</summary>
    public (long FetchMs, long LoadMs) LastLoad { get; private set; }

    public async Task<IAnalysis> GetAsync(AnalysisReference reference, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue(reference.Sha256, out var cached)) return cached;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var bytes = await fetch(reference.Location, cancellationToken).ConfigureAwait(false);
        long fetchMs = clock.ElapsedMilliseconds;
        var actual = DistributedKeys.Sha256Hex(bytes);
        if (!string.Equals(actual, reference.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new AssemblyHashMismatchException(
                $"analysis assembly {reference.Location} has SHA-256 {actual}, the payload requires {reference.Sha256}: refused, not loaded");
        var analysis = Load(bytes, reference.Sha256);
        _loaded[reference.Sha256] = analysis;
        LastLoad = (fetchMs, clock.ElapsedMilliseconds - fetchMs);
        return analysis;
    }

    private static IAnalysis Load(byte[] bytes, string sha256)
    {
        var context = new AnalysisContext($"hep-analysis:{sha256[..12]}");
        var assembly = context.LoadFromStream(new MemoryStream(bytes, writable: false));
        var entries = assembly.GetCustomAttributes<AnalysisEntryAttribute>().Select(a => a.AnalysisType).ToList();
        if (entries.Count != 1)
            throw new InvalidDataException($"analysis assembly {sha256[..12]} declares {entries.Count} [AnalysisEntry] types; the host needs exactly one");
        return Activator.CreateInstance(entries[0]) as IAnalysis
            ?? throw new InvalidDataException($"{entries[0].FullName} does not implement IAnalysis");
    }

    /// <summary>Resolves HepDsl.Runtime to the host's copy; everything else from the default context.</summary>
    private sealed class AnalysisContext(string name) : AssemblyLoadContext(name, isCollectible: true)
    {
        private static readonly Assembly s_runtime = typeof(IAnalysis).Assembly;

        protected override Assembly? Load(AssemblyName assemblyName) =>
            string.Equals(assemblyName.Name, s_runtime.GetName().Name, StringComparison.Ordinal) ? s_runtime : null;
    }
}
