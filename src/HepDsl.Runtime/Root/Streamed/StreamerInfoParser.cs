using HepDsl.Runtime.Root.Serialization;
namespace HepDsl.Runtime.Root.Streamed;

/// <summary>Reads the file's streamer-info record: a TList of TStreamerInfo, each with a TObjArray of elements.</summary>
internal static class StreamerInfoParser
{
    public static IReadOnlyDictionary<string, StreamerInfo> ReadAll(RootBuffer buffer)
    {
        var r = new ObjectReader(buffer);
        var result = new Dictionary<string, StreamerInfo>(StringComparer.Ordinal);
        foreach (var item in r.ReadList())
            if (item is StreamerInfo info) result.TryAdd(info.ClassName, info);
        return result;
    }

    public static StreamerInfo ReadInfo(ObjectReader r)
    {
        var b = r.Buffer;
        var (_, end) = b.ReadVersion();
        var (name, _) = r.ReadTNamed();
        uint checkSum = b.ReadUInt32();
        int classVersion = b.ReadInt32();
        var elements = new List<StreamerElement>();
        if (r.ReadObjectAny() is List<object?> items)
            foreach (var item in items)
                if (item is StreamerElement e) elements.Add(e);
        b.SkipTo(end);
        return new StreamerInfo(name, classVersion, checkSum, elements);
    }

    /// <summary>A TStreamerElement subclass: its own version, then the TStreamerElement base, then its extras (skipped).</summary>
    public static StreamerElement ReadElement(ObjectReader r, string className)
    {
        var b = r.Buffer;
        int end = -1;
        if (className != "TStreamerElement") (_, end) = b.ReadVersion();
        // TStreamerSTLstring derives from TStreamerSTL, which has its own header before TStreamerElement's.
        if (className == "TStreamerSTLstring") b.ReadVersion();
        var (version, baseEnd) = b.ReadVersion();
        var (name, title) = r.ReadTNamed();
        int type = b.ReadInt32();
        int size = b.ReadInt32();
        int arrayLength = b.ReadInt32();
        b.ReadInt32(); // fArrayDim
        if (version == 1)
        {
            int n = b.ReadInt32();
            if (n < 0 || n > b.Remaining / 4) throw b.Error($"implausible dimension count {n}");
            b.Skip(4 * n);
        }
        else b.Skip(4 * 5); // fMaxIndex[5]
        string typeName = b.ReadTString();
        b.SkipTo(baseEnd);
        b.SkipTo(end);
        return new StreamerElement(className, name, title, type, size, arrayLength, typeName);
    }
}
