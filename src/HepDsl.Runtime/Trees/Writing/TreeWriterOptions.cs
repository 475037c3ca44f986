using HepDsl.Runtime.Compression;

namespace HepDsl.Runtime.Trees.Writing;

/// <summary>How a <see cref="TreeWriter"/> writes: compression, basket size, tree title, parallel compression.</summary>
public sealed record TreeWriterOptions
{
    /// <summary>Compression of baskets and of the tree and streamer-info records (ROOT's file setting); zstd 5 by default.</summary>
    public RootCompression Compression { get; init; } = RootCompression.Zstd;
    /// <summary>Target uncompressed bytes per basket and branch (ROOT's default fBasketSize, 32000).</summary>
    public int BasketSize { get; init; } = 32000;
    public string Title { get; init; } = "";
    /// <summary>Baskets compressed at once (default: one per core).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
