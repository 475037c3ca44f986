using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace HepDsl.Generator.Pipeline;

/// <summary>SHA-256 (lower-case hex) of a .hep file and the files it imported, in the order they were read.</summary>
internal static class SourceHash
{
    public static string Of(HepSourceFile main, IEnumerable<HepSourceFile> imports)
    {
        var text = new StringBuilder();
        Append(text, main);
        foreach (var import in imports) Append(text, import);
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash) hex.Append(b.ToString("x2"));
        return hex.ToString();
    }

    // Length-prefixed, so moving text from one file to the next changes the hash.
    private static void Append(StringBuilder text, HepSourceFile file) =>
        text.Append(file.FileName.Length).Append(':').Append(file.FileName)
            .Append(file.Text.Length).Append(':').Append(file.Text);
}
