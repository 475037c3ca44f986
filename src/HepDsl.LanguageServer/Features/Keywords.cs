namespace HepDsl.LanguageServer.Features;

/// <summary>The words of the language, for completion (and the TextMate grammar in editors/vscode lists the same).</summary>
public static class Keywords
{
    /// <summary>Words that start a statement, with a snippet of the rest.</summary>
    public static readonly IReadOnlyList<(string Word, string Snippet, string Doc)> Statements =
    [
        ("analysis", "analysis ${1:name} \"${2:title}\"", "Names the analysis (a C# identifier)."),
        ("tree", "tree ${1:Events}", "The tree to read."),
        ("use", "use nanoaod", "Declares the CMS NanoAOD collections, MET and event branches."),
        ("import", "import \"${1:common.hep}\"", "Includes another file's statements here."),
        ("branch", "branch ${1:float32} ${2:name}", "Scalar or fixed-size array branches."),
        ("collection", "collection ${1:Muon}[${2:int32} ${3:NMuon}]: ${4:float32} ${5:pt}", "Objects stored as jagged branches (or [vector])."),
        ("object", "object ${1:MET}: ${2:float32} ${3:pt, phi}", "One object per event from scalar branches."),
        ("union", "union ${1:Lepton} = ${2:Electron} as ${3:electron}, ${4:Muon} as ${5:muon}", "One collection of the members' objects."),
        ("define", "define ${1:Jet}.${2:name} = ${3:expr}", "A per-object derived field."),
        ("let", "let ${1:name} = ${2:expr}", "An event-level value."),
        ("weight", "weight ${1:expr}", "Event weight from here on (multiplies)."),
        ("cut", "cut \"${1:name}\": ${2:expr}", "A named cut: one row of the cut flow."),
        ("histogram", "histogram ${1:name} \"${2:title}\": ${3:expr}, ${4:100} bins from ${5:0} to ${6:200}", "A 1D (or 2D) histogram."),
        ("count", "count ${1:name}", "Weighted count of the events reaching this point."),
        ("sum", "sum ${1:name}: ${2:expr}", "Weighted sum."),
        ("mean", "mean ${1:name}: ${2:expr}", "Weighted mean."),
    ];

    /// <summary>Words inside expressions and binnings.</summary>
    public static readonly IReadOnlyList<string> Expression =
    [
        "and", "or", "not", "if", "then", "else", "with", "sorted", "by", "descending", "max", "min", "closest", "to",
        "any", "all", "none", "in", "pair", "triple", "where", "for", "it", "true", "false", "pi", "bins", "from", "edges", "as",
    ];
}
