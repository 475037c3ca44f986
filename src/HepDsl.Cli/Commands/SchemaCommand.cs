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

/// <summary>A field of a collection or singleton: its name in .hep and the branch that stores it.</summary>
public sealed record SchemaField(string Name, string Branch, ColumnType Type);

/// <summary>Objects stored as jagged branches sharing <see cref="Counter"/>.</summary>
public sealed record SchemaCollection(string Name, string Counter, IReadOnlyList<SchemaField> Fields, SchemaFourVector? FourVector);

/// <summary>One object per event made of scalar branches sharing a prefix.</summary>
public sealed record SchemaSingleton(string Name, IReadOnlyList<SchemaField> Fields, SchemaFourVector? FourVector);

/// <summary>A four-vector recipe: <see cref="Kind"/> is pt_eta_phi_m, px_py_pz_e or pt_phi; fields in that order.</summary>
public sealed record SchemaFourVector(string Kind, IReadOnlyList<string> Fields);

/// <summary>How the branches of one tree map onto .hep declarations (independent of how they are spelled).</summary>
public sealed record SchemaDraft(
    string Tree,
    long Entries,
    IReadOnlyList<SchemaCollection> Collections,
    IReadOnlyList<SchemaSingleton> Singletons,
    IReadOnlyList<ColumnInfo> Branches,
    IReadOnlyList<(string Name, string Reason)> Unreadable)
{
    public static SchemaDraft Of(TreeSource tree)
    {
        var columns = tree.Columns.Where(c => c.Type != ColumnType.String).ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);

        // Collections: leaf-counted jagged branches grouped by counter, named by their shared prefix.
        var collections = new List<SchemaCollection>();
        foreach (var group in columns.Where(c => c.Shape == ColumnShape.Jagged && c.CounterBranch is not null).GroupBy(c => c.CounterBranch!))
        {
            var members = group.ToList();
            string name = CollectionName(group.Key, members.Select(m => m.Name).ToList());
            var fields = members.Select(m => new SchemaField(FieldName(name, m.Name), m.Name, m.Type)).ToList();
            if (fields.Select(f => f.Name).Distinct().Count() != fields.Count || !IsIdentifier(name)) continue;
            collections.Add(new SchemaCollection(name, group.Key, fields, FourVectorOf(fields, allowPtPhi: false)));
            used.Add(group.Key);
            used.UnionWith(members.Select(m => m.Name));
        }

        // Singletons: two or more scalar branches sharing a "Prefix_" that is not already a collection.
        var singletons = new List<SchemaSingleton>();
        var taken = new HashSet<string>(collections.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var group in columns.Where(c => c.Shape == ColumnShape.Scalar && !used.Contains(c.Name) && Prefix(c.Name) is not null)
                                     .GroupBy(c => Prefix(c.Name)!))
        {
            var members = group.ToList();
            if (members.Count < 2 || taken.Contains(group.Key) || !IsIdentifier(group.Key)) continue;
            var fields = members.Select(m => new SchemaField(m.Name[(group.Key.Length + 1)..], m.Name, m.Type)).ToList();
            if (!fields.All(f => IsIdentifier(f.Name))) continue;
            singletons.Add(new SchemaSingleton(group.Key, fields, FourVectorOf(fields, allowPtPhi: true)));
            used.UnionWith(members.Select(m => m.Name));
        }

        var rest = columns.Where(c => !used.Contains(c.Name)).ToList();
        var unreadable = tree.Branches.Where(b => b.UnsupportedReason is not null).Select(b => (b.Name, b.UnsupportedReason!))
            .Concat(tree.Columns.Where(c => c.Type == ColumnType.String).Select(c => (c.Name, "strings cannot be used in .hep expressions")))
            .ToList();
        return new SchemaDraft(tree.TreeName, tree.Entries, collections, singletons, rest, unreadable);
    }

    private static string? Prefix(string branch)
    {
        int underscore = branch.IndexOf('_');
        return underscore > 0 && underscore < branch.Length - 1 ? branch[..underscore] : null;
    }

    /// <summary>Jet for nJet/NJet + Jet_*; else the members' common "Prefix_"; else the counter name.</summary>
    private static string CollectionName(string counter, IReadOnlyList<string> members)
    {
        var prefixes = members.Select(Prefix).Distinct().ToList();
        if (prefixes.Count == 1 && prefixes[0] is { } common) return common;
        if (counter.Length > 1 && counter[0] is 'n' or 'N' && char.IsUpper(counter[1])) return counter[1..];
        return counter;
    }

    private static string FieldName(string collection, string branch) =>
        branch.StartsWith(collection + "_", StringComparison.Ordinal) ? branch[(collection.Length + 1)..] : branch;

    private static SchemaFourVector? FourVectorOf(IReadOnlyList<SchemaField> fields, bool allowPtPhi)
    {
        string? Find(params string[] names) => fields.FirstOrDefault(f => names.Contains(f.Name, StringComparer.OrdinalIgnoreCase))?.Name;
        if (Find("pt") is { } pt && Find("eta") is { } eta && Find("phi") is { } phi && Find("mass", "m") is { } mass)
            return new SchemaFourVector("pt_eta_phi_m", [pt, eta, phi, mass]);
        if (Find("px") is { } px && Find("py") is { } py && Find("pz") is { } pz && Find("e", "energy") is { } e)
            return new SchemaFourVector("px_py_pz_e", [px, py, pz, e]);
        if (allowPtPhi && Find("pt") is { } mpt && Find("phi") is { } mphi)
            return new SchemaFourVector("pt_phi", [mpt, mphi]);
        return null;
    }

    internal static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');
}

