using System;

namespace HepDsl.Generator.Pipeline;

/// <summary>One .hep additional file: its path as the compiler knows it and its text. Compared by value.</summary>
public sealed class HepSourceFile : IEquatable<HepSourceFile>
{
    public HepSourceFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }
    public string Text { get; }

    /// <summary>The file name without folders, as diagnostics and the analysis info show it.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    public bool Equals(HepSourceFile? other) =>
        other is not null && string.Equals(Path, other.Path, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as HepSourceFile);

    public override int GetHashCode() => unchecked(StringComparer.Ordinal.GetHashCode(Path) * 31 + StringComparer.Ordinal.GetHashCode(Text));
}
