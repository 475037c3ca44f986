using System.Buffers.Binary;
using System.Text;

namespace HepDsl.Runtime.Root.Serialization;

/// <summary>
/// A growing big-endian buffer with ROOT's streaming primitives: TString, and byte-count scopes (a uint32 with
/// bit 0x40000000 set, holding the length of what follows, patched when the scope closes).
/// </summary>
internal sealed class RootWriteBuffer
{
    private const uint ByteCountMask = 0x40000000;
    private byte[] _bytes = new byte[1024];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    private Span<byte> Take(int n)
    {
        if (Length + n > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + n));
        var span = _bytes.AsSpan(Length, n);
        Length += n;
        return span;
    }

    /// <summary>Empties the buffer, keeping its storage (for writers that build many small records).</summary>
    public void Reset() => Length = 0;

    public void U8(byte v) => Take(1)[0] = v;
    public void I16(short v) => BinaryPrimitives.WriteInt16BigEndian(Take(2), v);
    public void U16(ushort v) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), v);
    public void I32(int v) => BinaryPrimitives.WriteInt32BigEndian(Take(4), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64BigEndian(Take(8), v);
    public void F32(float v) => BinaryPrimitives.WriteSingleBigEndian(Take(4), v);
    public void F64(double v) => BinaryPrimitives.WriteDoubleBigEndian(Take(8), v);
    public void Bytes(ReadOnlySpan<byte> v) => v.CopyTo(Take(v.Length));
    public void Zeros(int n) => Take(n).Clear();

    /// <summary>A TString: one length byte, or 255 and an int32 length, then the bytes (UTF-8; ROOT stores bytes as given).</summary>
    public void String(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length < 255) U8((byte)bytes.Length);
        else { U8(255); I32(bytes.Length); }
        Bytes(bytes);
    }

    /// <summary>Opens a versioned record: byte count placeholder then the class version. Dispose to patch the count.</summary>
    public CountScope Versioned(short version)
    {
        var at = Length;
        U32(0);
        I16(version);
        return new CountScope(this, at);
    }

    /// <summary>An array of doubles as TArrayD streams it inside another object: int32 length, then the values.</summary>
    public void ArrayD(ReadOnlySpan<double> values)
    {
        I32(values.Length);
        foreach (var v in values) F64(v);
    }

    public void PatchI32(int at, int v) => BinaryPrimitives.WriteInt32BigEndian(_bytes.AsSpan(at), v);
    public void Patch(int at, ReadOnlySpan<byte> bytes) => bytes.CopyTo(_bytes.AsSpan(at));
    public void PatchI16(int at, short v) => BinaryPrimitives.WriteInt16BigEndian(_bytes.AsSpan(at), v);

    public readonly struct CountScope(RootWriteBuffer buffer, int at) : IDisposable
    {
        public void Dispose() =>
            BinaryPrimitives.WriteUInt32BigEndian(buffer._bytes.AsSpan(at), (uint)(buffer.Length - at - 4) | ByteCountMask);
    }
}
