using System.Collections.Generic;
using HepDsl.Text;

namespace HepDsl.Parser.Diagnostics
{
    /// <summary>The checker's spelling of a "did you mean" hint (the rule is <see cref="NearestNames"/>).</summary>
    public static class Suggestions
    {
        /// <summary>" (did you mean 'a' or 'b'?)", or "" when nothing is close.</summary>
        public static string For(string name, IEnumerable<string> candidates)
            => NearestNames.Suffix(name, candidates, " (", ")");
    }
}
