using System.Globalization;
using System.Text;

namespace HepDsl.Parser.Diagnostics
{
    /// <summary>
    /// One message a diagnostic is reported with: a composite format (<c>{0}</c>, <c>{1:N0}</c>, ...) filled in with the
    /// invariant culture, so numbers read the same on every machine. Every message lives in <see cref="DiagnosticCatalog"/>.
    /// </summary>
    public class DiagnosticMessage
    {
        private readonly DiagnosticEntry? _entry;

        private protected DiagnosticMessage(DiagnosticEntry? entry, string format)
        {
            _entry = entry;
            Format = format;
        }

        /// <summary>The id, title and severity this message is reported under.</summary>
        public DiagnosticEntry Entry => _entry ?? (DiagnosticEntry)this;

        public string Format { get; }

        /// <summary>The message with <paramref name="args"/> filled in.</summary>
        public string Text(params object?[] args) => string.Format(CultureInfo.InvariantCulture, Format, args);

        /// <summary>This message as a diagnostic at a place given by line and column (1-based, end column exclusive).</summary>
        public HepDiagnostic At(string file, int line, int column, int endLine, int endColumn, params object?[] args) =>
            new HepDiagnostic(Entry.Id, Entry.DefaultSeverity, file, line, column, endLine, endColumn, Text(args));
    }

    /// <summary>
    /// One diagnostic id: its title, default severity, the heading of docs/language.md that explains it, and its main
    /// message. Other messages of the same id are made with <see cref="Variant"/>.
    /// </summary>
    public sealed class DiagnosticEntry : DiagnosticMessage
    {
        internal DiagnosticEntry(string id, Severity severity, string title, string format, bool reserved = false)
            : base(null, format)
        {
            Id = id;
            DefaultSeverity = severity;
            Title = title;
            Reserved = reserved;
        }

        /// <summary>HEP0001...: stable, never renumbered (<see cref="DiagnosticIds"/>).</summary>
        public string Id { get; }

        public Severity DefaultSeverity { get; }

        /// <summary>A few words, shown by IDEs beside the id and listed in the table of docs/language.md.</summary>
        public string Title { get; }

        /// <summary>Numbered for a use that does not exist yet: nothing reports it.</summary>
        public bool Reserved { get; }

        /// <summary>The heading "ID Title" of docs/language.md as a link target (GitHub's rule: lower case, blanks to '-', punctuation dropped).</summary>
        public string Anchor
        {
            get
            {
                var sb = new StringBuilder();
                foreach (var c in (Id + " " + Title).ToLowerInvariant())
                {
                    if (char.IsLetterOrDigit(c) || c == '-' || c == '_') sb.Append(c);
                    else if (c == ' ') sb.Append('-');
                }
                return sb.ToString();
            }
        }

        /// <summary>Where the id is explained: its section of docs/language.md on the web. The generator's descriptors,
        /// the language server and <c>hep check</c> all give this one link.</summary>
        public string HelpLink => DiagnosticCatalog.RepositoryFiles + DiagnosticCatalog.Page + "#" + Anchor;

        /// <summary>Another message reported under this id.</summary>
        internal DiagnosticMessage Variant(string format) => new VariantMessage(this, format);

        private sealed class VariantMessage : DiagnosticMessage
        {
            public VariantMessage(DiagnosticEntry entry, string format) : base(entry, format) { }
        }
    }
}
