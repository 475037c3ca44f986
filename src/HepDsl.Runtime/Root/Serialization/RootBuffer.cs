using System.Buffers.Binary;
using System.Text;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Root.Serialization;

/// <summary>
/// A bounds-checked big-endian cursor over one record. Every length read from the file goes through it, so a
/// corrupt or truncated record fails with a <see cref="HepDataException"/> naming the record and offset,
/// never with an index error from deep inside.
/// </summary>
public sealed class RootBuffer
{
    private readonly ReadOnlyMemory<byte> _data;

    /// <param name="data">The record's bytes.</param>
    /// <param name="context">What the record is, for messages ("file.root: TTree 'events'").</param>
    /// <param name="origin">Added to positions to get ROOT's displacement (the key length for streamed objects).</param>
    /// <param name="fileOffset">Where <paramref name="data"/> starts in the file, for messages; -1 if unknown.</param>
    public RootBuffer(ReadOnlyMemory<byte> data, string context, int origin = 0, long fileOffset = -1)
    {
        _data = data;
        Context = context;
        Origin = origin;
        FileOffset = fileOffset;
    }

    public string Context { get; }
    public int Origin { get; }
    public long FileOffset { get; }
    public int Position { get; set; }
    public int Length => _data.Length;
    public int Remaining => _data.Length - Position;
    /// <summary>The position as ROOT counts it inside a streamed record (for object and class references).</summary>
    public int Displacement => Position + Origin;

    public HepDataException Error(string what) =>
        new($"{Context}: {what} (at byte {Position} of the record{(FileOffset >= 0 ? $", file offset {FileOffset + Position}" : "")})");

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Remaining) throw Error($"record is truncated or corrupt: needs {n} more bytes, has {Remaining}");
        var span = _data.Span.Slice(Position, n);
        Position += n;
        return span;
    }

    public void Skip(int n) => Take(n);

    public void Seek(int position)
    {
        if (position < 0 || position > _data.Length) throw Error($"jump to byte {position} is outside the record ({_data.Length} bytes)");
        Position = position;
    }

    public byte ReadByte() => Take(1)[0];
    public bool ReadBool() => Take(1)[0] != 0;
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));
    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));
    public ReadOnlySpan<byte> ReadBytes(int n) => Take(n);
    public ReadOnlyMemory<byte> ReadMemory(int n)
    {
        Take(n);
        return _data.Slice(Position - n, n);
    }

    public uint PeekUInt32() => Remaining >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(_data.Span.Slice(Position, 4)) : 0;

    /// <summary>A TString: one length byte, or 255 followed by an int32 length, then the characters.</summary>
    public string ReadTString()
    {
        int n = ReadByte();
        if (n == 255) n = ReadInt32();
        if (n < 0) throw Error($"negative string length {n}");
        return Encoding.Latin1.GetString(Take(n));
    }

    /// <summary>A NUL-terminated string (class names in object tags).</summary>
    public string ReadCString(int maxLength = 4096)
    {
        var span = _data.Span[Position..];
        int end = span.IndexOf((byte)0);
        if (end < 0 || end > maxLength) throw Error("unterminated class name");
        string s = Encoding.Latin1.GetString(span[..end]);
        Position += end + 1;
        return s;
    }

    /// <summary>
    /// ROOT's versioned header: an optional byte count (uint32 with bit 0x40000000) then an int16 version.
    /// Returns the version and the position just past the object (or -1 when there was no byte count).
    /// </summary>
    public (int Version, int End) ReadVersion()
    {
        int start = Position;
        uint first = PeekUInt32();
        int end = -1;
        if ((first & 0x40000000) != 0 && Remaining >= 6)
        {
            Skip(4);
            long count = first & ~0x40000000u;
            end = (int)Math.Min(int.MaxValue, start + 4 + count);
            if (end > _data.Length) throw Error($"object byte count {count} runs past the end of the record");
        }
        int version = ReadUInt16();
        return (version, end);
    }

    /// <summary>Moves to the end of an object whose byte count was read with <see cref="ReadVersion"/>.</summary>
    public void SkipTo(int end)
    {
        if (end < 0) return;
        // Reading past an object's byte count means the bytes are not what their class says (ROOT checks this too).
        if (Position > end) throw Error($"object read {Position - end} bytes past its byte count");
        Seek(end);
    }
}
