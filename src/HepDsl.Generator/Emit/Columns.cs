using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>One branch as the processor holds it: a reader, a reusable buffer and (jagged) a per-event offset.</summary>
internal sealed class ColumnField
{
    public ColumnField(BranchModel branch, string name)
    {
        Branch = branch;
        Buffer = "_" + name;
        Reader = "_" + name + "_reader";
        Offset = "o_" + name;
        ElementType = CSharp.Element(branch.Type);
    }

    public BranchModel Branch { get; }
    public string Buffer { get; }
    public string Reader { get; }
    /// <summary>For jagged branches: the local holding where the current event's values start.</summary>
    public string Offset { get; }
    public string ElementType { get; }
    public bool IsJagged => Branch.Shape == BranchShape.Jagged;
}

/// <summary>The columns of an analysis, by branch name, with C# names that are unique and valid.</summary>
internal sealed class Columns
{
    private readonly Dictionary<string, ColumnField> _byBranch = new();

    public Columns(AnalysisModel model)
    {
        var used = new HashSet<string>();
        foreach (var branch in model.Branches)
        {
            var name = CSharp.Sanitize(branch.Name);
            var unique = name;
            for (var i = 2; !used.Add(unique); i++) unique = name + "_" + i;
            var field = new ColumnField(branch, unique);
            All.Add(field);
            _byBranch[branch.Name] = field;
        }
    }

    public List<ColumnField> All { get; } = new();

    public ColumnField this[string branch] =>
        _byBranch.TryGetValue(branch, out var f) ? f : throw new KeyNotFoundException($"branch '{branch}' is used but not in the model's branch list");
}
