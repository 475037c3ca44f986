using System.Collections.Generic;
using System.IO;

namespace HepDsl.Parser.Syntax
{
    /// <summary>
    /// The one rule for where <c>import "path"</c> points: relative to the importing file's folder (absolute paths as
    /// they are), '/' separators, "." and ".." folded as text. The checker, the generator and the compiler all use it.
    /// </summary>
    public static class ImportPaths
    {
        public static string Resolve(string fromFile, string importPath)
        {
            var p = importPath.Replace('\\', '/');
            if (!Path.IsPathRooted(p))
            {
                var dir = Path.GetDirectoryName(fromFile.Replace('\\', '/')) ?? "";
                p = dir.Length == 0 ? p : dir.Replace('\\', '/') + "/" + p;
            }
            return Normalize(p);
        }

        /// <summary>A path with '/' separators and "." and ".." folded, without touching the disk.</summary>
        public static string Normalize(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Replace('\\', '/').Split('/'))
            {
                if (part == "." || (part.Length == 0 && parts.Count > 0)) continue;
                if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != ".." && parts[parts.Count - 1].Length > 0) parts.RemoveAt(parts.Count - 1);
                else parts.Add(part);
            }
            return string.Join("/", parts);
        }
    }
}
