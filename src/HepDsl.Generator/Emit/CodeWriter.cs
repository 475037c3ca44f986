using System.Collections.Generic;
using System.Text;

namespace HepDsl.Generator.Emit;

/// <summary>A string builder that indents, so the emitter reads like the code it writes.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>The last line written, without indentation.</summary>
    public string LastLine { get; private set; } = "";

    public CodeWriter Line(string line = "")
    {
        LastLine = line;
        if (_lineDirective is not null && IsCode(line)) _text.Append(_lineDirective).Append('\n');
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    private string? _lineDirective;

    /// <summary>
    /// Maps the code lines written from now on to line <paramref name="line"/> of <paramref name="file"/>: each gets
    /// its own <c>#line</c> directive (a plain one maps the lines after it to successive lines), so an exception
    /// thrown anywhere in a statement's code names the .hep line in its stack trace. <see cref="EndMapping"/> ends it.
    /// </summary>
    public void MapTo(string file, int line) => _lineDirective = $"#line {line} \"{file}\"";

    /// <summary>Back to the generated file's own lines (<c>#line default</c>).</summary>
    public void EndMapping()
    {
        if (_lineDirective is null) return;
        _lineDirective = null;
        _text.Append("#line default\n");
    }

    // Braces, labels and comments carry no sequence point of their own; skipping them keeps the directives fewer.
    private static bool IsCode(string line) =>
        line.Length > 0 && line != "{" && line[0] != '}' && !line.StartsWith("//", System.StringComparison.Ordinal) && !line.EndsWith(": ;", System.StringComparison.Ordinal);

    /// <summary>The length written so far: with <see cref="CutFrom"/>, lets the emitter move code it has just written.</summary>
    public int Length => _text.Length;

    /// <summary>Removes and returns the text written since <paramref name="position"/> (a <see cref="Length"/>).</summary>
    public string CutFrom(int position)
    {
        var text = _text.ToString(position, _text.Length - position);
        _text.Length = position;
        // The last line written may be gone: no check may be skipped as a repeat of it.
        if (text.Length > 0) LastLine = "";
        return text;
    }

    /// <summary>Appends text cut with <see cref="CutFrom"/>, one level deeper; directives stay at column 0.</summary>
    public CodeWriter Indented(string text)
    {
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.Length > 0 && line[0] != '#') _text.Append(' ', 4);
            _text.Append(line).Append('\n');
            if (line.Length > 0 && line[0] != '#') LastLine = line.Trim();
        }
        return this;
    }

    /// <summary>A line at column 0 whatever the indent: preprocessor directives such as #line.</summary>
    public CodeWriter Directive(string line)
    {
        LastLine = line;
        _text.Append(line).Append('\n');
        return this;
    }

    public CodeWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>A bare block: scopes the locals of one statement.</summary>
    public CodeWriter Begin()
    {
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    /// <summary>The current position, to insert lines there once the code after it is written.</summary>
    public (int Position, int Indent) Mark() => (_text.Length, _indent);

    /// <summary>
    /// Inserts <paramref name="lines"/> at <paramref name="mark"/>, indented as there. Marks taken later stay valid
    /// only if their lines are inserted first (inner before outer).
    /// </summary>
    public void InsertAt((int Position, int Indent) mark, IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            // Inserted within the statement being written: its code maps to the same .hep line.
            if (_lineDirective is not null && IsCode(line)) text.Append(_lineDirective).Append('\n');
            text.Append(' ', mark.Indent * 4).Append(line).Append('\n');
        }
        _text.Insert(mark.Position, text.ToString());
    }

    public override string ToString() => _text.ToString();
}
