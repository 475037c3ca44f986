using System.Buffers.Binary;
using System.Text;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// A bounds-checked little-endian cursor over one decoded envelope (header, footer or page list), with ROOT's
/// record and list frames. Every size read from the file is checked here, so damage fails with a message naming
/// the file, the envelope and the byte, never with an index error.
/// </summary>
internal sealed class EnvelopeReader(ReadOnlyMemory<byte> data, string context)
{
    public string Context { get; } = context;
    public int Position { get; private set; }
    public int Length => data.Length;
    public int Remaining => data.Length - Position;

    public HepDataException Error(string what) => new($"{Context}: {what} (at byte {Position} of the envelope)");

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Remaining) throw Error($"envelope is truncated or corrupt: needs {n} more bytes, has {Remaining}");
        var span = data.Span.Slice(Position, n);
        Position += n;
        return span;
    }

    public void Seek(int position)
    {
        if (position < 0 || position > data.Length) throw Error($"jump to byte {position} is outside the envelope ({data.Length} bytes)");
        Position = position;
    }

    public byte U8() => Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public double F64() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string String()
    {
        uint n = U32();
        if (n > Remaining) throw Error($"string of {n} bytes in an envelope with {Remaining} bytes left");
        return Encoding.UTF8.GetString(Take((int)n));
    }

    /// <summary>Feature flags: 64-bit words, continued while the signed value is negative. Unknown bits are refused.</summary>
    public void FeatureFlags(string what)
    {
        for (int word = 0; ; word++)
        {
            long flags = I64();
            if ((flags & long.MaxValue) != 0)
                throw Error($"{what} sets feature flags 0x{flags:x} (word {word}) that this reader does not know; the file needs a newer reader");
            if (flags >= 0) return;
        }
    }

    /// <summary>Opens a record frame; returns the position where it ends (seek there after reading what is known).</summary>
    public int RecordFrame(string what)
    {
        int start = Position;
        long size = I64();
        if (size < 0) throw Error($"{what}: expected a record frame, found a list frame");
        return FrameEnd(start, size, what);
    }

    /// <summary>Opens a list frame; returns its end and its number of items.</summary>
    public (int End, int Items) ListFrame(string what)
    {
        int start = Position;
        long size = I64();
        if (size >= 0) throw Error($"{what}: expected a list frame, found a record frame");
        uint items = U32();
        int end = FrameEnd(start, -size, what);
        // Each item takes at least one byte: a count beyond that is damage, not a reason to allocate.
        if (items > end - Position) throw Error($"{what}: list frame of {items} items in {end - Position} bytes");
        return (end, (int)items);
    }

    private int FrameEnd(int start, long size, string what)
    {
        if (size < 8 || size > data.Length - start)
            throw Error($"{what}: frame of {size} bytes at byte {start} does not fit in the envelope ({data.Length} bytes)");
        return start + (int)size;
    }

    /// <summary>Leaves a frame: skips what a newer writer may have appended, refuses a frame read past its end.</summary>
    public void EndFrame(int end, string what)
    {
        if (Position > end) throw Error($"{what}: read {Position - end} bytes past the end of its frame");
        Position = end;
    }

    /// <summary>A locator: a byte range in the file (standard, or the 'large' non-standard kind).</summary>
    public Locator Locator(string what)
    {
        int size = I32();
        if (size >= 0) return new Locator(U64(), size);
        int start = Position - 4;
        int own = size & 0xFFFF;
        int type = Math.Abs((sbyte)(byte)(size >> 24)) & 0x7F;
        if (type != 1 || own < 20)
            throw Error($"{what}: locator of type 0x{type:x2} (size {own}) is not a file locator; this reader reads RNTuples in ROOT files only");
        ulong bytes = U64(), offset = U64();
        Seek(start + own);
        if (bytes > int.MaxValue) throw Error($"{what}: block of {bytes} bytes is larger than this reader handles");
        return new Locator(offset, (int)bytes);
    }

    /// <summary>An envelope link: the uncompressed length, then the locator.</summary>
    public EnvelopeLink EnvelopeLink(string what)
    {
        ulong length = U64();
        var locator = Locator(what);
        return new EnvelopeLink(locator, length);
    }
}

/// <summary>A byte range of the file.</summary>
public readonly record struct Locator(ulong Offset, int Size)
{
    public override string ToString() => $"{Size} bytes at offset {Offset}";
}

/// <summary>Where an envelope is and how long it is once decompressed.</summary>
public readonly record struct EnvelopeLink(Locator Locator, ulong Length);
