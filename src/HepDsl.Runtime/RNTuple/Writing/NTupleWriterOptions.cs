using HepDsl.Runtime.Compression;

namespace HepDsl.Runtime.RNTuple.Writing;

/// <summary>How an <see cref="NTupleWriter"/> writes: compression, page size, clusters per group, parallelism.</summary>
public sealed record NTupleWriterOptions
{
    /// <summary>Compression of pages and envelopes (ROOT's default: zstd 5).</summary>
    public RootCompression Compression { get; init; } = RootCompression.Zstd;
    /// <summary>Target bytes per page before compression: ROOT 6.34's maximum unzipped page size (1 MiB), which its
    /// page buffers grow to on large clusters. (64 KiB pages read slower: measured in docs/performance.md.)</summary>
    public int PageSize { get; init; } = 1024 * 1024;
    /// <summary>Clusters per cluster group (each group has its own page list); 0: one group for the whole ntuple.</summary>
    public int ClustersPerGroup { get; init; }
    /// <summary>Description stored in the header.</summary>
    public string Description { get; init; } = "";
    /// <summary>Title of the ROOT file.</summary>
    public string Title { get; init; } = "";
    /// <summary>Pages compressed at once (default: one per core).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
