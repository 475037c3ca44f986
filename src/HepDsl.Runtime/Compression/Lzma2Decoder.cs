using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HepDsl.Runtime.Compression;

/// <summary>
/// Decodes LZMA2 data (the filter of ROOT's XZ blocks) straight into the block's output. ROOT decodes a block whole,
/// so the output written so far is the dictionary: nothing is copied into a window and no dictionary buffer exists,
/// whatever dictionary size the stream declares. An instance holds only the probability model and the coder state
/// (about 30 KB, allocated once), so one per thread decodes every block of that thread without allocating.
/// </summary>
/// <remarks>
/// Follows the LZMA specification (Igor Pavlov's lzma-specification.txt and its reference decoder) and liblzma's
/// LZMA2 chunk rules: control byte 0x00 ends the data; 0x01 and 0x02 are uncompressed chunks (0x01 resets the
/// dictionary); 0x80-0xFF are LZMA chunks whose bits 5-6 say what they reset (0x80 nothing, 0xA0 the state,
/// 0xC0 the state and properties, 0xE0 also the dictionary). Every LZMA chunk has its own range coder, which must end
/// exactly at the chunk's compressed size with a zero code, as liblzma and xz-embedded require. Matches that reach
/// before the last dictionary reset or past a chunk's declared size are errors, never out-of-range reads.
/// Not thread-safe: one instance per thread.
/// </remarks>
internal sealed class Lzma2Decoder
{
    private const int States = 12;
    private const int PosBitsMax = 4;
    private const int LengthProbs = 2 + 2 * (1 << PosBitsMax) * 8 + 256; // choice, choice 2, low[16][8], mid[16][8], high[256]

    // Offsets of each probability group in _probs.
    private const int IsMatch = 0;
    private const int IsRep = IsMatch + (States << PosBitsMax);
    private const int IsRepG0 = IsRep + States;
    private const int IsRepG1 = IsRepG0 + States;
    private const int IsRepG2 = IsRepG1 + States;
    private const int IsRep0Long = IsRepG2 + States;
    private const int PosSlot = IsRep0Long + (States << PosBitsMax);    // 4 length states x 6-bit tree
    private const int SpecPos = PosSlot + 4 * 64;                        // distances of slots 4..13: 1 + 128 - 14
    private const int Align = SpecPos + 115;                             // 4-bit reverse tree
    private const int LengthCoder = Align + 16;
    private const int RepLengthCoder = LengthCoder + LengthProbs;
    private const int Literal = RepLengthCoder + LengthProbs;            // 0x300 << (lc + lp), lc + lp <= 4 in LZMA2
    private const int MaxProbs = Literal + (0x300 << 4);

    private readonly ushort[] _probs = new ushort[MaxProbs];
    private int _lc, _lp, _pb;
    private int _state;
    private uint _rep0, _rep1, _rep2, _rep3;

    /// <summary>
    /// Decodes the LZMA2 data at the start of <paramref name="input"/> (up to and including its end marker) into
    /// <paramref name="output"/>; returns the bytes written and sets <paramref name="consumed"/> to the input bytes read.
    /// Throws <see cref="InvalidDataException"/> on damaged data or output beyond <paramref name="output"/>'s length.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output, out int consumed)
    {
        int inPos = 0, outPos = 0, dictionaryStart = 0;
        bool needDictionaryReset = true, needProperties = true;
        while (true)
        {
            if (inPos >= input.Length) throw Corrupt("the LZMA2 data ends before its end marker");
            int control = input[inPos++];
            if (control == 0x00) break;
            if (control >= 0xE0 || control == 0x01)
            {
                needProperties = true;
                needDictionaryReset = false;
                dictionaryStart = outPos;
            }
            else if (needDictionaryReset)
            {
                throw Corrupt($"the first LZMA2 chunk (control 0x{control:x2}) does not reset the dictionary");
            }

            if (control >= 0x80)
            {
                if (input.Length - inPos < 4) throw Corrupt("an LZMA2 chunk header is cut short");
                int unpacked = ((control & 0x1F) << 16) + (input[inPos] << 8) + input[inPos + 1] + 1;
                int packed = (input[inPos + 2] << 8) + input[inPos + 3] + 1;
                inPos += 4;
                if (control >= 0xC0)
                {
                    if (inPos >= input.Length) throw Corrupt("an LZMA2 chunk header is cut short");
                    SetProperties(input[inPos++]);
                    needProperties = false;
                }
                else if (needProperties)
                {
                    throw Corrupt($"an LZMA2 chunk (control 0x{control:x2}) after a dictionary reset does not set the properties");
                }
                else if (control >= 0xA0)
                {
                    ResetState();
                }
                if (packed > input.Length - inPos) throw Corrupt($"an LZMA2 chunk claims {packed} compressed bytes, {input.Length - inPos} remain");
                if (unpacked > output.Length - outPos) throw TooLong(output.Length);
                DecodeChunk(input.Slice(inPos, packed), output, dictionaryStart, outPos, outPos + unpacked);
                inPos += packed;
                outPos += unpacked;
            }
            else
            {
                if (control > 0x02) throw Corrupt($"invalid LZMA2 control byte 0x{control:x2}");
                if (input.Length - inPos < 2) throw Corrupt("an LZMA2 chunk header is cut short");
                int size = (input[inPos] << 8) + input[inPos + 1] + 1;
                inPos += 2;
                if (size > input.Length - inPos) throw Corrupt($"an uncompressed LZMA2 chunk claims {size} bytes, {input.Length - inPos} remain");
                if (size > output.Length - outPos) throw TooLong(output.Length);
                input.Slice(inPos, size).CopyTo(output[outPos..]);
                inPos += size;
                outPos += size;
            }
        }
        consumed = inPos;
        return outPos;
    }

