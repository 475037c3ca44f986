using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace HepDsl.Runtime.RNTuple.Writing;

/// <summary>
/// Builds one envelope (header, footer or page list) little-endian, with the specification's record and list
/// frames, then <see cref="Seal"/>s it: the preamble (type and total length) in front, the XXH3-64 of everything
/// before it at the end. What <see cref="EnvelopeReader"/> reads.
/// </summary>
internal sealed class EnvelopeWriter
{
    private const int Preamble = 8, Checksum = 8;
    private byte[] _bytes = new byte[4096];

    public EnvelopeWriter() => Length = Preamble;

    public int Length { get; private set; }

    private Span<byte> Take(int n)
    {
        if (Length + n > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + n));
        var span = _bytes.AsSpan(Length, n);
        Length += n;
        return span;
    }

    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), v);
    public void I32(int v) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), v);
    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), v);

    public void String(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        U32((uint)bytes.Length);
        bytes.CopyTo(Take(bytes.Length));
    }

    /// <summary>Feature flags: one word, none set (format 1.0 defines none).</summary>
    public void NoFeatureFlags() => I64(0);

    /// <summary>A standard locator: a byte range of the file.</summary>
    public void Locator(long offset, int size)
    {
        I32(size);
        U64((ulong)offset);
    }

    /// <summary>An envelope link: uncompressed length, then where the stored envelope is.</summary>
    public void EnvelopeLink(SealedEnvelope envelope, long offset)
    {
        U64((ulong)envelope.Length);
        Locator(offset, envelope.Stored.Length);
    }

    /// <summary>Starts a record frame; close it with <see cref="EndRecord"/>.</summary>
    public int RecordFrame()
    {
        int at = Length;
        I64(0);
        return at;
    }

    /// <summary>Starts a list frame of <paramref name="items"/> items; close it with <see cref="EndList"/>.</summary>
    public int ListFrame(int items)
    {
        int at = Length;
        I64(0);
        U32((uint)items);
        return at;
    }

    /// <summary>A record frame's size counts its own 8 bytes and is positive.</summary>
    public void EndRecord(int at) => BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(at), Length - at);

    /// <summary>A list frame's size counts its size and item count and is stored negative.</summary>
    public void EndList(int at) => BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(at), -(long)(Length - at));

    /// <summary>The finished envelope: preamble, payload, checksum.</summary>
    public byte[] Seal(EnvelopeType type)
    {
        var total = Length + Checksum;
        BinaryPrimitives.WriteUInt64LittleEndian(_bytes, (ulong)(ushort)type | (ulong)total << 16);
        var result = new byte[total];
        _bytes.AsSpan(0, Length).CopyTo(result);
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(Length), XxHash3.HashToUInt64(result.AsSpan(0, Length)));
        return result;
    }
}

/// <summary>An envelope as stored: its uncompressed length and checksum, and the bytes that go into the file.</summary>
internal sealed record SealedEnvelope(int Length, ulong Checksum, byte[] Stored);
