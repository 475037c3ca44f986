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
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
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
        foreach (var line in lines) text.Append(' ', mark.Indent * 4).Append(line).Append('\n');
        _text.Insert(mark.Position, text.ToString());
    }

    public override string ToString() => _text.ToString();
}
