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

    public override string ToString() => _text.ToString();
}
