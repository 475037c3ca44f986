using System;
using System.Collections.Generic;
using System.Linq;

namespace HepDsl.Parser.Syntax
{
    /// <summary>
    /// The words of the <c>.hep</c> language, owned here so tools (schema drafts, the generator, an editor) ask
    /// instead of keeping copies. The grammar builds its statement parsers from <see cref="Statements"/>.
    /// </summary>
    public static class Keywords
    {
        /// <summary>The words a statement starts with, in the order the language page introduces them.</summary>
        public static readonly IReadOnlyList<string> Statements = new[]
        {
            "analysis", "tree", "use", "import", "branch", "collection", "object", "union", "define", "let", "weight",
            "cut", "histogram", "count", "sum", "mean",
        };

        /// <summary>Statements that book a result: a file with one of them (or <c>analysis</c>) is an analysis, not a library.</summary>
        public static readonly IReadOnlyCollection<string> Booking = new HashSet<string>(StringComparer.Ordinal)
        {
            "cut", "histogram", "count", "sum", "mean",
        };

        /// <summary>Words that can never name a branch, field, collection or value.</summary>
        public static readonly IReadOnlyCollection<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
        {
            "and", "or", "not", "with", "sorted", "by", "for", "in", "any", "all", "none", "if", "then", "else",
            "where", "true", "false", "pair", "triple", "closest", "to",
        };

        /// <summary>True for a name a <c>.hep</c> file can declare: a letter or '_', then letters, digits or '_', and not reserved.</summary>
        public static bool IsIdentifier(string name)
        {
            if (name.Length == 0 || !(IsAsciiLetter(name[0]) || name[0] == '_')) return false;
            foreach (var c in name)
                if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_')) return false;
            return !Reserved.Contains(name);
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        /// <summary>The word a statement text starts with ("" when it starts with something else).</summary>
        public static string LeadingWord(string statement)
        {
            var n = 0;
            while (n < statement.Length && (char.IsLetterOrDigit(statement[n]) || statement[n] == '_')) n++;
            return statement.Substring(0, n);
        }
    }
}
