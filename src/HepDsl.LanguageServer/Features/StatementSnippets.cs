using HepDsl.Parser.Syntax;

namespace HepDsl.LanguageServer.Features;

/// <summary>
/// Completion text for the language's words. Which words exist is the parser's (<see cref="Keywords"/>); this adds a
/// snippet and a line of help for each statement, and the words that only appear inside expressions and binnings.
/// </summary>
public static class StatementSnippets
{
    public static readonly IReadOnlyDictionary<string, (string Snippet, string Doc)> Statements = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["analysis"] = ("analysis ${1:name} \"${2:title}\"", "Names the analysis (a C# identifier)."),
        ["tree"] = ("tree ${1:Events}", "The tree to read."),
        ["use"] = ("use nanoaod", "Declares the CMS NanoAOD collections, MET and event branches."),
        ["import"] = ("import \"${1:common.hep}\"", "Includes another file's statements here."),
        ["branch"] = ("branch ${1:float32} ${2:name}", "Scalar or fixed-size array branches."),
        ["collection"] = ("collection ${1:Muon}[${2:int32} ${3:NMuon}]: ${4:float32} ${5:pt}", "Objects stored as jagged branches (or [vector])."),
        ["object"] = ("object ${1:MET}: ${2:float32} ${3:pt, phi}", "One object per event from scalar branches."),
        ["union"] = ("union ${1:Lepton} = ${2:Electron} as ${3:electron}, ${4:Muon} as ${5:muon}", "One collection of the members' objects."),
        ["define"] = ("define ${1:Jet}.${2:name} = ${3:expr}", "A per-object derived field."),
        ["let"] = ("let ${1:name} = ${2:expr}", "An event-level value."),
        ["weight"] = ("weight ${1:expr}", "Event weight from here on (multiplies)."),
        ["cut"] = ("cut \"${1:name}\": ${2:expr}", "A named cut: one row of the cut flow."),
        ["histogram"] = ("histogram ${1:name} \"${2:title}\": ${3:expr}, ${4:100} bins from ${5:0} to ${6:200}", "A 1D (or 2D) histogram."),
        ["count"] = ("count ${1:name}", "Weighted count of the events reaching this point."),
        ["sum"] = ("sum ${1:name}: ${2:expr}", "Weighted sum."),
        ["mean"] = ("mean ${1:name}: ${2:expr}", "Weighted mean."),
        ["region"] = ("region ${1:name} \"${2:title}\"", "A branch of the selection: its cuts and histograms follow, up to the next region."),
        ["variation"] = ("variation ${1:name}: ${2:Jet}.${3:pt} = ${4:pt * 1.03}", "A systematic variation: an object field replaced, or 'weight up A, down B'."),
        ["function"] = ("function ${1:float64} ${2:name}(${3:float64 x}) = ${4:Namespace.Class.Method}", "A static C# method called from the analysis."),
    };

    /// <summary>Words inside expressions and binnings: the reserved words and the few contextual ones.</summary>
    public static readonly IReadOnlyList<string> Expression =
        Keywords.Reserved.Concat(["descending", "max", "min", "it", "pi", "bins", "from", "edges", "as", "log", "up", "down"]).Distinct().Order(StringComparer.Ordinal).ToList();
}