/// <summary>Spells a <see cref="SchemaDraft"/> in .hep syntax.</summary>
internal static class SchemaText
{
    public static string Render(SchemaDraft draft, string fileName)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Schema of tree '{draft.Tree}' in {fileName} ({draft.Entries} entries), written by `hep schema`.");
        sb.AppendLine($"tree {draft.Tree}");
        foreach (var c in draft.Collections)
        {
            sb.AppendLine();
            sb.AppendLine($"collection {c.Name}[{c.Counter}] {{");
            foreach (var f in c.Fields) sb.AppendLine($"    {f.Name}: {TypeName(f.Type)} = {f.Branch}");
            if (c.FourVector is { } v) sb.AppendLine($"    p4 = {v.Kind}({string.Join(", ", v.Fields)})");
            sb.AppendLine("}");
        }
        foreach (var s in draft.Singletons)
        {
            sb.AppendLine();
            sb.AppendLine($"object {s.Name} {{");
            foreach (var f in s.Fields) sb.AppendLine($"    {f.Name}: {TypeName(f.Type)} = {f.Branch}");
            if (s.FourVector is { } v) sb.AppendLine($"    p4 = {v.Kind}({string.Join(", ", v.Fields)})");
            sb.AppendLine("}");
        }
        if (draft.Branches.Count > 0) sb.AppendLine();
        foreach (var b in draft.Branches)
        {
            string shape = b.Shape switch { ColumnShape.FixedArray => $"[{b.FixedLength}]", ColumnShape.Jagged => "[]", _ => "" };
            string name = SchemaDraft.IsIdentifier(b.Name) ? b.Name : $"`{b.Name}`";
            sb.AppendLine($"branch {name}: {TypeName(b.Type)}{shape}");
        }
        if (draft.Unreadable.Count > 0) sb.AppendLine();
        foreach (var (name, reason) in draft.Unreadable) sb.AppendLine($"# not declared: {name}: {reason}");
        return sb.ToString();
    }

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Bool => "bool",
        ColumnType.Int8 => "int8",
        ColumnType.UInt8 => "uint8",
        ColumnType.Int16 => "int16",
        ColumnType.UInt16 => "uint16",
        ColumnType.Int32 => "int32",
        ColumnType.UInt32 => "uint32",
        ColumnType.Int64 => "int64",
        ColumnType.UInt64 => "uint64",
        ColumnType.Float32 => "float32",
        ColumnType.Float64 => "float64",
        _ => type.ToString().ToLowerInvariant(),
    };
}
