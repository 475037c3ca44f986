namespace HepDsl.Parser.Model
{
    /// <summary>
    /// A branch the analysis reads (only branches actually used are listed; a schema may declare many more).
    /// </summary>
    /// <param name="Name">Branch name in the tree, e.g. <c>Jet_pt</c>.</param>
    /// <param name="Type">Element type as declared (checked against the file before any event is read).</param>
    /// <param name="Shape">Scalar, fixed array or jagged.</param>
    /// <param name="FixedLength">Values per entry for fixed arrays, 1 for scalars, 0 for jagged.</param>
    /// <param name="Collection">For jagged branches (and a collection's counter), the source collection they belong to; otherwise null.</param>
    /// <param name="Field">For jagged branches, the collection field they store (<c>pt</c> for <c>Jet_pt</c>); for singleton fields, that field; otherwise null.</param>
    public sealed record BranchModel(string Name, ElementType Type, BranchShape Shape, int FixedLength, string? Collection, string? Field);
}
