using System.Reflection;
using System.Text.RegularExpressions;
using HepDsl.Parser.Diagnostics;

namespace HepDsl.Parser.Tests;

/// <summary>
/// The diagnostic catalog is the one list of ids: every id of <see cref="DiagnosticIds"/> has one entry, every entry
/// and message is reported somewhere (or the entry is marked reserved), no code writes a diagnostic of its own, and the
/// table and sections of docs/language.md say exactly what the catalog says.
/// </summary>
public class DiagnosticCatalogTests
{
    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([TestSupport.RepoRoot(), .. path]));

    private static IEnumerable<(string Name, DiagnosticMessage Message)> Messages() =>
        typeof(DiagnosticCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(DiagnosticMessage).IsAssignableFrom(f.FieldType))
            .Select(f => (f.Name, (DiagnosticMessage)f.GetValue(null)!));

    [Fact]
    public void Every_id_has_exactly_one_entry_and_every_entry_an_id()
    {
        var ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        Assert.Equal(ids.Count, ids.Values.Distinct().Count());
        Assert.Equal(ids.Values.Order(StringComparer.Ordinal), DiagnosticCatalog.Entries.Select(e => e.Id));
        // An entry is named like its id's constant, so DiagnosticCatalog.X and DiagnosticIds.X are one diagnostic.
        foreach (var (name, message) in Messages().Where(m => m.Message is DiagnosticEntry))
            Assert.Equal(ids[name], ((DiagnosticEntry)message).Id);
        Assert.All(DiagnosticCatalog.Entries, e => Assert.Same(e, DiagnosticCatalog.Find(e.Id)));
    }

    [Fact]
    public void Every_message_is_reported_somewhere_unless_its_entry_is_reserved()
    {
        // The catalog itself and the generator's descriptors (one per entry, reported or not) do not count.
        var src = Path.Combine(TestSupport.RepoRoot(), "src");
        var code = string.Join("\n", Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(p => Path.GetFileName(p) is not ("DiagnosticCatalog.cs" or "DiagnosticDescriptors.cs"))
            .Select(File.ReadAllText));
        foreach (var (name, message) in Messages())
        {
            var used = Regex.IsMatch(code, @"\bDiagnosticCatalog\." + name + @"\b");
            if (message is DiagnosticEntry { Reserved: true }) Assert.False(used, $"{name} is reserved but reported");
            else Assert.True(used, $"DiagnosticCatalog.{name} ({message.Entry.Id}: \"{message.Format}\") is reported nowhere under src/; use it, remove it, or mark its entry reserved");
        }
        Assert.Contains(DiagnosticCatalog.Entries, e => e.Reserved);
    }

    [Fact]
    public void Only_the_catalog_makes_diagnostics()
    {
        // Every HepDiagnostic is made by DiagnosticMessage.At, from a catalog message: no id or text written elsewhere.
        var src = Path.Combine(TestSupport.RepoRoot(), "src");
        var makers = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(p => Regex.IsMatch(File.ReadAllText(p), @"new HepDiagnostic\(|\""HEP\d{4}\"""))
            .Select(p => Path.GetRelativePath(src, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["HepDsl.Parser/Diagnostics/DiagnosticEntry.cs", "HepDsl.Parser/Diagnostics/DiagnosticIds.cs"], makers);
    }

    [Fact]
    public void Every_message_format_fills_in()
    {
        foreach (var (name, message) in Messages())
        {
            var highest = Regex.Matches(message.Format, @"(?<!\{)\{(\d+)").Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(-1).Max();
            var args = Enumerable.Range(0, highest + 1).Select(i => (object)(i + 1000)).ToArray();
            var text = message.Text(args);
            Assert.DoesNotContain("{", text.Replace("{0}", ""));
            Assert.False(string.IsNullOrWhiteSpace(text), name);
        }
        // Numbers read the same on every machine.
        Assert.Equal("x.hep is 1,048,577 bytes; a .hep file may be at most 1,048,576 bytes (1 MiB)", DiagnosticCatalog.FileTooLarge.Text("x.hep", 1_048_577L, 1_048_576L));
    }

    /// <summary>The rows of the table under "## Diagnostics": id, link target, severity, title.</summary>
    private static List<(string Id, string Anchor, string Severity, string Title)> DocsTable()
    {
        var docs = Read("docs", "language.md");
        var section = docs[docs.IndexOf("\n## Diagnostics\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var rows = new List<(string, string, string, string)>();
        foreach (Match m in Regex.Matches(section, @"^\| \[(HEP\d{4})\]\(#([^)]+)\) \| (\w+) \| (.+?) \|$", RegexOptions.Multiline))
            rows.Add((m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value));
        Assert.NotEmpty(rows);
        return rows;
    }

    [Fact]
    public void The_table_in_docs_language_md_lists_exactly_the_catalog()
    {
        var expected = DiagnosticCatalog.Entries.Select(e => (e.Id, Severity: e.DefaultSeverity.ToString().ToLowerInvariant(), e.Title)).ToList();
        var table = DocsTable().Select(r => (r.Id, r.Severity, r.Title)).ToList();
        Assert.Equal(expected, table);
    }

    /// <summary>GitHub's heading anchor, written here on its own: lower case, blanks to '-', other punctuation dropped.</summary>
    private static string GitHubAnchor(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd}\- _]", "").Replace(' ', '-');

    [Fact]
    public void Each_entry_links_to_its_own_section_of_docs_language_md()
    {
        var docs = Read("docs", "language.md");
        var headings = Regex.Matches(docs, @"^### (HEP\d{4} .+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.TrimEnd('\r')).ToList();
        var table = DocsTable().ToDictionary(r => r.Id);
        foreach (var e in DiagnosticCatalog.Entries)
        {
            Assert.Contains($"{e.Id} {e.Title}", headings);
            Assert.Equal(GitHubAnchor($"{e.Id} {e.Title}"), e.Anchor);
            Assert.Equal(e.Anchor, table[e.Id].Anchor);
            Assert.Equal("https://github.com/hepdsl/hepdsl/blob/main/docs/language.md#" + e.Anchor, e.HelpLink);
        }
    }

    [Fact]
    public void A_reported_diagnostic_carries_its_entrys_id_and_severity()
    {
        var r = TestSupport.Compile(TestSupport.Nano + "let a = nosuch\nlet b = exists(MET.pt)\n");
        var unknown = Assert.Single(r.Diagnostics, d => d.Id == DiagnosticCatalog.UnknownName.Id);
        Assert.Equal(Severity.Error, unknown.Severity);
        Assert.StartsWith("unknown name 'nosuch' (not a variable, definition, collection or branch)", unknown.Message);
        var never = Assert.Single(r.Diagnostics, d => d.Id == DiagnosticCatalog.NotOptional.Id);
        Assert.Equal(Severity.Warning, never.Severity);
    }
}
