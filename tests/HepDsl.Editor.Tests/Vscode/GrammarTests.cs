using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Editor.Tests.Vscode;

/// <summary>
/// The extension's TextMate grammar, run by vscode-textmate + vscode-oniguruma (VS Code's engine) over every sample:
/// each comment, string, number and keyword found by a plain scan of the text must carry the matching scope.
/// </summary>
public sealed partial class GrammarTests
{
    private static readonly IReadOnlyList<string> StatementKeywords = HepDsl.Parser.Syntax.Keywords.Statements;
    private static readonly string[] LogicalWords = ["and", "or", "not"];
    private static readonly string[] OtherWords = ["with", "sorted", "by", "descending", "closest", "any", "all", "none", "in", "pair", "triple", "where", "for", "bins", "from", "edges", "if", "then", "else"];
    private static readonly string[] TypeWords = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"];

    private static List<string> Samples() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples"), "*.hep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    private static string[] ScopesAt(JsonArray line, int index)
    {
        var token = line.Single(t => (int)t!["start"]! <= index && index < (int)t["end"]!)!;
        return token["scopes"]!.AsArray().Select(s => (string)s!).ToArray();
    }

    private static JsonNode TokenAt(JsonArray line, int start) => line.Single(t => (int)t!["start"]! == start)!;

    [Fact]
    public void Every_sample_tokenizes_comments_strings_numbers_and_keywords()
    {
        var samples = Samples();
        Assert.True(samples.Count >= 10);
        var (code, stdout, stderr) = NodeTools.RunNode("tokenize-hep.mjs", samples, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, stderr);
        var tokens = JsonNode.Parse(stdout)!.AsObject();
        int comments = 0, strings = 0, numbers = 0, keywords = 0, words = 0;
        foreach (var file in samples)
        {
            var lines = File.ReadAllText(file).Replace("\r\n", "\n").Split('\n');
            var tokenLines = tokens[file]!.AsArray();
            Assert.Equal(lines.Length, tokenLines.Count);
            for (var i = 0; i < lines.Length; i++)
            {
                var text = lines[i];
                var line = tokenLines[i]!.AsArray();
                var where = $"{Path.GetFileName(file)}:{i + 1}";
                var (stringRanges, comment) = Scan(text);
                foreach (var (start, end) in stringRanges)
                {
                    for (var c = start; c < end; c++)
                        Assert.True(ScopesAt(line, c).Contains("string.quoted.double.hep"), $"{where}:{c + 1} not in a string scope");
                    strings++;
                }
                if (comment >= 0)
                {
                    for (var c = comment; c < text.Length; c++)
                        Assert.True(ScopesAt(line, c).Contains("comment.line.number-sign.hep"), $"{where}:{c + 1} not in a comment scope");
                    comments++;
                }
                var code0 = comment >= 0 ? comment : text.Length;
                bool Outside(int at) => at < code0 && !stringRanges.Any(r => r.Start <= at && at < r.End);
                foreach (Match m in Number().Matches(text))
                {
                    if (!Outside(m.Index)) continue;
                    var t = TokenAt(line, m.Index);
                    Assert.Equal(m.Value, (string)t["text"]!);
                    Assert.Contains("constant.numeric.hep", t["scopes"]!.AsArray().Select(s => (string)s!));
                    numbers++;
                }
                foreach (Match m in Word().Matches(text))
                {
                    if (!Outside(m.Index)) continue;
                    var scopes = ScopesAt(line, m.Index);
                    if (m.Index == 0)
                    {
                        Assert.Contains(m.Value, StatementKeywords);
                        Assert.True(scopes.Contains("keyword.control.statement.hep"), $"{where}: statement keyword '{m.Value}' has {string.Join(' ', scopes)}");
                        keywords++;
                    }
                    else if (LogicalWords.Contains(m.Value)) { Assert.Contains("keyword.operator.logical.hep", scopes); words++; }
                    else if (OtherWords.Contains(m.Value)) { Assert.True(scopes.Contains("keyword.other.hep"), $"{where}: '{m.Value}' has {string.Join(' ', scopes)}"); words++; }
                    else if (TypeWords.Contains(m.Value)) { Assert.Contains("storage.type.hep", scopes); words++; }
                }
            }
        }
        Assert.True(comments > 10 && strings > 20 && numbers > 50 && keywords > 50 && words > 50, $"{comments} comments, {strings} strings, {numbers} numbers, {keywords} keywords, {words} words");
    }

    [Fact]
    public void The_grammar_knows_every_statement_keyword_and_reserved_word_of_the_parser()
    {
        var grammar = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "editors", "vscode", "syntaxes", "hep.tmLanguage.json")))!;
        var statement = (string)grammar["repository"]!["statement-keyword"]!["match"]!;
        // Only the keyword and constant patterns: the catch-all identifier pattern matches any word.
        var words = grammar["repository"]!["expression"]!["patterns"]!.AsArray()
            .Where(p => ((string)p!["name"]!).StartsWith("keyword.", StringComparison.Ordinal) || ((string)p!["name"]!).StartsWith("constant.language", StringComparison.Ordinal))
            .Select(p => (string)p!["match"]!).ToList();
        foreach (var k in HepDsl.Parser.Syntax.Keywords.Statements)
            Assert.Matches(statement, k);
        foreach (var r in HepDsl.Parser.Syntax.Keywords.Reserved)
            Assert.True(words.Any(w => Regex.IsMatch(r, "^(?:" + w + ")$")), $"reserved word '{r}' has no expression pattern of its own");
    }

    /// <summary>String ranges (quotes included) and where a comment starts (-1: none), outside strings.</summary>
    private static (List<(int Start, int End)> Strings, int Comment) Scan(string line)
    {
        var strings = new List<(int, int)>();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#') return (strings, i);
            if (line[i] != '"') continue;
            var start = i++;
            while (i < line.Length && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
            strings.Add((start, Math.Min(i + 1, line.Length)));
        }
        return (strings, -1);
    }

    [GeneratedRegex(@"(?<![\w.])\d+(\.\d+)?([eE][-+]?\d+)?\b")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\b")]
    private static partial Regex Word();
}
