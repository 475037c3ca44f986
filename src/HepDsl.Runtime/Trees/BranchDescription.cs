using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Trees;

/// <summary>What <c>hep inspect</c> shows about one branch (or one leaf of a leaf-list branch).</summary>
/// <param name="Name">Column name: the branch name, or <c>branch.leaf</c> for each leaf of a leaf-list.</param>
/// <param name="ClassName">TBranch, TBranchElement, ...</param>
/// <param name="LeafType">Leaf class and type, e.g. <c>TLeafF</c>, <c>vector&lt;float&gt;</c>.</param>
/// <param name="Column">How the column reads, or null when it cannot be read (see <paramref name="UnsupportedReason"/>).</param>
/// <param name="Compression">Readable compression setting, e.g. "zlib level 1".</param>
/// <param name="CompressedBytes">fZipBytes: bytes of the baskets on disk.</param>
/// <param name="UncompressedBytes">fTotBytes: bytes of the baskets uncompressed.</param>
/// <param name="EmbeddedBytes">Bytes of baskets kept in the TTree record itself (a tree not flushed at close), which
/// fZipBytes and fTotBytes do not count.</param>
public sealed record BranchDescription(
    string Name,
    string Title,
    string ClassName,
    string LeafType,
    ColumnInfo? Column,
    string? UnsupportedReason,
    long Entries,
    int BasketCount,
    int CompressionSetting,
    string Compression,
    long CompressedBytes,
    long UncompressedBytes,
    long EmbeddedBytes = 0);
