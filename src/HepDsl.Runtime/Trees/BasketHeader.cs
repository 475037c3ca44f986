using System.Buffers.Binary;
using HepDsl.Runtime.Root;
using HepDsl.Runtime.Root.Keys;
using HepDsl.Runtime.Root.Serialization;

namespace HepDsl.Runtime.Trees;

/// <summary>
/// The fields of a basket's key and TBasket header the loader needs. <see cref="TryRead"/> parses a well-formed header
/// straight from the bytes, allocating nothing (it runs once per basket of every branch read); anything unusual goes
/// through <see cref="Read"/>, the general record reader, which also words the errors.
/// </summary>
internal readonly record struct BasketHeader(int Nbytes, int ObjectLength, int KeyLength, int NevBuf, int Last, int IoBits, int End)
{
    public static BasketHeader Read(ReadOnlyMemory<byte> raw, string where)
    {
        var b = new RootBuffer(raw, where);
        var key = RootKey.Read(b, "");
        b.ReadVersion();
        b.ReadInt32(); // fBufferSize
        int nevBufSize = b.ReadInt32();
        int ioBits = 0;
        if (nevBufSize < 0) ioBits = b.ReadByte();
        int nevBuf = b.ReadInt32();
        int last = b.ReadInt32();
        return new BasketHeader(key.Nbytes, key.ObjectLength, key.KeyLength, nevBuf, last, ioBits, b.Position);
    }

    /// <summary>The same fields as <see cref="Read"/>; false wherever <see cref="Read"/> could throw.</summary>
    public static bool TryRead(ReadOnlySpan<byte> raw, out BasketHeader header)
    {
        header = default;
        // TKey: fNbytes, fVersion, fObjlen, fDatime, fKeylen, fCycle, fSeekKey and fSeekPdir (64-bit from version 1001).
        if (raw.Length < 18) return false;
        int nbytes = BinaryPrimitives.ReadInt32BigEndian(raw);
        short version = BinaryPrimitives.ReadInt16BigEndian(raw[4..]);
        int objlen = BinaryPrimitives.ReadInt32BigEndian(raw[6..]);
        short keylen = BinaryPrimitives.ReadInt16BigEndian(raw[14..]);
        int p = 18 + (version > 1000 ? 16 : 8);
        // fClassName, fName, fTitle: skipped, not decoded.
        for (int s = 0; s < 3; s++)
        {
            if (p + 1 > raw.Length) return false;
            int n = raw[p++];
            if (n == 255)
            {
                if (p + 4 > raw.Length) return false;
                n = BinaryPrimitives.ReadInt32BigEndian(raw[p..]);
                p += 4;
            }
            if (n < 0 || n > raw.Length - p) return false;
            p += n;
        }
        if (nbytes < 0 || objlen < 0 || keylen < 0) return false;
        // TBasket: version (after a byte count when its top bit says so), fBufferSize, fNevBufSize, [fIOBits], fNevBuf, fLast.
        if (p + 4 > raw.Length) return false;
        uint first = BinaryPrimitives.ReadUInt32BigEndian(raw[p..]);
        if ((first & 0x40000000) != 0 && raw.Length - p >= 6)
        {
            long count = first & ~0x40000000u;
            if (p + 4 + count > raw.Length) return false;
            p += 4;
        }
        p += 2;
        if (p + 8 > raw.Length) return false;
        int nevBufSize = BinaryPrimitives.ReadInt32BigEndian(raw[(p + 4)..]);
        p += 8;
        int ioBits = 0;
        if (nevBufSize < 0)
        {
            if (p + 1 > raw.Length) return false;
            ioBits = raw[p++];
        }
        if (p + 8 > raw.Length) return false;
        int nevBuf = BinaryPrimitives.ReadInt32BigEndian(raw[p..]);
        int last = BinaryPrimitives.ReadInt32BigEndian(raw[(p + 4)..]);
        header = new BasketHeader(nbytes, objlen, keylen, nevBuf, last, ioBits, p + 8);
        return true;
    }
}
