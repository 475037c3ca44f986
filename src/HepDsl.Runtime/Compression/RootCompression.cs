using HepDsl.Runtime.Compression;

namespace HepDsl.Runtime.Compression;

/// <summary>
/// A ROOT compression setting: algorithm and level, stored in files as <c>algorithm * 100 + level</c> (fCompress).
/// Level 0 means uncompressed.
/// </summary>
public readonly record struct RootCompression(CompressionAlgorithm Algorithm, int Level)
{
    public static readonly RootCompression None = new(CompressionAlgorithm.Zlib, 0);
    /// <summary>ROOT's historical default (zlib 1).</summary>
    public static readonly RootCompression Zlib = new(CompressionAlgorithm.Zlib, 1);
    /// <summary>ROOT's default since 6.30 (zstd 5).</summary>
    public static readonly RootCompression Zstd = new(CompressionAlgorithm.Zstd, 5);
    /// <summary>What ROOT's kUseAnalysis setting picks (LZ4 4).</summary>
    public static readonly RootCompression Lz4 = new(CompressionAlgorithm.Lz4, 4);
    /// <summary>CMS NanoAOD production's choice (LZMA 9).</summary>
    public static readonly RootCompression Lzma = new(CompressionAlgorithm.Lzma, 9);

    public bool IsCompressed => Level > 0;

    /// <summary>The fCompress value of files and branches.</summary>
    public int Code => Level == 0 ? 0 : (int)Algorithm * 100 + Level;

    /// <summary>Lower-case name for paths and reports: none, zlib, lzma, lz4, zstd.</summary>
    public string Name => Level == 0 ? "none" : Algorithm switch
    {
        CompressionAlgorithm.Zlib => "zlib",
        CompressionAlgorithm.Lzma => "lzma",
        CompressionAlgorithm.Lz4 => "lz4",
        CompressionAlgorithm.Zstd => "zstd",
        _ => throw new NotSupportedException($"cannot write ROOT compression algorithm {Algorithm}"),
    };

    /// <summary>"zstd", "lz4", "zlib", "lzma" or "none", optionally with ":level" (e.g. "zlib:6").</summary>
    public static RootCompression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        RootCompression chosen = parts[0] switch
        {
            "none" or "uncompressed" => None,
            "zlib" => Zlib,
            "zstd" => Zstd,
            "lz4" => Lz4,
            "lzma" or "xz" => Lzma,
            _ => throw new ArgumentException($"unknown compression '{text}' (use zstd, lz4, zlib, lzma or none, optionally with :level)"),
        };
        if (parts.Length == 1) return chosen;
        if (parts.Length > 2 || !int.TryParse(parts[1], out int level) || level < 1 || level > 9 || chosen.Level == 0)
            throw new ArgumentException($"compression '{text}': the level must be 1 to 9 after an algorithm, e.g. zlib:6");
        return chosen with { Level = level };
    }

    public override string ToString() => Level == 0 ? "none" : $"{Name}:{Level}";
}
