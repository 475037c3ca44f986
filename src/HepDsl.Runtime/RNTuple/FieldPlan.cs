using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.RNTuple;

/// <summary>How entries of a readable column map onto the elements of its slots.</summary>
internal enum PlanKind
{
    /// <summary><see cref="FieldPlan.Multiplicity"/> elements of <see cref="FieldPlan.Values"/> per entry (1 for scalars).</summary>
    Values,
    /// <summary>A collection: per entry, the elements of <see cref="FieldPlan.Values"/> that the cluster-relative
    /// offsets in <see cref="FieldPlan.Index"/> delimit.</summary>
    Collection,
    /// <summary>The size of a collection, from its index column (<c>ROOT::RNTupleCardinality</c>).</summary>
    Cardinality,
    /// <summary><c>std::string</c>: index column delimiting the characters of the second column.</summary>
    String,
}

/// <summary>One readable column of an RNTuple, as the event loop sees it.</summary>
internal sealed record FieldPlan(ColumnInfo Info, PlanKind Kind, ColumnSlot? Index, ColumnSlot? Values, int Multiplicity);

/// <summary>What <c>hep inspect</c> shows about one field of the schema, readable or not.</summary>
/// <param name="Path">Dotted path from the top-level field (<c>rec.member</c>, <c>vec._0</c>).</param>
/// <param name="Columns">Its physical columns, described (type, encoding, representation).</param>
/// <param name="Readable">The column names it yields, if any.</param>
/// <param name="UnsupportedReason">Why it cannot be read, when an analysis asks for it.</param>
public sealed record FieldDescription(string Path, string TypeName, string Role, IReadOnlyList<string> Columns, IReadOnlyList<string> Readable, string? UnsupportedReason, int Depth);
