using System.Text;

namespace HepDsl.LanguageServer.Features;

/// <summary>
/// The one canonical layout of a .hep file. Statements start in column 1, every continuation line is indented by
/// four spaces, and spacing inside a line follows the tokens: one space around binary operators (but <c>x^2</c>) and <c>=</c>, after
/// <c>,</c> <c>;</c> <c>:</c> and between words; none inside brackets, around <c>.</c>, before a call's or an index's
/// bracket, or after a unary minus. Strings and comments are kept as written (a trailing comment gets two spaces
/// before it); runs of blank lines become one. Line breaks stay where they are, so statements split exactly as
/// before and the formatted file checks identically. Formatting only looks at tokens, so it is idempotent.
/// </summary>
public static class Formatter
{
    private enum Kind { Word, Number, String, Comment, Operator, Open, Close, Comma, Semicolon, Colon, Dot, Other }

    private readonly record struct Token(Kind Kind, string Text);

    // Words after which a bracket or a minus starts a new operand (not a call or a subtraction): the parser's
    // reserved and statement words, except the statements that are also functions (`sum(x)`), and binning words.
    private static readonly HashSet<string> Keywords = new(
        Parser.Syntax.Keywords.Reserved.Concat(Parser.Syntax.Keywords.Statements.Except(["count", "sum", "mean"])).Concat(["descending", "from", "edges", "bins", "as"]),
        StringComparer.Ordinal);

    public static string Format(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var output = new StringBuilder();
        var depth = 0;
        var blankPending = false;
        var started = false;
        Token? previous = null;
        foreach (var raw in lines)
        {
            var content = raw.Trim();
            if (content.Length == 0)
            {
                blankPending = started;
                continue;
            }
            var tokens = Tokenize(content);
            var codeLine = tokens.Any(t => t.Kind != Kind.Comment);
            var startsStatement = codeLine && !char.IsWhiteSpace(raw[0]) && depth == 0;
            if (startsStatement) previous = null;
            if (blankPending) output.Append('\n');
            blankPending = false;
            started = true;

            var indent = startsStatement || (!codeLine && !char.IsWhiteSpace(raw[0])) ? "" : "    ";
            var line = new StringBuilder(indent);
            Token? before = null; // on this line
            foreach (var t in tokens)
            {
                if (before is { } b) line.Append(Space(b, t, previous));
                else if (t.Kind == Kind.Comment && line.Length > indent.Length) line.Append("  ");
                line.Append(t.Text);
                if (t.Kind == Kind.Open) depth++;
                else if (t.Kind == Kind.Close && depth > 0) depth--;
                if (t.Kind != Kind.Comment) previous = WithContext(t, previous);
                before = t;
            }
            output.Append(line.ToString().TrimEnd()).Append('\n');
        }
        return output.ToString();
    }

    // The token a unary minus follows is what decides it; remember whether each '-' was unary.
    private static Token WithContext(Token t, Token? previous) =>
        t.Kind == Kind.Operator && t.Text == "-" && IsOperandStart(previous) ? new Token(Kind.Other, "-u") : t;

    private static bool IsOperandStart(Token? previous) => previous is not { } p || p.Kind switch
    {
        Kind.Operator or Kind.Open or Kind.Comma or Kind.Colon or Kind.Semicolon => true,
        Kind.Other => p.Text == "-u",
        Kind.Word => Keywords.Contains(p.Text),
        _ => false,
    };

    private static string Space(Token a, Token b, Token? previousIncludingThis)
    {
        if (b.Kind == Kind.Comment) return "  ";
        // `a` is the token just written; previousIncludingThis is it, with a unary minus marked "-u".
        if (previousIncludingThis is { Kind: Kind.Other, Text: "-u" }) return "";
        if (a.Kind == Kind.Dot || b.Kind == Kind.Dot) return "";
        if (a.Text == "^" || b.Text == "^") return ""; // binds tightest: x^2
        if (a.Kind == Kind.Open || b.Kind == Kind.Close) return "";
        if (b.Kind is Kind.Comma or Kind.Semicolon or Kind.Colon) return "";
        if (b.Kind == Kind.Open)
            return a.Kind == Kind.Close || (a.Kind == Kind.Word && !Keywords.Contains(a.Text)) ? "" : " ";
        return " ";
    }

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var start = i;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#') { tokens.Add(new Token(Kind.Comment, s[i..].TrimEnd())); break; }
            if (c == '"')
            {
                i++;
                while (i < s.Length && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
                i = Math.Min(i + 1, s.Length);
                tokens.Add(new Token(Kind.String, s[start..i]));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
                tokens.Add(new Token(Kind.Word, s[start..i]));
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && i + 1 < s.Length && char.IsDigit(s[i + 1]) && (tokens.Count == 0 || tokens[^1].Kind is not (Kind.Word or Kind.Close))))
            {
                while (i < s.Length && char.IsDigit(s[i])) i++;
                if (i < s.Length && s[i] == '.' && (i + 1 >= s.Length || !char.IsLetter(s[i + 1]))) { i++; while (i < s.Length && char.IsDigit(s[i])) i++; }
                if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
                {
                    var j = i + 1;
                    if (j < s.Length && (s[j] == '+' || s[j] == '-')) j++;
                    if (j < s.Length && char.IsDigit(s[j])) { i = j; while (i < s.Length && char.IsDigit(s[i])) i++; }
                }
                // A name may start with digits (region 4j1b): letters right after the digits make it one word.
                if (i < s.Length && (char.IsLetter(s[i]) || s[i] == '_'))
                {
                    while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
                    tokens.Add(new Token(Kind.Word, s[start..i]));
                    continue;
                }
                tokens.Add(new Token(Kind.Number, s[start..i]));
                continue;
            }
            if (i + 1 < s.Length && (s.Substring(i, 2) is "<=" or ">=" or "==" or "!="))
            {
                tokens.Add(new Token(Kind.Operator, s.Substring(i, 2)));
                i += 2;
                continue;
            }
            i++;
            tokens.Add(new Token(c switch
            {
                '(' or '[' => Kind.Open,
                ')' or ']' => Kind.Close,
                ',' => Kind.Comma,
                ';' => Kind.Semicolon,
                ':' => Kind.Colon,
                '.' => Kind.Dot,
                '+' or '-' or '*' or '/' or '%' or '^' or '<' or '>' or '=' => Kind.Operator,
                _ => Kind.Other,
            }, c.ToString()));
        }
        return tokens;
    }
}
