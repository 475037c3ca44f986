using System.CommandLine;
using System.Text;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep schema FILE --tree NAME</c>: the .hep declarations of a tree's branches, ready to paste into an analysis.
/// Jagged branches sharing a counter become a collection (<c>nJet</c> + <c>Jet_pt[nJet]</c> → collection Jet with
/// field pt; other names are bound explicitly: <c>collection Slice[int32 N]: int32 SliceI32 as I32</c>);
/// std::vector branches sharing a prefix become a vector collection (<c>jet_pt</c>, <c>jet_eta</c> →
/// <c>collection jet[vector]: float32 pt, eta</c>), a vector without an obvious group becomes one of its own
/// (<c>collection StlVecI32[vector]: int32 StlVecI32 as value</c>); scalar branches sharing a prefix become a
/// singleton (<c>MET_pt</c>, <c>MET_phi</c> → MET); the rest are plain branches. Four-vector recipes are recognised
/// from field names (pt/eta/phi/mass, px/py/pz/E, pt/phi).
/// </summary>
public static class SchemaCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "ROOT file: local path, file://, http(s)://, s3:// or root:// URL" };
        var tree = new Option<string?>("--tree") { Description = "Tree to describe (default: the file's only tree)" };
        var command = new Command("schema", "Print .hep declarations for the branches of a tree") { file, tree };
        command.SetAction(parse =>
        {
            try
            {
                Console.Out.Write(Write(parse.GetValue(file)!, parse.GetValue(tree), new ByteSourceOptions { S3 = S3Options.FromEnvironment() }));
                return 0;
            }
            catch (HepDataException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The declarations for <paramref name="treeName"/> (or the only tree) of <paramref name="location"/>.</summary>
    public static string Write(string location, string? treeName, ByteSourceOptions? options = null)
    {
        using var source = ByteSources.Open(location, options);
        using var file = RootFile.Open(source);
        using var tree = TreeOpener.Open(file, treeName);
        return SchemaText.Render(SchemaDraft.Of(tree), Path.GetFileName(file.Location));
    }
}

/// <summary>A field of a collection or singleton: its name in .hep and the branch that stores it (<c>Name_field</c>, else written <c>Branch as Name</c>).</summary>
public sealed record SchemaField(string Name, string Branch, ColumnType Type);

/// <summary>Objects stored as jagged branches (<c>Name_field[Counter]</c> or any other names) sharing <see cref="Counter"/>.</summary>
public sealed record SchemaCollection(string Name, string Counter, ColumnType CounterType, IReadOnlyList<SchemaField> Fields, SchemaFourVector? FourVector);

/// <summary>Objects stored as std::vector branches of equal length (<c>collection Name[vector]</c>).</summary>
public sealed record SchemaVectorCollection(string Name, IReadOnlyList<SchemaField> Fields, SchemaFourVector? FourVector);

/// <summary>One object per event made of scalar branches <c>Name_field</c>.</summary>
public sealed record SchemaSingleton(string Name, IReadOnlyList<SchemaField> Fields, SchemaFourVector? FourVector);

/// <summary>A four-vector recipe: <see cref="Kind"/> is ptetaphim, pxpypze, ptphi or pxpy; fields in that order.</summary>
public sealed record SchemaFourVector(string Kind, IReadOnlyList<string> Fields);

/// <summary>How the branches of one tree map onto .hep declarations (independent of how they are spelled).</summary>
/// <param name="Branches">Scalar and fixed-size array branches declared on their own.</param>
/// <param name="Undeclared">Branches the language cannot declare, with the reason (written as comments).</param>
/// <param name="Vectors">Collections of std::vector branches.</param>
public sealed record SchemaDraft(
    string Tree,
    long Entries,
    IReadOnlyList<SchemaCollection> Collections,
    IReadOnlyList<SchemaSingleton> Singletons,
    IReadOnlyList<ColumnInfo> Branches,
    IReadOnlyList<(string Name, string Reason)> Undeclared,
    IReadOnlyList<SchemaVectorCollection> Vectors)
{

    public static SchemaDraft Of(IEventSource tree)
    {
        var columns = tree.Columns.Where(c => c.Type != ColumnType.String).ToList();
        var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var undeclared = new List<(string, string)>();

        // Names a collection or singleton may not take: plain branches are declared under their own names.
        var taken = new HashSet<string>(columns.Where(c => c.Shape != ColumnShape.Jagged).Select(c => c.Name), StringComparer.Ordinal);

        // Collections: leaf-counted jagged branches grouped by counter. Named Prefix_field they read as fields of
        // Prefix; otherwise each field names its branch (SliceI32 as I32 in collection Slice).
        var collections = new List<SchemaCollection>();
        var counted = columns.Where(c => c.Shape == ColumnShape.Jagged && c.CounterBranch is not null).GroupBy(c => c.CounterBranch!).ToList();
        foreach (var group in counted.OrderBy(g => Conventional(g.ToList()) is null ? 1 : 0))
        {
            var members = group.ToList();
            if (!IsName(group.Key) || !byName.TryGetValue(group.Key, out var counter) || counter.Shape != ColumnShape.Scalar)
                continue;
            var fields = new List<SchemaField>();
            string? name = Conventional(members);
            if (name is not null && !taken.Contains(name))
            {
                foreach (var m in members)
                {
                    string field = m.Name[(name.Length + 1)..];
                    if (IsName(field)) fields.Add(new SchemaField(field, m.Name, m.Type));
                    else undeclared.Add((m.Name, $"'{field}' cannot be a field name"));
                    used.Add(m.Name);
                }
            }
            else
            {
                var named = members.Where(m => IsName(m.Name)).ToList();
                if (named.Count == 0) continue;
                (name, var fieldNames) = GroupNames(named.Select(m => m.Name).ToList(), group.Key, taken);
                for (int i = 0; i < named.Count; i++)
                {
                    fields.Add(new SchemaField(fieldNames[i], named[i].Name, named[i].Type));
                    used.Add(named[i].Name);
                }
            }
            taken.Add(name);
            collections.Add(new SchemaCollection(name, group.Key, counter.Type, fields, FourVectorOf(fields, allowPtPhi: false)));
            used.Add(group.Key);
        }

        // Vector collections: std::vector branches (jagged without a counter) sharing a "prefix_" (jet_pt, jet_eta),
        // else one collection per branch. Their lengths are checked per entry when an analysis runs.
        var vectors = new List<SchemaVectorCollection>();
        var loose = new List<ColumnInfo>();
        foreach (var group in columns.Where(c => c.Shape == ColumnShape.Jagged && c.CounterBranch is null && !used.Contains(c.Name))
                                     .GroupBy(c => Prefix(c.Name) ?? ""))
        {
            var members = group.Where(m => IsName(m.Name)).ToList();
            if (group.Key.Length == 0 || !IsName(group.Key) || taken.Contains(group.Key) || members.Any(m => !IsName(m.Name[(group.Key.Length + 1)..])))
            {
                loose.AddRange(members);
                continue;
            }
            var fields = members.Select(m => new SchemaField(m.Name[(group.Key.Length + 1)..], m.Name, m.Type)).ToList();
            vectors.Add(new SchemaVectorCollection(group.Key, fields, FourVectorOf(fields, allowPtPhi: false)));
            taken.Add(group.Key);
            used.UnionWith(members.Select(m => m.Name));
        }
        foreach (var m in loose)
        {
            string name = m.Name;
            for (int i = 2; taken.Contains(name); i++) name = $"{m.Name}_{i}";
            vectors.Add(new SchemaVectorCollection(name, [new SchemaField("value", m.Name, m.Type)], null));
            taken.Add(name);
            used.Add(m.Name);
        }

        // Singletons: two or more scalar branches sharing a "Prefix_" that is not already a collection.
        var singletons = new List<SchemaSingleton>();
        foreach (var group in columns.Where(c => c.Shape == ColumnShape.Scalar && !used.Contains(c.Name) && Prefix(c.Name) is not null)
                                     .GroupBy(c => Prefix(c.Name)!))
        {
            var members = group.Where(m => IsName(m.Name[(group.Key.Length + 1)..])).ToList();
            if (members.Count < 2 || taken.Contains(group.Key) || !IsName(group.Key)) continue;
            var fields = members.Select(m => new SchemaField(m.Name[(group.Key.Length + 1)..], m.Name, m.Type)).ToList();
            singletons.Add(new SchemaSingleton(group.Key, fields, FourVectorOf(fields, allowPtPhi: true)));
            used.UnionWith(members.Select(m => m.Name));
        }

        var plain = new List<ColumnInfo>();
        foreach (var c in columns.Where(c => !used.Contains(c.Name)))
        {
            if (c.Shape == ColumnShape.Jagged) undeclared.Add((c.Name, $"{c.RootTypeName}: {(IsName(c.Name) ? "its counter is not a scalar integer branch of the tree" : "the name is not a .hep identifier")}"));
            else if (!IsName(c.Name)) undeclared.Add((c.Name, "the name is not a .hep identifier"));
            else plain.Add(c);
        }
        undeclared.AddRange(tree.Columns.Where(c => c.Type == ColumnType.String).Select(c => (c.Name, $"{c.RootTypeName}: strings cannot be used in .hep expressions")));
        var unreadable = tree switch
        {
            TreeSource t => t.Branches.Where(b => b.UnsupportedReason is not null).Select(b => (b.Name, b.UnsupportedReason!)),
            NTupleSource n => n.Unreadable,
            _ => [],
        };
        undeclared.AddRange(unreadable.Select(u => (u.Item1, "not readable: " + u.Item2)));
        return new SchemaDraft(tree.TreeName, tree.Entries, collections, singletons, plain, undeclared, vectors);
    }

    /// <summary>The collection name when every member is named Prefix_field with one prefix, else null.</summary>
    private static string? Conventional(IReadOnlyList<ColumnInfo> members)
    {
        var prefixes = members.Select(m => Prefix(m.Name)).Distinct().ToList();
        return prefixes.Count == 1 && prefixes[0] is { } name && IsName(name) ? name : null;
    }

    /// <summary>
    /// A collection name and field names for branches with free names: the common prefix names the collection and the
    /// rests name the fields (SliceI32, SliceF64 → Slice: I32, F64); without a usable prefix the collection is named
    /// after the counter and the fields after their branches.
    /// </summary>
    private static (string Name, List<string> Fields) GroupNames(IReadOnlyList<string> branches, string counter, HashSet<string> taken)
    {
        int common = branches.Count == 1 ? 0 : branches.Min(b => b.Length);
        for (int i = 0; i < common; i++)
            if (branches.Any(b => b[i] != branches[0][i])) { common = i; break; }
        string prefix = branches[0][..common].TrimEnd('_');
        var rests = branches.Select(b => b[common..].TrimStart('_')).ToList();
        bool restsOk = rests.All(IsName) && rests.Distinct(StringComparer.Ordinal).Count() == rests.Count;
        string name = restsOk && IsName(prefix) ? prefix
            : branches.Count == 1 ? branches[0]
            : (counter.Length > 1 && counter[0] == 'n' && IsName(counter[1..]) ? counter[1..] : counter + "_objects");
        var fields = restsOk && name == prefix ? rests : branches.Count == 1 ? ["value"] : branches.ToList();
        string unique = name;
        for (int i = 2; taken.Contains(unique); i++) unique = $"{name}_{i}";
        return (unique, fields);
    }

    private static string? Prefix(string branch)
    {
        int underscore = branch.IndexOf('_');
        return underscore > 0 && underscore < branch.Length - 1 ? branch[..underscore] : null;
    }

    private static SchemaFourVector? FourVectorOf(IReadOnlyList<SchemaField> fields, bool allowPtPhi)
    {
        string? Find(params string[] names) => fields.FirstOrDefault(f => names.Contains(f.Name, StringComparer.OrdinalIgnoreCase) && f.Type is ColumnType.Float32 or ColumnType.Float64)?.Name;
        if (Find("pt") is { } pt && Find("eta") is { } eta && Find("phi") is { } phi && Find("mass", "m") is { } mass)
            return new SchemaFourVector("ptetaphim", [pt, eta, phi, mass]);
        if (Find("px") is { } px && Find("py") is { } py && Find("pz") is { } pz && Find("e", "energy") is { } e)
            return new SchemaFourVector("pxpypze", [px, py, pz, e]);
        if (allowPtPhi && Find("pt") is { } mpt && Find("phi") is { } mphi)
            return new SchemaFourVector("ptphi", [mpt, mphi]);
        if (allowPtPhi && Find("px") is { } mpx && Find("py") is { } mpy)
            return new SchemaFourVector("pxpy", [mpx, mpy]);
        return null;
    }

    /// <summary>A .hep identifier that is not a reserved word.</summary>
    internal static bool IsName(string name) => HepDsl.Parser.Syntax.Keywords.IsIdentifier(name);
}

/// <summary>Spells a <see cref="SchemaDraft"/> in .hep syntax (see samples/hzz.hep and the nanoaod schema).</summary>
internal static class SchemaText
{
    public static string Render(SchemaDraft draft, string fileName)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Schema of tree '{draft.Tree}' in {fileName} ({draft.Entries} entries), written by `hep schema`.");
        sb.AppendLine($"tree {(SchemaDraft.IsName(draft.Tree) ? draft.Tree : $"\"{draft.Tree}\"")}");
        foreach (var c in draft.Collections)
        {
            sb.AppendLine($"collection {c.Name}[{TypeName(c.CounterType)} {c.Counter}]:");
            WriteMembers(sb, c.Name, c.Fields, c.FourVector);
        }
        foreach (var v in draft.Vectors)
        {
            sb.AppendLine($"collection {v.Name}[vector]:");
            WriteMembers(sb, v.Name, v.Fields, v.FourVector);
        }
        foreach (var s in draft.Singletons)
        {
            sb.AppendLine($"object {s.Name}:");
            WriteMembers(sb, s.Name, s.Fields, s.FourVector);
        }
        foreach (var group in draft.Branches.GroupBy(b => b.Type))
            sb.AppendLine($"branch {TypeName(group.Key)} {string.Join(", ", group.Select(b => b.Shape == ColumnShape.FixedArray ? $"{b.Name}[{b.FixedLength}]" : b.Name))}");
        foreach (var (name, reason) in draft.Undeclared) sb.AppendLine($"# not declared: {name}: {reason}");
        return sb.ToString();
    }

    /// <summary>
    /// Fields grouped by type (<c>float32 pt, eta; int32 charge</c>), then the four-vector recipe, on indented lines.
    /// A field whose branch is not <c>Owner_field</c> names it: <c>int32 SliceI32 as I32</c>.
    /// </summary>
    private static void WriteMembers(StringBuilder sb, string owner, IReadOnlyList<SchemaField> fields, SchemaFourVector? fourVector)
    {
        string Field(SchemaField f) => f.Branch == owner + "_" + f.Name ? f.Name : $"{f.Branch} as {f.Name}";
        var items = fields.GroupBy(f => f.Type).Select(g => $"{TypeName(g.Key)} {string.Join(", ", g.Select(Field))}").ToList();
        if (fourVector is not null) items.Add($"fourvector {fourVector.Kind}({string.Join(", ", fourVector.Fields)})");
        for (int i = 0; i < items.Count; i++) sb.Append("    ").Append(items[i]).AppendLine(i + 1 < items.Count ? ";" : "");
    }

    private static string TypeName(ColumnType type) => type.ToString().ToLowerInvariant();
}
