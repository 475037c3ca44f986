using System;
using System.IO;
using System.Text;
using HepDsl.Parser.Diagnostics;

namespace HepDsl.Parser.Syntax
{
    /// <summary>
    /// Reads .hep files from disk with the limits of docs/language.md: an import names a <c>.hep</c> file, and no
    /// .hep file is larger than <see cref="MaxBytes"/>. Reading stops one byte past the limit, so a device that
    /// never ends (<c>/dev/zero</c>) is refused instead of filling memory.
    /// </summary>
    public static class SourceFiles
    {
        /// <summary>The largest .hep file read: 1 MiB, far above any analysis (a sum of 15,000 terms is 100 KB).</summary>
        public const int MaxBytes = 1 << 20;

        /// <summary>
        /// The text of <paramref name="path"/>, null when there is no such file; throws <see cref="BadSourceFileException"/>
        /// when it is not a .hep file one may read (too large, not a regular file, or, for an import, not named .hep).
        /// </summary>
        public static string? Read(string path, bool import)
        {
            if (Directory.Exists(path)) throw new BadSourceFileException(DiagnosticCatalog.FileIsDirectory.Text(path));
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            if (import && !string.Equals(info.Extension, ".hep", StringComparison.OrdinalIgnoreCase))
                throw new BadSourceFileException(DiagnosticCatalog.ImportedFileNotHep.Text(path));
            if (info.Length > MaxBytes) throw new BadSourceFileException(TooLarge(path, info.Length));
            // Devices, pipes and /proc entries report 0 bytes: a file that says it is empty is not opened (opening a
            // pipe would wait for a writer), and one that yields more than it said is refused.
            if (info.Length == 0) return "";
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[info.Length + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
            if (read > info.Length) throw new BadSourceFileException(DiagnosticCatalog.FileNotRegular.Text(path, info.Length));
            return Decode(buffer, read);
        }

        /// <summary>HEP0041's message for a text over the limit (the generator receives texts already read).</summary>
        public static string TooLarge(string path, long bytes) => DiagnosticCatalog.FileTooLarge.Text(path, bytes, MaxBytes);

        private static string Decode(byte[] bytes, int count)
        {
            // UTF-8, with or without a byte-order mark, as File.ReadAllText reads it.
            var start = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return new UTF8Encoding(false).GetString(bytes, start, count - start);
        }
    }

    /// <summary>A .hep file that exists but may not be read (reported as HEP0041).</summary>
    public sealed class BadSourceFileException : Exception
    {
        public BadSourceFileException(string message) : base(message) { }
    }
}
