using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Trees.Writing;

/// <summary>
/// ROOT's object references inside one streamed record: a new class is announced once (0xFFFFFFFF and its name),
/// later by the offset of that announcement; an object already written is referred to by the offset of its byte
/// count. Offsets count from the start of the record's key, plus 2 (kMapOffset), so the key length must be known.
/// </summary>
internal sealed class TaggedObjects(RootWriteBuffer buffer, int keyLength)
{
    private const uint NewClassTag = 0xFFFFFFFF;
    private const uint ClassMask = 0x80000000;
    private const uint ByteCountMask = 0x40000000;
    private const int MapOffset = 2;
    private readonly Dictionary<string, uint> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<object, uint> _objects = new(ReferenceEqualityComparer.Instance);

    public RootWriteBuffer Buffer => buffer;

    /// <summary>Writes an object through a pointer: byte count, class tag, then <paramref name="body"/>.</summary>
    public void Write(string className, object identity, Action body)
    {
        int countAt = buffer.Length;
        buffer.U32(0);
        _objects[identity] = Offset(countAt);
        if (_classes.TryGetValue(className, out var tag)) buffer.U32(tag | ClassMask);
        else
        {
            _classes[className] = Offset(buffer.Length);
            buffer.U32(NewClassTag);
            buffer.Bytes(System.Text.Encoding.ASCII.GetBytes(className));
            buffer.U8(0);
        }
        body();
        buffer.PatchI32(countAt, (int)((uint)(buffer.Length - countAt - 4) | ByteCountMask));
    }

    /// <summary>A pointer to an object written earlier in this record (or null when <paramref name="identity"/> is null).</summary>
    public void Reference(object? identity)
    {
        if (identity is null) { buffer.U32(0); return; }
        if (!_objects.TryGetValue(identity, out var offset))
            throw new InvalidOperationException("reference to an object not written yet in this record");
        buffer.U32(offset);
    }

    private uint Offset(int position) => checked((uint)(position + keyLength + MapOffset));
}
