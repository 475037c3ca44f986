namespace HepDsl.Editor.Tests.Support;

/// <summary>LSP positions (0-based line and character) of words in a test text, found by what is written there.</summary>
public static class TextPositions
{
    /// <summary>The position of the <paramref name="occurrence"/>-th <paramref name="word"/> on the first line containing <paramref name="lineContaining"/>.</summary>
    public static (int Line, int Character) Of(string text, string lineContaining, string word, int occurrence = 1)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(lineContaining, StringComparison.Ordinal));
        if (line < 0) throw new ArgumentException($"no line contains '{lineContaining}'");
        var at = -1;
        for (var i = 0; i < occurrence; i++)
        {
            at = lines[line].IndexOf(word, at + 1, StringComparison.Ordinal);
            if (at < 0) throw new ArgumentException($"'{word}' occurs fewer than {occurrence} times on line {line + 1}: {lines[line]}");
        }
        return (line, at);
    }

    /// <summary>The position just after the end of the text (where the user is typing).</summary>
    public static (int Line, int Character) End(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        return (lines.Length - 1, lines[^1].Length);
    }
}
