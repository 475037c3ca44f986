using System;
using System.Collections.Generic;

namespace HepDsl.Generator.Diagnostics;

/// <summary>Turns one-based line/column positions of a .hep text into character offsets for a text span.</summary>
internal sealed class LineMap
{
    private readonly List<int> _lineStarts = new() { 0 };
    private readonly int _length;

    public LineMap(string text)
    {
        _length = text.Length;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (text[i] == '\n' || text[i] == '\r') _lineStarts.Add(i + 1);
        }
    }

    /// <summary>Offset of one-based (line, column), clamped into the text so a slightly-off position still points somewhere.</summary>
    public int Offset(int line, int column)
    {
        var l = Math.Max(1, Math.Min(line, _lineStarts.Count)) - 1;
        var lineEnd = l + 1 < _lineStarts.Count ? _lineStarts[l + 1] : _length;
        return Math.Min(lineEnd, _lineStarts[l] + Math.Max(0, column - 1));
    }
}
