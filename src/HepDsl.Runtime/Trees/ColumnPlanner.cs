using System.Globalization;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.Root.Streamed;

namespace HepDsl.Runtime.Trees;

/// <summary>
/// Turns streamed branch and leaf metadata into column plans: which element type, shape and on-disk layout each
/// readable column has, and why the others cannot be read.
/// </summary>
/// <remarks>The streamer infos are asked for only when a branch needs them (an extra read for remote files).</remarks>
internal sealed class ColumnPlanner(string location, long treeEntries, Func<IReadOnlyDictionary<string, StreamerInfo>> streamers)
{
    private readonly Dictionary<LeafRecord, string> _leafOwner = new(ReferenceEqualityComparer.Instance);
    public List<ColumnPlan> Plans { get; } = [];
    public List<BranchDescription> Descriptions { get; } = [];
    public List<BranchData> Branches { get; } = [];

    public void Plan(IEnumerable<BranchRecord> topLevel)
    {
        var all = new List<BranchRecord>();
        foreach (var b in topLevel) Flatten(b, all);
        foreach (var b in all)
            foreach (var leaf in b.Leaves)
                _leafOwner.TryAdd(leaf, b.Leaves.Count == 1 ? b.Name : $"{b.Name}.{leaf.Name}");
        foreach (var b in all) PlanBranch(b);
    }

    private static void Flatten(BranchRecord b, List<BranchRecord> into)
    {
        if (b.ClassName == "TBranchRef") return;
        into.Add(b);
        foreach (var sub in b.Branches) Flatten(sub, into);
    }

    private void PlanBranch(BranchRecord b)
    {
        // Basket lists that contradict each other mean the file is damaged, not that the branch is of a kind we
        // do not read: that error ends the opening of the tree (it used to drop the column without a word).
        var data = new BranchData(Branches.Count, b, treeEntries, location);
        Branches.Add(data);

        if (b.Branches.Count > 0)
        {
            Describe(b, b.Name, LeafTypeOf(b), null, $"split object of class {b.ElementClassName ?? b.ClassName}: read its sub-branches", data);
            return;
        }
        if (b.ClassName == "TBranchElement")
        {
            PlanElement(b, data);
            return;
        }
        if (b.ClassName != "TBranch")
        {
            Describe(b, b.Name, LeafTypeOf(b), null, $"holds C++ objects of class {b.ElementClassName ?? "?"} ({b.ClassName}), which are not supported", data);
            return;
        }
        if (b.Leaves.Count == 1)
        {
            PlanLeaf(b, data, b.Leaves[0], b.Name, stride: -1, leafOffset: 0);
            return;
        }
        // A leaf-list: every leaf becomes its own column "branch.leaf", values interleaved entry by entry.
        int stride = 0;
        string? problem = null;
        foreach (var leaf in b.Leaves)
        {
            if (leaf.LeafCount is not null || leaf.ClassName == "TLeafC") problem = $"leaf-list with a variable-size leaf '{leaf.Name}' is not supported";
            stride += Math.Max(1, leaf.Len) * leaf.LenType;
        }
        int offset = 0;
        foreach (var leaf in b.Leaves)
        {
            string name = $"{b.Name}.{leaf.Name}";
            if (problem is not null) Describe(b, name, leaf.ClassName, null, problem, data);
            else PlanLeaf(b, data, leaf, name, stride, offset);
            offset += Math.Max(1, leaf.Len) * leaf.LenType;
        }
    }

