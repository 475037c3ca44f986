namespace HepDsl.Parser.Model
{
    /// <summary>How an object's four-vector is made from its fields.</summary>
    public enum FourVectorKind
    {
        /// <summary>Fields are (pt, eta, phi, mass).</summary>
        PtEtaPhiM,
        /// <summary>Fields are (px, py, pz, E).</summary>
        PxPyPzE,
        /// <summary>Fields are (pt, phi): a transverse, massless vector with eta = 0 (missing energy).</summary>
        PtPhi,
        /// <summary>Fields are (px, py): a transverse, massless vector (missing energy stored as components).</summary>
        PxPy,
    }

    /// <summary>The four-vector recipe of a collection: <see cref="Fields"/> name fields of the same collection, in the order of <see cref="Kind"/>.</summary>
    public sealed record FourVectorSpec(FourVectorKind Kind, EquatableArray<string> Fields);

    /// <summary>
    /// A field of a collection as used by the analysis.
    /// Stored fields have <see cref="Branch"/> (and <see cref="StoredAs"/>); derived per-object fields
    /// (<c>define Jet.pt2 = pt * pt</c>) have <see cref="Definition"/> evaluated with <see cref="Variable"/> bound to the object.
    /// </summary>
    /// <param name="Name">Field name, e.g. <c>pt</c>.</param>
    /// <param name="Type">Its expression type (Bool, Int, Float or FourVector).</param>
    /// <param name="Branch">Stored field: the branch name (<c>Jet_pt</c>); null for derived fields.</param>
    /// <param name="StoredAs">Stored field: the branch element type; null for derived fields.</param>
    /// <param name="Variable">Derived field: the name the definition uses for the object itself.</param>
    /// <param name="Definition">Derived field: the per-object expression; null for stored fields.</param>
    public sealed record FieldModel(string Name, HepType Type, string? Branch, ElementType? StoredAs, string? Variable, Expr? Definition)
    {
        public bool IsStored => Branch != null;
    }

    /// <summary>A collection declared by the analysis (or by <c>use nanoaod</c>). Only collections the analysis uses are in the model.</summary>
    public abstract record CollectionModel(string Name, SourceSpan Span)
    {
        /// <summary>Fields the analysis uses (stored and derived), in declaration order.</summary>
        public abstract EquatableArray<FieldModel> Fields { get; }
    }

    /// <summary>
    /// Objects stored as jagged branches sharing a counter: <c>nJet</c> + <c>Jet_pt[nJet]</c>, <c>Jet_eta[nJet]</c>, ...
    /// The object count per event is the counter branch's value (always in <see cref="AnalysisModel.Branches"/>
    /// when the collection is used); object i's field f is element i of f's branch.
    /// <para>A vector collection (<c>collection Jet[vector]: float32 jet_pt as pt, ...</c>, <see cref="CountedByLength"/>)
    /// stores its fields as std::vector branches: <see cref="CounterBranch"/> is then one of its jagged field branches
    /// (the first used stored field, or the first declared one when only the count is used), whose length per event
    /// is the object count; every other field branch must have the same length in every event.</para>
    /// </summary>
    /// <param name="CounterBranch">The counter branch, e.g. <c>nJet</c>; for a vector collection, the jagged branch whose length counts the objects.</param>
    /// <param name="FourVector">How to build an object's four-vector; null when the collection has none.</param>
    /// <param name="CountedByLength">True for <c>[vector]</c> collections: the count is the length of <see cref="CounterBranch"/>'s values.</param>
    public sealed record SourceCollection(string Name, SourceSpan Span, string CounterBranch, EquatableArray<FieldModel> UsedFields, FourVectorSpec? FourVector, bool CountedByLength = false)
        : CollectionModel(Name, Span)
    {
        public override EquatableArray<FieldModel> Fields => UsedFields;
    }

    /// <summary>
    /// Exactly one object per event whose fields are scalar branches: <c>MET</c> with <c>pt = MET_pt</c>, <c>phi = MET_phi</c>.
    /// </summary>
    public sealed record SingletonCollection(string Name, SourceSpan Span, EquatableArray<FieldModel> UsedFields, FourVectorSpec? FourVector)
        : CollectionModel(Name, Span)
    {
        public override EquatableArray<FieldModel> Fields => UsedFields;
    }

    /// <summary>
    /// A union of source collections, e.g. light leptons = Electron + Muon. Its objects are (member index,
    /// object index) pairs; members are listed in order and a union object's <c>flavour</c> (an Int field every
    /// union has, not listed in <see cref="CommonFields"/>) is its member's index (0 for the first member...).
    /// Iteration order: all objects of member 0, then member 1, ...
    /// </summary>
    /// <param name="Members">The member source collections, in order.</param>
    /// <param name="Tags">The flavour name of each member as written (<c>electron</c>, <c>muon</c>); usable as Int constants in expressions.</param>
    /// <param name="CommonFields">Fields present in every member with the same type kind. A union field has no branch and
    /// no definition of its own: for a member-k object it is member k's field of the same name (which the checker also
    /// lists in member k's used fields). Type is Float when members differ in numeric type.</param>
    /// <param name="HasFourVector">True when every member has a four-vector recipe (each member uses its own).</param>
    public sealed record UnionCollection(string Name, SourceSpan Span, EquatableArray<string> Members, EquatableArray<string> Tags, EquatableArray<FieldModel> CommonFields, bool HasFourVector)
        : CollectionModel(Name, Span)
    {
        public override EquatableArray<FieldModel> Fields => CommonFields;
    }
}
