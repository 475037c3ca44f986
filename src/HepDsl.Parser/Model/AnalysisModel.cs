namespace HepDsl.Parser.Model
{
    /// <summary>
    /// A checked analysis: everything the generator needs to emit its event loop without resolving names again.
    /// Value-equatable (records + <see cref="EquatableArray{T}"/>), so the incremental generator caches on it.
    /// </summary>
    /// <param name="Name">Analysis name: from <c>analysis NAME</c>, else the file name without extension. A valid C# identifier.</param>
    /// <param name="Title">Free text from <c>analysis NAME "title"</c>; empty when none.</param>
    /// <param name="File">The main .hep file path as given to the compiler.</param>
    /// <param name="Tree">Tree name (<c>tree Events</c>).</param>
    /// <param name="Branches">Every branch read, each once, sorted by name.</param>
    /// <param name="Collections">Every collection used (source, singleton, union), in declaration order; union members come before the union.</param>
    /// <param name="Statements">The event loop: definitions, weights, cuts, histograms and aggregates in source order (imports' statements first, at the import).</param>
    public sealed record AnalysisModel(
        string Name,
        string Title,
        string File,
        string Tree,
        EquatableArray<BranchModel> Branches,
        EquatableArray<CollectionModel> Collections,
        EquatableArray<Statement> Statements)
    {
        /// <summary>Cut names in cut-flow order.</summary>
        public EquatableArray<string> CutNames
        {
            get
            {
                var names = new System.Collections.Generic.List<string>();
                foreach (var s in Statements)
                    if (s is Cut c) names.Add(c.Name);
                return names.ToEquatableArray();
            }
        }
    }
}