    private void PlanLeaf(BranchRecord b, BranchData data, LeafRecord leaf, string name, int stride, int leafOffset)
    {
        var basic = BasicType.OfLeaf(leaf);
        if (basic is null)
        {
            Describe(b, name, leaf.ClassName, null, $"leaf class {leaf.ClassName} is not supported", data);
            return;
        }
        var (type, diskSize, rootName) = basic.Value;
        int len = Math.Max(1, leaf.Len);
        if (type == ColumnType.String)
        {
            var info = new ColumnInfo(name, ColumnType.String, ColumnShape.Scalar, 1, null, rootName);
            Add(b, data, leaf.ClassName, new ColumnPlan { Info = info, Branch = data, Layout = EntryLayout.String, DiskSize = 1 });
            return;
        }
        var encoding = ValueEncoding.Plain;
        double factor = 0, minimum = 0;
        int bits = 0;
        if (leaf.ClassName is "TLeafD32" or "TLeafF16")
        {
            (encoding, factor, minimum, bits) = ReducedPrecision(leaf, isFloat16: leaf.ClassName == "TLeafF16");
            diskSize = encoding switch { ValueEncoding.TruncatedMantissa => 3, _ => 4 };
        }
        ColumnPlan plan;
        if (leaf.LeafCount is { } counter)
        {
            _leafOwner.TryGetValue(counter, out var counterName);
            var info = new ColumnInfo(name, type, ColumnShape.Jagged, 0, counterName ?? counter.Name, $"{rootName}[{counter.Name}]");
            plan = new ColumnPlan
            {
                Info = info, Branch = data, Layout = EntryLayout.Counted, Encoding = encoding, DiskSize = diskSize,
                ValuesPerEntry = len, Counter = counterName, Factor = factor, Minimum = minimum, MantissaBits = bits,
            };
        }
        else
        {
            var shape = len > 1 ? ColumnShape.FixedArray : ColumnShape.Scalar;
            var info = new ColumnInfo(name, type, shape, len, null, len > 1 ? $"{rootName}[{len}]" : rootName);
            plan = new ColumnPlan
            {
                Info = info, Branch = data, Layout = EntryLayout.Fixed, Encoding = encoding, DiskSize = diskSize,
                ValuesPerEntry = len, EntryStride = stride > 0 ? stride : len * diskSize, LeafOffset = leafOffset,
                Factor = factor, Minimum = minimum, MantissaBits = bits,
            };
        }
        Add(b, data, leaf.ClassName, plan);
    }

    private void PlanElement(BranchRecord b, BranchData data)
    {
        string cls = b.ElementClassName ?? "";
        string leafType = LeafTypeOf(b);
        // std::vector<basic> as a whole branch, or as a member of a split object (its type from the streamer infos).
        if (VectorType(b) is { } vector)
        {
            cls = vector;
            string inner = cls[7..^1].Trim();
            var basic = BasicType.OfName(inner);
            if (basic is null || basic.Value.Type == ColumnType.String)
            {
                Describe(b, b.Name, cls, null, $"holds {cls}, whose element type '{inner}' is not supported", data);
                return;
            }
            var (type, size, rootName) = basic.Value;
            var info = new ColumnInfo(b.Name, type, ColumnShape.Jagged, 0, null, $"vector<{rootName}>");
            Add(b, data, cls, new ColumnPlan { Info = info, Branch = data, Layout = EntryLayout.Vector, DiskSize = size });
            return;
        }
        if (b.Leaves.Count == 1 && PlanMember(b, data, leafType)) return;
        Describe(b, b.Name, leafType, null, $"holds C++ objects of class {(cls.Length > 0 ? cls : "?")} (TBranchElement type {b.ElementType}, streamer type {b.StreamerType}{(b.Leaves.Count == 1 ? $", leaf type {b.Leaves[0].ElementType} length {b.Leaves[0].Len}" : "")}), which are not supported", data);
    }

    /// <summary>The <c>vector&lt;T&gt;</c> a branch holds, or null.</summary>
    private string? VectorType(BranchRecord b)
    {
        static bool IsVector(string? t) => t is not null && t.StartsWith("vector<", StringComparison.Ordinal) && t.EndsWith('>');
        string cls = b.ElementClassName ?? "";
        if (b.ElementId < 0 && IsVector(cls)) return cls;
        // A split member (type 0, kSTL): the member's type is in the streamer info of the class holding it.
        if (b.ElementType == 0 && b.StreamerType == 300 && b.ElementId >= 0 && streamers().TryGetValue(cls, out var info))
        {
            string member = b.Name[(b.Name.LastIndexOf('.') + 1)..];
            int bracket = member.IndexOf('[');
            if (bracket >= 0) member = member[..bracket];
            string? type = info.Element(member)?.TypeName;
            if (IsVector(type)) return type;
        }
        return null;
    }

