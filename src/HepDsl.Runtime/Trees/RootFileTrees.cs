using HepDsl.Runtime.Root;

namespace HepDsl.Runtime.Trees;

/// <summary>Opening a TTree of an open file: the file layer knows keys and records, the tree layer reads trees.</summary>
public static class RootFileTrees
{
    /// <summary>Opens a TTree by name ("tree", "dir/tree", optionally ";cycle"); the file stays open when the tree is disposed.</summary>
    public static TreeSource OpenTree(this RootFile file, string name) => new(file, file.FindKey(name, "TTree"), ownsFile: false);
}
