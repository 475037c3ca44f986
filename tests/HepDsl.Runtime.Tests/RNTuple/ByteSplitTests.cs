using HepDsl.Runtime.RNTuple;

namespace HepDsl.Runtime.Tests.RNTuple;

/// <summary>
/// The vectorised decoding loops equal the specification's definitions written as plain loops, for every length
/// around the 16-element vector step (so both the vector body and the scalar tail run) and random bytes.
/// </summary>
public class ByteSplitTests
{
    public static TheoryData<int> Widths => [1, 2, 3, 4, 8];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Split_planes_join_back_into_elements(int width)
    {
        var random = new Random(width);
        foreach (int n in Lengths)
        {
            var packed = new byte[n * width];
            random.NextBytes(packed);
            var expected = new byte[n * width];
            // Specification: byte b of element i is stored at b*n + i.
            for (int i = 0; i < n; i++)
                for (int b = 0; b < width; b++) expected[i * width + b] = packed[b * n + i];
            var output = new byte[n * width + 5];
            ByteSplit.Join(packed, n, width, output);
            Assert.Equal(expected, output[..(n * width)]);
        }
    }

    [Fact]
    public void Zigzag_decodes_like_the_definition()
    {
        var random = new Random(7);
        foreach (int n in Lengths)
        {
            var u16 = Enumerable.Range(0, n).Select(_ => (ushort)random.Next()).ToArray();
            var u32 = Enumerable.Range(0, n).Select(_ => (uint)random.NextInt64()).ToArray();
            var u64 = Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40)).ToArray();
            // zigzag(x) = (x << 1) ^ (x >> 63): decoded as x = (z >> 1) ^ -(z & 1).
            var e16 = u16.Select(z => (ushort)((short)(z >> 1) ^ -(short)(z & 1))).ToArray();
            var e32 = u32.Select(z => (uint)((int)(z >> 1) ^ -(int)(z & 1))).ToArray();
            var e64 = u64.Select(z => (ulong)((long)(z >> 1) ^ -(long)(z & 1))).ToArray();
            ByteSplit.Unzigzag<ushort>(u16);
            ByteSplit.Unzigzag<uint>(u32);
            ByteSplit.Unzigzag<ulong>(u64);
            Assert.Equal(e16, u16);
            Assert.Equal(e32, u32);
            Assert.Equal(e64, u64);
        }
        var small = new uint[] { 0, 1, 2, 3, 4, uint.MaxValue };
        ByteSplit.Unzigzag<uint>(small);
        Assert.Equal(new[] { 0, -1, 1, -2, 2, int.MinValue }, small.Select(v => (int)v));
    }

    [Fact]
    public void Bits_become_bytes_least_significant_first()
    {
        var random = new Random(3);
        foreach (int n in Lengths)
        {
            var packed = new byte[(n + 7) / 8];
            random.NextBytes(packed);
            var output = new byte[n + 3];
            ByteSplit.Bits(packed, n, output);
            Assert.Equal(Enumerable.Range(0, n).Select(i => (byte)((packed[i / 8] >> (i % 8)) & 1)), output[..n]);
        }
    }

    [Fact]
    public void Too_few_bytes_are_refused_not_read_past()
    {
        Assert.Throws<ArgumentException>(() => ByteSplit.Join(new byte[63], 16, 4, new byte[64]));
        Assert.Throws<ArgumentException>(() => ByteSplit.Bits(new byte[1], 9, new byte[9]));
    }

    private static readonly int[] Lengths = [0, 1, 7, 15, 16, 17, 31, 32, 33, 48, 100, 1000];
}
