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
        /// <summary>
        /// Every event variation in pass order (pass 0 is the nominal): object variations and weight variations
        /// (an up/down pair is two), with the samples each is restricted to (empty: every simulated sample).
        /// </summary>
        public EquatableArray<(string Name, EquatableArray<string> Samples)> Variations
        {
            get
            {
                var list = new System.Collections.Generic.List<(string, EquatableArray<string>)>();
                foreach (var s in Statements)
                {
                    if (s is ObjectVariation o) list.Add((o.Name, o.Samples));
                    else if (s is WeightVariation w) foreach (var n in w.Names) list.Add((n, w.Samples));
                }
                return list.ToEquatableArray();
            }
        }

        /// <summary>For each cut-flow row after "all events", the row its efficiency is relative to (a region's first cut: the last common cut).</summary>
        public EquatableArray<int> CutParents
        {
            get
            {
                var parents = new System.Collections.Generic.List<int>();
                var row = 0;
                var common = -1;
                foreach (var s in Statements)
                {
                    if (s is RegionStart) { if (common < 0) common = row; row = common; }
                    else if (s is Cut) { parents.Add(row); row = parents.Count; }
                }
                return parents.ToEquatableArray();
            }
        }

        /// <summary>Cut names in cut-flow order.</summary>
        public EquatableArray<string> CutNames
        {
            get
            {
                var names = new System.Collections.Generic.List<string>();
                var region = "";
                foreach (var s in Statements)
                {
                    if (s is RegionStart r) region = r.Name + ": ";
                    if (s is Cut c) names.Add(region + c.Name);
                }
                return names.ToEquatableArray();
            }
        }
    }
}
