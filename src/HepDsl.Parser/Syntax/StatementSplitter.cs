using System.Collections.Generic;
using System.Text;

namespace HepDsl.Parser.Syntax
{
    /// <summary>The text of one statement: the line it starts on and its lines (comments blanked, columns kept).</summary>
    public sealed record StatementText(int Line, string Text);

    /// <summary>
    /// Cuts a file into statements. A statement starts on a line whose first character is not blank; indented
    /// lines, and lines inside open brackets, continue it. Comments (<c># ...</c> outside strings) become spaces
    /// so columns stay true. Parsing statement by statement lets one bad statement not hide errors in others.
    /// </summary>
    public static class StatementSplitter
    {
        public static IReadOnlyList<StatementText> Split(string text)
        {
            var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            var result = new List<StatementText>();
            StringBuilder? current = null;
            var startLine = 0;
            var depth = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = BlankComment(lines[i]);
                var blank = line.Trim().Length == 0;
                if (blank)
                {
                    // Keep line numbering inside a statement that may continue after a blank line.
                    current?.Append('\n');
                    continue;
                }
                var continues = current != null && (depth > 0 || char.IsWhiteSpace(line[0]));
                if (!continues)
                {
                    if (current != null) result.Add(new StatementText(startLine, current.ToString().TrimEnd()));
                    current = new StringBuilder();
                    startLine = i + 1;
                    depth = 0;
                }
                else current!.Append('\n');
                current!.Append(line);
                depth += BracketBalance(line);
                if (depth < 0) depth = 0;
            }
            if (current != null) result.Add(new StatementText(startLine, current.ToString().TrimEnd()));
            return result;
        }

        private static string BlankComment(string line)
        {
            var inString = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inString)
                {
                    if (c == '\\') i++;
                    else if (c == '"') inString = false;
                }
                else if (c == '"') inString = true;
                else if (c == '#') return line.Substring(0, i).PadRight(line.Length);
            }
            return line;
        }

        private static int BracketBalance(string line)
        {
            var balance = 0;
            var inString = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inString)
                {
                    if (c == '\\') i++;
                    else if (c == '"') inString = false;
                }
                else if (c == '"') inString = true;
                else if (c == '(' || c == '[') balance++;
                else if (c == ')' || c == ']') balance--;
            }
            return balance;
        }
    }
}
