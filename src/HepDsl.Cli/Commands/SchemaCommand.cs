using System.CommandLine;
using System.Text;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Trees;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep schema FILE --tree NAME</c>: the .hep declarations of a tree's branches, ready to paste into an analysis.
/// Jagged branches sharing a counter become a collection (<c>nJet</c> + <c>Jet_pt[nJet]</c> → collection Jet with
/// field pt); scalar branches sharing a prefix become a singleton (<c>MET_pt</c>, <c>MET_phi</c> → MET); the rest are
/// plain branches. Four-vector recipes are recognised from field names (pt/eta/phi/mass, px/py/pz/E, pt/phi).
/// </summary>
public static class SchemaCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "ROOT file: local path, file://, http(s):// or s3:// URL" };
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
        treeName ??= file.TreeNames.Count == 1 ? file.TreeNames[0]
            : throw new HepDataException($"{file.Location}: {(file.TreeNames.Count == 0 ? "has no trees" : $"holds several trees ({string.Join(", ", file.TreeNames)}); choose one with --tree")}");
        using var tree = file.OpenTree(treeName);
        return SchemaText.Render(SchemaDraft.Of(tree), Path.GetFileName(file.Location));
    }
}

/// <summary>A field of a collection or singleton: its name in .hep and the branch that stores it (<c>Name_field</c>).</summary>
public sealed record SchemaField(string Name, string Branch, ColumnType Type);

/// <summary>Objects stored as jagged branches <c>Name_field[Counter]</c> sharing <see cref="Counter"/>.</summary>
public sealed record SchemaCollection(string Name, string Counter, ColumnType CounterType, IReadOnlyList<SchemaField> Fields, SchemaFourVector? FourVector);

/// <summary>One object per event made of scalar branches <c>Name_field</c>.</summary>
public sealed record SchemaSingleton(string Name, IReadOnlyList<SchemaField> Fields, SchemaFourVector? FourVector);

/// <summary>A four-vector recipe: <see cref="Kind"/> is ptetaphim, pxpypze, ptphi or pxpy; fields in that order.</summary>
public sealed record SchemaFourVector(string Kind, IReadOnlyList<string> Fields);

/// <summary>How the branches of one tree map onto .hep declarations (independent of how they are spelled).</summary>
/// <param name="Branches">Scalar and fixed-size array branches declared on their own.</param>
/// <param name="Undeclared">Branches the language cannot declare, with the reason (written as comments).</param>
public sealed record SchemaDraft(
    string Tree,
    long Entries,
    IReadOnlyList<SchemaCollection> Collections,
    IReadOnlyList<SchemaSingleton> Singletons,
    IReadOnlyList<ColumnInfo> Branches,
    IReadOnlyList<(string Name, string Reason)> Undeclared)
{
    /// <summary>Words the .hep grammar reserves (mirrors HepDsl.Parser's list; the schema tests compile the output, so drift shows).</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "and", "or", "not", "with", "sorted", "by", "for", "in", "any", "all", "none", "if", "then", "else",
        "where", "true", "false", "pair", "triple", "closest", "to",
    };

    public static SchemaDraft Of(TreeSource tree)
    {
        var columns = tree.Columns.Where(c => c.Type != ColumnType.String).ToList();
        var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var undeclared = new List<(string, string)>();

        // Collections: leaf-counted jagged branches grouped by counter, all named Prefix_field.
        var collections = new List<SchemaCollection>();
        foreach (var group in columns.Where(c => c.Shape == ColumnShape.Jagged && c.CounterBranch is not null).GroupBy(c => c.CounterBranch!))
        {
            var members = group.ToList();
            var prefixes = members.Select(m => Prefix(m.Name)).Distinct().ToList();
            if (prefixes.Count != 1 || prefixes[0] is not { } name || !IsName(name) || !IsName(group.Key)
                || !byName.TryGetValue(group.Key, out var counter) || counter.Shape != ColumnShape.Scalar)
                continue;
            var fields = new List<SchemaField>();
            foreach (var m in members)
            {
                string field = m.Name[(name.Length + 1)..];
                if (IsName(field)) fields.Add(new SchemaField(field, m.Name, m.Type));
                else undeclared.Add((m.Name, $"'{field}' cannot be a field name"));
                used.Add(m.Name);
            }
            collections.Add(new SchemaCollection(name, group.Key, counter.Type, fields, FourVectorOf(fields, allowPtPhi: false)));
            used.Add(group.Key);
        }

        // Singletons: two or more scalar branches sharing a "Prefix_" that is not already a collection.
        var singletons = new List<SchemaSingleton>();
        var taken = new HashSet<string>(collections.Select(c => c.Name), StringComparer.Ordinal);
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
            if (c.Shape == ColumnShape.Jagged) undeclared.Add((c.Name, $"{c.RootTypeName}: only scalar branches, fixed-size arrays and counted collections can be declared"));
            else if (!IsName(c.Name)) undeclared.Add((c.Name, "the name is not a .hep identifier"));
            else plain.Add(c);
        }
        undeclared.AddRange(tree.Columns.Where(c => c.Type == ColumnType.String).Select(c => (c.Name, $"{c.RootTypeName}: strings cannot be used in .hep expressions")));
        undeclared.AddRange(tree.Branches.Where(b => b.UnsupportedReason is not null).Select(b => (b.Name, "not readable: " + b.UnsupportedReason!)));
        return new SchemaDraft(tree.TreeName, tree.Entries, collections, singletons, plain, undeclared);
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
    internal static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !Reserved.Contains(name);
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
            WriteMembers(sb, c.Fields, c.FourVector);
        }
        foreach (var s in draft.Singletons)
        {
            sb.AppendLine($"object {s.Name}:");
            WriteMembers(sb, s.Fields, s.FourVector);
        }
        foreach (var group in draft.Branches.GroupBy(b => b.Type))
            sb.AppendLine($"branch {TypeName(group.Key)} {string.Join(", ", group.Select(b => b.Shape == ColumnShape.FixedArray ? $"{b.Name}[{b.FixedLength}]" : b.Name))}");
        foreach (var (name, reason) in draft.Undeclared) sb.AppendLine($"# not declared: {name}: {reason}");
        return sb.ToString();
    }

    /// <summary>Fields grouped by type (<c>float32 pt, eta; int32 charge</c>), then the four-vector recipe, on indented lines.</summary>
    private static void WriteMembers(StringBuilder sb, IReadOnlyList<SchemaField> fields, SchemaFourVector? fourVector)
    {
        var items = fields.GroupBy(f => f.Type).Select(g => $"{TypeName(g.Key)} {string.Join(", ", g.Select(f => f.Name))}").ToList();
        if (fourVector is not null) items.Add($"fourvector {fourVector.Kind}({string.Join(", ", fourVector.Fields)})");
        for (int i = 0; i < items.Count; i++) sb.Append("    ").Append(items[i]).AppendLine(i + 1 < items.Count ? ";" : "");
    }

    private static string TypeName(ColumnType type) => type.ToString().ToLowerInvariant();
}
