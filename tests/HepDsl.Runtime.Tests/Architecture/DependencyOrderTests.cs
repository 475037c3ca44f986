namespace HepDsl.Runtime.Tests.Architecture;

/// <summary>
/// The code reads in one direction. Built from the code itself: a namespace that reaches back to a later layer, or any
/// cycle between namespaces of one project, fails with the place that makes the edge.
/// </summary>
public class DependencyOrderTests
{
    /// <summary>
    /// The runtime's declared order, first to last. A namespace may use its own layer's neighbours and earlier layers,
    /// never a later one. Trees and RNTuple are the two tree formats behind the same event-source seam (Columns).
    /// </summary>
    private static readonly string[][] RuntimeLayers =
    [
        ["HepDsl.Runtime", "HepDsl.Text", "HepDsl.Runtime.Physics", "HepDsl.Runtime.Histograms"],
        ["HepDsl.Runtime.IO"],
        ["HepDsl.Runtime.Compression"],
        ["HepDsl.Runtime.Root"],
        ["HepDsl.Runtime.Columns"],
        ["HepDsl.Runtime.Trees", "HepDsl.Runtime.RNTuple"],
        ["HepDsl.Runtime.Inputs"],
        ["HepDsl.Runtime.Results", "HepDsl.Runtime.Analysis"],
        ["HepDsl.Runtime.Execution"],
        ["HepDsl.Runtime.Output"],
        ["HepDsl.Runtime.Datasets"],
        ["HepDsl.Runtime.Distributed"],
    ];

    public static TheoryData<string> Projects() =>
        new(Directory.GetDirectories(Path.Combine(RepoPaths.Root, "src"))
            .Select(Path.GetFileName).OfType<string>()
            .Where(p => File.Exists(Path.Combine(RepoPaths.Root, "src", p, p + ".csproj")))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Projects))]
    public void No_project_has_a_namespace_cycle(string project)
    {
        var graph = NamespaceGraph.Of(project);
        Assert.True(graph.Cycles().Count == 0, $"{project} has namespace cycles:\n  " + string.Join("\n  ", graph.Cycles()));
    }

    [Fact]
    public void The_runtime_references_no_later_layer()
    {
        var graph = NamespaceGraph.Of("HepDsl.Runtime");
        var unplaced = graph.Namespaces.Where(n => LayerOf(n) < 0).ToList();
        Assert.True(unplaced.Count == 0, "namespaces without a declared layer (add them to RuntimeLayers): " + string.Join(", ", unplaced));
        var backwards = graph.Edges
            .SelectMany(e => e.Value.Where(t => LayerOf(t.Key) > LayerOf(e.Key)).Select(t => $"{e.Key} -> {t.Key} at {t.Value}"))
            .ToList();
        Assert.True(backwards.Count == 0, "references against the declared order:\n  " + string.Join("\n  ", backwards));
        // Siblings of one layer stay apart where the order says they are alternatives.
        Assert.False(graph.Edges.TryGetValue("HepDsl.Runtime.Trees", out var trees) && trees.ContainsKey("HepDsl.Runtime.RNTuple"));
        Assert.False(graph.Edges.TryGetValue("HepDsl.Runtime.RNTuple", out var rntuple) && rntuple.ContainsKey("HepDsl.Runtime.Trees"));
    }

    [Fact]
    public void The_graph_sees_real_edges()
    {
        // Guards the test itself: the binder must find edges that certainly exist.
        var edges = NamespaceGraph.Of("HepDsl.Runtime").Edges;
        Assert.True(edges["HepDsl.Runtime.Trees"].ContainsKey("HepDsl.Runtime.Root"));
        Assert.True(edges["HepDsl.Runtime.Distributed"].ContainsKey("HepDsl.Runtime.Inputs"));
        Assert.True(edges["HepDsl.Runtime.Inputs"].ContainsKey("HepDsl.Runtime.IO"));
    }

    /// <summary>Index of the layer a namespace belongs to (sub-namespaces belong to their parent's layer), or -1.</summary>
    private static int LayerOf(string ns)
    {
        int best = -1, bestLength = -1;
        for (var i = 0; i < RuntimeLayers.Length; i++)
            foreach (var prefix in RuntimeLayers[i])
                if ((ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal)) && prefix.Length > bestLength && (prefix != "HepDsl.Runtime" || ns == prefix))
                    (best, bestLength) = (i, prefix.Length);
        return best;
    }
}