    /// <summary>
    /// A basic-typed member of a split object (branch type 0) or of a split TClonesArray (type 31), by its
    /// streamer type: 1-18 a value, 21-38 a fixed array (kOffsetL), 41-58 a counted array behind a pointer
    /// (kOffsetP: one flag byte, then the values), 65 a TString. Members of split STL collections (type 41) carry
    /// per-entry headers and are not supported.
    /// </summary>
    private bool PlanMember(BranchRecord b, BranchData data, string leafType)
    {
        var leaf = b.Leaves[0];
        int code = leaf.ElementType > 0 ? leaf.ElementType : b.StreamerType;
        int len = Math.Max(1, leaf.Len);
        bool inClones = b.ElementType == 31;
        if (b.ElementType != 0 && !inClones) return false;
        if (code == 65 && !inClones)
        {
            var info = new ColumnInfo(b.Name, ColumnType.String, ColumnShape.Scalar, 1, null, "TString");
            Add(b, data, leafType, new ColumnPlan { Info = info, Branch = data, Layout = EntryLayout.String, DiskSize = 1 });
            return true;
        }
        int family = code / 20;
        if (code <= 0 || code > 58 || code % 20 == 0 || BasicType.OfCode(code % 20) is not { } basic) return false;
        var (type, size, rootName) = basic;
        switch (family)
        {
            case 0 when !inClones && leaf.LeafCount is null && len == 1:
            case 1 when !inClones && leaf.LeafCount is null && len > 1:
                {
                    var shape = len > 1 ? ColumnShape.FixedArray : ColumnShape.Scalar;
                    var info = new ColumnInfo(b.Name, type, shape, len, null, len > 1 ? $"{rootName}[{len}]" : rootName);
                    Add(b, data, leafType, new ColumnPlan { Info = info, Branch = data, Layout = EntryLayout.Fixed, DiskSize = size, ValuesPerEntry = len, EntryStride = len * size });
                    return true;
                }
            case 0 when inClones && data.Record.EntryOffsetLen > 0:
                {
                    var info = new ColumnInfo(b.Name, type, ColumnShape.Jagged, 0, null, $"{rootName}[]");
                    Add(b, data, leafType, new ColumnPlan { Info = info, Branch = data, Layout = EntryLayout.Counted, DiskSize = size });
                    return true;
                }
            case 2 when !inClones && leaf.LeafCount is { } counter:
                {
                    _leafOwner.TryGetValue(counter, out var counterName);
                    var info = new ColumnInfo(b.Name, type, ColumnShape.Jagged, 0, counterName, $"{rootName}[{counter.Name}]");
                    Add(b, data, leafType, new ColumnPlan { Info = info, Branch = data, Layout = EntryLayout.Counted, DiskSize = size, EntryHeader = 1, Counter = counterName });
                    return true;
                }
            default:
                return false;
        }
    }

    /// <summary>Double32_t/Float16_t ranges from the leaf title, e.g. <c>x[0,1,10]</c> or <c>x[0,0,12]</c>.</summary>
    private static (ValueEncoding, double Factor, double Min, int Bits) ReducedPrecision(LeafRecord leaf, bool isFloat16)
    {
        string title = leaf.Title;
        int close = title.LastIndexOf(']');
        int open = close > 0 ? title.LastIndexOf('[', close) : -1;
        if (open >= 0 && title.IndexOf(',', open) is var comma && comma > 0 && comma < close)
        {
            var parts = title[(open + 1)..close].Split(',');
            if (parts.Length is 2 or 3
                && TryNumber(parts[0], out double min) && TryNumber(parts[1], out double max))
            {
                int bits = parts.Length == 3 && int.TryParse(parts[2].Trim(), out var nb) ? nb : 32;
                if (bits < 2 || bits > 32) bits = 32;
                if (min < max)
                {
                    double big = bits < 32 ? (double)(1u << bits) : uint.MaxValue;
                    return (ValueEncoding.ScaledUInt32, big / (max - min), min, bits);
                }
                if (bits < 15) return (ValueEncoding.TruncatedMantissa, 0, 0, bits);
            }
        }
        return isFloat16 ? (ValueEncoding.TruncatedMantissa, 0, 0, 12) : (ValueEncoding.Float32AsWider, 0, 0, 0);
    }

    private static bool TryNumber(string text, out double value)
    {
        text = text.Trim();
        string lower = text.ToLowerInvariant();
        if (lower is "pi") { value = Math.PI; return true; }
        if (lower is "-pi") { value = -Math.PI; return true; }
        if (lower is "2pi" or "2*pi") { value = 2 * Math.PI; return true; }
        if (lower is "pi/2") { value = Math.PI / 2; return true; }
        if (lower is "-pi/2") { value = -Math.PI / 2; return true; }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static string LeafTypeOf(BranchRecord b) =>
        b.ElementClassName is { Length: > 0 } cls ? cls : b.Leaves.Count > 0 ? string.Join(",", b.Leaves.Select(l => l.ClassName)) : b.ClassName;

    private void Add(BranchRecord b, BranchData data, string leafType, ColumnPlan plan)
    {
        Plans.Add(plan);
        Describe(b, plan.Info.Name, leafType, plan.Info, null, data);
    }

    private void Describe(BranchRecord b, string name, string leafType, ColumnInfo? info, string? reason, BranchData? data) =>
        Descriptions.Add(new BranchDescription(name, b.Title, b.ClassName, leafType, info, reason, b.Entries,
            data?.Baskets.Count ?? b.WriteBasket, b.Compress, RootDecompressor.Describe(b.Compress), b.ZipBytes, b.TotBytes,
            b.EmbeddedBaskets.Sum(e => (long)e.Buffer.Length)));
}
