namespace HepDsl.Runtime.Root.Streamed;

/// <summary>One class's layout as the file's streamer-info record describes it.</summary>
public sealed record StreamerInfo(string ClassName, int ClassVersion, uint CheckSum, IReadOnlyList<StreamerElement> Elements)
{
    /// <summary>The element (member or base) named <paramref name="name"/>, or null.</summary>
    public StreamerElement? Element(string name)
    {
        foreach (var e in Elements)
            if (e.Name == name) return e;
        return null;
    }
}

/// <summary>One member (or base class) of a class: its ROOT type code and C++ type name.</summary>
/// <param name="Kind">The TStreamerElement subclass, e.g. TStreamerBasicType, TStreamerSTL.</param>
/// <param name="Type">ROOT's streamer type code (EDataType, +20 fixed array, +40 pointer array, 300 STL, ...).</param>
/// <param name="TypeName">C++ spelling, e.g. <c>vector&lt;float&gt;</c>.</param>
public sealed record StreamerElement(string Kind, string Name, string Title, int Type, int Size, int ArrayLength, string TypeName);
