namespace HepDsl.Parser.Model
{
    /// <summary>
    /// A branch the analysis reads (only branches actually used are listed; a schema may declare many more).
    /// </summary>
    /// <param name="Name">Branch name in the tree, e.g. <c>Jet_pt</c>.</param>
    /// <param name="Type">Element type as declared (checked against the file before any event is read).</param>
    /// <param name="Shape">Scalar, fixed array or jagged.</param>
    /// <param name="FixedLength">Values per entry for fixed arrays, 1 for scalars, 0 for jagged.</param>
    /// <param name="Collection">The collection a branch belongs to: for jagged fields and a source collection's counter, the source
    /// collection; for a singleton's scalar fields (<c>MET_pt</c>), the singleton; null for plain scalar branches.</param>
    /// <param name="Field">The field stored (<c>pt</c> for <c>Jet_pt</c> or <c>MET_pt</c>); null for counters and plain scalar branches.</param>
    public sealed record BranchModel(string Name, ElementType Type, BranchShape Shape, int FixedLength, string? Collection, string? Field);
}
