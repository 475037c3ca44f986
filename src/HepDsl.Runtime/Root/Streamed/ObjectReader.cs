using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Root.Streamed;

/// <summary>A streamed object of a class this reader does not model; it was skipped using its byte count.</summary>
public sealed record UnknownObject(string ClassName);

/// <summary>
/// Reads ROOT's object references (new-class tags, class back-references and object back-references) in one
/// streamed record, dispatching the classes a TTree needs to <see cref="TreeParser"/>.
/// </summary>
internal sealed class ObjectReader(RootBuffer buffer)
{
    private const uint NewClassTag = 0xFFFFFFFF;
    private const uint ClassMask = 0x80000000;
    private const uint ByteCountMask = 0x40000000;
    private const int MapOffset = 2;
    private const int MaxDepth = 100;

    private readonly Dictionary<long, string> _classes = [];
    private readonly Dictionary<long, object> _objects = [];
    private int _depth;

    public RootBuffer Buffer { get; } = buffer;

    /// <summary>An object written through a pointer: null, a back-reference, or a tagged new object.</summary>
    public object? ReadObjectAny()
    {
        var b = Buffer;
        int beg = b.Displacement;
        uint first = b.ReadUInt32();
        uint tag;
        int end = -1;
        int start;
        if ((first & ByteCountMask) == 0 || first == NewClassTag)
        {
            tag = first;
            start = beg; // no byte count: the tag sits at beg
        }
        else
        {
            long count = first & ~ByteCountMask;
            end = (int)Math.Min(int.MaxValue, b.Position + count);
            if (end > b.Length) throw b.Error($"object byte count {count} runs past the end of the record");
            start = b.Displacement;
            tag = b.ReadUInt32();
        }

        if ((tag & ClassMask) == 0)
        {
            // A reference to an object already read (or null).
            if (tag == 0) return null;
            if (_objects.TryGetValue(tag, out var known)) return known;
            return null; // references to objects outside this record (tag 1: the parent) carry nothing we need
        }

        string className;
        if (tag == NewClassTag)
        {
            className = b.ReadCString();
            _classes[start + MapOffset] = className;
        }
        else
        {
            long reference = tag & ~ClassMask;
            if (!_classes.TryGetValue(reference, out className!))
                throw b.Error($"reference to an unknown class (tag {tag:x8})");
        }

        if (++_depth > MaxDepth) throw b.Error("objects nested too deeply (corrupt record?)");
        try
        {
            object result = ReadBody(className, end, obj => _objects[beg + MapOffset] = obj);
            _objects[beg + MapOffset] = result;
            if (end >= 0 && b.Position > end) throw b.Error($"{className} object read {b.Position - end} bytes past its byte count");
            b.SkipTo(end);
            return result;
        }
        finally { _depth--; }
    }

    private object ReadBody(string className, int end, Action<object> register)
    {
        switch (className)
        {
            case "TObjArray":
                return ReadObjArray();
            case "TBranch" or "TBranchElement" or "TBranchObject" or "TBranchSTL" or "TBranchClones" or "TBranchRef":
                {
                    var branch = new BranchRecord { ClassName = className };
                    register(branch);
                    TreeParser.ReadBranch(this, branch);
                    return branch;
                }
            case "TBasket":
                return TreeParser.ReadEmbeddedBasket(this);
            case "TList":
                return ReadList();
            case "TStreamerInfo":
                return StreamerInfoParser.ReadInfo(this);
            default:
                if (className.StartsWith("TLeaf", StringComparison.Ordinal))
                {
                    var leaf = new LeafRecord { ClassName = className };
                    register(leaf);
                    TreeParser.ReadLeaf(this, leaf);
                    return leaf;
                }
                if (className.StartsWith("TStreamer", StringComparison.Ordinal))
                    return StreamerInfoParser.ReadElement(this, className);
                if (end < 0) throw Buffer.Error($"cannot skip an object of class {className} written without a byte count");
                return new UnknownObject(className);
        }
    }

    /// <summary>A TObjArray written as a member (no tag): version, TObject, name, count, lower bound, objects.</summary>
    public List<object?> ReadObjArray()
    {
        var b = Buffer;
        var (version, end) = b.ReadVersion();
        if (version > 2) ReadTObject();
        if (version > 1) b.ReadTString();
        int count = b.ReadInt32();
        b.ReadInt32(); // lower bound
        if (count < 0 || count > b.Remaining / 4) throw b.Error($"implausible TObjArray size {count}");
        var items = new List<object?>(count);
        for (int i = 0; i < count; i++) items.Add(ReadObjectAny());
        b.SkipTo(end);
        return items;
    }

    /// <summary>A TList: like a TObjArray, but each object is followed by its option string.</summary>
    public List<object?> ReadList()
    {
        var b = Buffer;
        var (version, end) = b.ReadVersion();
        if (version > 3) ReadTObject();
        b.ReadTString(); // name
        int count = b.ReadInt32();
        if (count < 0 || count > b.Remaining / 4) throw b.Error($"implausible TList size {count}");
        var items = new List<object?>(count);
        for (int i = 0; i < count; i++)
        {
            items.Add(ReadObjectAny());
            int option = b.ReadByte();
            b.Skip(option);
        }
        b.SkipTo(end);
        return items;
    }

    public void ReadTObject()
    {
        var b = Buffer;
        b.ReadVersion();
        b.ReadUInt32(); // unique id
        uint bits = b.ReadUInt32();
        if ((bits & (1 << 4)) != 0) b.Skip(2); // kIsReferenced: process id
    }

    /// <summary>TNamed: returns name and title.</summary>
    public (string Name, string Title) ReadTNamed()
    {
        var b = Buffer;
        var (_, end) = b.ReadVersion();
        ReadTObject();
        string name = b.ReadTString();
        string title = b.ReadTString();
        b.SkipTo(end);
        return (name, title);
    }

    /// <summary>Skips a base class or member object written with a byte count (TAttLine, TIOFeatures, ...).</summary>
    public void SkipVersioned(string what)
    {
        var b = Buffer;
        var (_, end) = b.ReadVersion();
        if (end < 0) throw b.Error($"{what} has no byte count and cannot be skipped");
        b.SkipTo(end);
    }
}
