namespace HepDsl.Runtime.Compression;

/// <summary>
/// How the histogram writer compresses stored objects: zlib level 6 in ROOT's block framing
/// (<see cref="RootBlockCompressor"/>); an object that would not get smaller is stored as it is.
/// </summary>
internal static class RootObjectCompression
{
    private static readonly RootCompression Setting = new(Compression.CompressionAlgorithm.Zlib, 6);

    /// <summary>The algorithm*100+level code for the file header (zlib, level 6: .NET's "optimal").</summary>
    public const int HeaderCode = 106;

    public static byte[] Compress(ReadOnlySpan<byte> raw) => RootBlockCompressor.Compress(raw, Setting);
}