    private void SetProperties(byte properties)
    {
        // (pb * 5 + lp) * 9 + lc
        if (properties > (4 * 5 + 4) * 9 + 8) throw Corrupt($"invalid LZMA properties byte 0x{properties:x2}");
        int lc = properties % 9, rest = properties / 9;
        int lp = rest % 5, pb = rest / 5;
        if (lc + lp > 4) throw Corrupt($"LZMA2 properties lc={lc}, lp={lp} exceed lc + lp = 4");
        _lc = lc;
        _lp = lp;
        _pb = pb;
        ResetState();
    }

    private void ResetState()
    {
        _probs.AsSpan(0, Literal + (0x300 << (_lc + _lp))).Fill(RangeDecoder.ProbabilityInit);
        _state = 0;
        _rep0 = _rep1 = _rep2 = _rep3 = 0;
    }

    /// <summary>Decodes one LZMA chunk into output[pos..end); matches may reach back to <paramref name="dictionaryStart"/>.</summary>
    private void DecodeChunk(ReadOnlySpan<byte> packed, Span<byte> output, int dictionaryStart, int pos, int end)
    {
        var rc = new RangeDecoder(packed);
        Span<ushort> probs = _probs;
        int state = _state;
        uint rep0 = _rep0, rep1 = _rep1, rep2 = _rep2, rep3 = _rep3;
        int lc = _lc, literalShift = 8 - _lc, lpMask = (1 << _lp) - 1, pbMask = (1 << _pb) - 1;
        while (pos < end)
        {
            int position = pos - dictionaryStart;
            int posState = position & pbMask;
            if (rc.Bit(ref probs[IsMatch + (state << PosBitsMax) + posState]) == 0)
            {
                int previous = position > 0 ? output[pos - 1] : 0;
                int literal = Literal + 0x300 * (((position & lpMask) << lc) + (previous >> literalShift));
                int symbol = 1;
                if (state >= 7)
                {
                    // After a match the literal is coded against the byte at the last distance (valid: checked when set).
                    int matchByte = output[pos - (int)rep0 - 1];
                    do
                    {
                        int matchBit = (matchByte >> 7) & 1;
                        matchByte <<= 1;
                        int bit = rc.Bit(ref probs[literal + ((1 + matchBit) << 8) + symbol]);
                        symbol = (symbol << 1) | bit;
                        if (matchBit != bit) break;
                    }
                    while (symbol < 0x100);
                }
                while (symbol < 0x100) symbol = (symbol << 1) | rc.Bit(ref probs[literal + symbol]);
                output[pos++] = (byte)symbol;
                state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
                continue;
            }

            int length;
            if (rc.Bit(ref probs[IsRep + state]) != 0)
            {
                if (rc.Bit(ref probs[IsRepG0 + state]) == 0)
                {
                    if (rc.Bit(ref probs[IsRep0Long + (state << PosBitsMax) + posState]) == 0)
                    {
                        // "Short rep": one byte from the last distance.
                        if (rep0 >= (uint)position) throw Corrupt("a repeated match reaches before the start of the data");
                        state = state < 7 ? 9 : 11;
                        output[pos] = output[pos - (int)rep0 - 1];
                        pos++;
                        continue;
                    }
                }
                else
                {
                    uint distance;
                    if (rc.Bit(ref probs[IsRepG1 + state]) == 0)
                    {
                        distance = rep1;
                    }
                    else
                    {
                        if (rc.Bit(ref probs[IsRepG2 + state]) == 0)
                        {
                            distance = rep2;
                        }
                        else
                        {
                            distance = rep3;
                            rep3 = rep2;
                        }
                        rep2 = rep1;
                    }
                    rep1 = rep0;
                    rep0 = distance;
                }
                length = DecodeLength(ref rc, probs, RepLengthCoder, posState);
                state = state < 7 ? 8 : 11;
            }
            else
            {
                rep3 = rep2;
                rep2 = rep1;
                rep1 = rep0;
                length = DecodeLength(ref rc, probs, LengthCoder, posState);
                state = state < 7 ? 7 : 10;
                rep0 = DecodeDistance(ref rc, probs, length);
                if (rep0 == 0xFFFF_FFFF) throw Corrupt("an end-of-stream marker inside an LZMA2 chunk");
            }
            length += 2;
            if (rep0 >= (uint)position) throw Corrupt($"a match at distance {(ulong)rep0 + 1} reaches before the start of the data ({position} bytes)");
            if (length > end - pos) throw Corrupt("a match runs past the end of its LZMA2 chunk");
            int from = pos - (int)rep0 - 1;
            if (rep0 + 1 >= (uint)length)
            {
                output.Slice(from, length).CopyTo(output.Slice(pos, length));
            }
            else
            {
                // Overlapping: the match repeats bytes it is writing.
                for (int i = 0; i < length; i++) output[pos + i] = output[from + i];
            }
            pos += length;
        }
        if (!rc.FinishedAtEnd)
            throw Corrupt("an LZMA chunk's range coder does not end exactly at the chunk's compressed size");
        _state = state;
        _rep0 = rep0;
        _rep1 = rep1;
        _rep2 = rep2;
        _rep3 = rep3;
    }

