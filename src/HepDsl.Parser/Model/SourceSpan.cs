namespace HepDsl.Parser.Model
{
    /// <summary>
    /// Where a node came from: file path as given to the compiler (or the import's resolved path) and a
    /// 1-based line/column range (end column exclusive). The generator uses it for <c>#line</c> mapping.
    /// </summary>
    public sealed record SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
    {
        public static readonly SourceSpan None = new SourceSpan("", 0, 0, 0, 0);
        public override string ToString() => $"{File}:{Line}:{Column}";
    }
}