    /// <summary>Match length minus 2 (0..271).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeLength(ref RangeDecoder rc, Span<ushort> probs, int coder, int posState)
    {
        if (rc.Bit(ref probs[coder]) == 0) return rc.BitTree(probs.Slice(coder + 2 + (posState << 3), 8), 3);
        if (rc.Bit(ref probs[coder + 1]) == 0) return 8 + rc.BitTree(probs.Slice(coder + 2 + 128 + (posState << 3), 8), 3);
        return 16 + rc.BitTree(probs.Slice(coder + 2 + 256, 256), 8);
    }

    /// <summary>Match distance minus 1 (0xFFFFFFFF is the end marker).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint DecodeDistance(ref RangeDecoder rc, Span<ushort> probs, int length)
    {
        int lengthState = length < 3 ? length : 3;
        int slot = rc.BitTree(probs.Slice(PosSlot + (lengthState << 6), 64), 6);
        if (slot < 4) return (uint)slot;
        int directBits = (slot >> 1) - 1;
        uint distance = (uint)(2 | (slot & 1)) << directBits;
        if (slot < 14) return distance + (uint)rc.ReverseBitTree(probs.Slice(SpecPos + (int)distance - slot), directBits);
        distance += rc.DirectBits(directBits - 4) << 4;
        return distance + (uint)rc.ReverseBitTree(probs.Slice(Align, 16), 4);
    }

    private static InvalidDataException Corrupt(string what) => new($"{what}; the data is corrupt");

    private static InvalidDataException TooLong(int declared) =>
        new($"the LZMA2 data decompresses to more than the {declared} bytes declared; the data is corrupt");

    /// <summary>LZMA's binary range decoder over one chunk's compressed bytes (normalised after each bit).</summary>
    private ref struct RangeDecoder
    {
        public const ushort ProbabilityInit = 1 << 10;
        private const int ModelBits = 11;
        private const uint Top = 1 << 24;

        private readonly ReadOnlySpan<byte> _input;
        private int _pos;
        private uint _range;
        private uint _code;

        public RangeDecoder(ReadOnlySpan<byte> input)
        {
            if (input.Length < 5 || input[0] != 0) throw Corrupt("an LZMA chunk does not start a range coder");
            _input = input;
            _code = BinaryPrimitives.ReadUInt32BigEndian(input[1..]);
            _range = 0xFFFF_FFFF;
            _pos = 5;
        }

        /// <summary>All compressed bytes consumed and the code back at zero: the encoder's flush ended here.</summary>
        public readonly bool FinishedAtEnd => _pos == _input.Length && _code == 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Normalize()
        {
            if (_range < Top)
            {
                if ((uint)_pos >= (uint)_input.Length) ThrowTruncated();
                _range <<= 8;
                _code = (_code << 8) | _input[_pos++];
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Bit(ref ushort probability)
        {
            uint p = probability;
            uint bound = (_range >> ModelBits) * p;
            int bit;
            if (_code < bound)
            {
                _range = bound;
                probability = (ushort)(p + (((1u << ModelBits) - p) >> 5));
                bit = 0;
            }
            else
            {
                _range -= bound;
                _code -= bound;
                probability = (ushort)(p - (p >> 5));
                bit = 1;
            }
            Normalize();
            return bit;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int BitTree(Span<ushort> probs, int bits)
        {
            int m = 1;
            for (int i = 0; i < bits; i++) m = (m << 1) | Bit(ref probs[m]);
            return m - (1 << bits);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ReverseBitTree(Span<ushort> probs, int bits)
        {
            int m = 1, symbol = 0;
            for (int i = 0; i < bits; i++)
            {
                int bit = Bit(ref probs[m]);
                m = (m << 1) | bit;
                symbol |= bit << i;
            }
            return symbol;
        }

        public uint DirectBits(int bits)
        {
            uint result = 0;
            for (int i = 0; i < bits; i++)
            {
                _range >>= 1;
                _code -= _range;
                uint t = 0 - (_code >> 31);     // all ones when the subtraction went below zero: bit 0
                _code += _range & t;
                Normalize();
                result = (result << 1) + (t + 1);
            }
            return result;
        }

        private static void ThrowTruncated() => throw Corrupt("an LZMA chunk needs more compressed bytes than it declares");
    }
}
