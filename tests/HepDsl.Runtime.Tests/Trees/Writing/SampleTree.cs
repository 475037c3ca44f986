using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Runtime.Tests.Trees.Writing;

/// <summary>
/// A tree with a scalar and a jagged branch of every basic type (counted by <c>n</c>, UInt_t), filled with
/// pseudo-random values that include each type's extremes, written in clusters of uneven sizes.
/// </summary>
internal sealed class SampleTree
{
    public static readonly ColumnType[] Types =
    [
        ColumnType.Bool, ColumnType.Int8, ColumnType.UInt8, ColumnType.Int16, ColumnType.UInt16, ColumnType.Int32,
        ColumnType.UInt32, ColumnType.Int64, ColumnType.UInt64, ColumnType.Float32, ColumnType.Float64,
    ];

    public readonly List<TreeBranch> Branches = [];
    /// <summary>Per branch, every entry's values (one for scalars).</summary>
    public readonly Dictionary<string, List<Array>> Entries = [];
    public readonly int[] ClusterSizes;

    public SampleTree(int[] clusterSizes, int seed = 7)
    {
        ClusterSizes = clusterSizes;
        var rng = new Random(seed);
        foreach (var t in Types) Branches.Add(TreeBranch.Scalar("s_" + t, t));
        Branches.Add(TreeBranch.Scalar("n", ColumnType.UInt32));
        foreach (var t in Types) Branches.Add(TreeBranch.Jagged("j_" + t, t, "n"));
        foreach (var b in Branches) Entries[b.Name] = [];
        int total = clusterSizes.Sum();
        for (int i = 0; i < total; i++)
        {
            // Every eighth entry is empty, some are long: baskets then hold very different entry counts.
            int n = i % 8 == 0 ? 0 : rng.Next(i % 5 == 0 ? 40 : 6);
            Entries["n"].Add(new[] { (uint)n });
            foreach (var t in Types)
            {
                Entries["s_" + t].Add(Values(t, 1, rng, i));
                Entries["j_" + t].Add(Values(t, n, rng, i));
            }
        }
    }

    /// <summary>The chunks to hand the writer, one per cluster (jagged values given flat).</summary>
    public IEnumerable<TreeChunk> Chunks()
    {
        int first = 0;
        foreach (var size in ClusterSizes)
        {
            var chunk = new TreeChunk(size);
            foreach (var b in Branches) Set(chunk, b, first, size);
            first += size;
            yield return chunk;
        }
    }

    public void Write(string path, TreeWriterOptions options)
    {
        using var writer = new TreeWriter(path, "t", Branches, options);
        foreach (var chunk in Chunks()) writer.WriteCluster(chunk);
    }

    private void Set(TreeChunk chunk, TreeBranch b, int first, int count)
    {
        var parts = Entries[b.Name].GetRange(first, count);
        // By declared type: the CLR lets a byte[] pass as an sbyte[] in type patterns.
        switch (b.Type)
        {
            case ColumnType.Bool: chunk.Set(b.Name, Flat<bool>(parts)); break;
            case ColumnType.Int8: chunk.Set(b.Name, Flat<sbyte>(parts)); break;
            case ColumnType.UInt8: chunk.Set(b.Name, Flat<byte>(parts)); break;
            case ColumnType.Int16: chunk.Set(b.Name, Flat<short>(parts)); break;
            case ColumnType.UInt16: chunk.Set(b.Name, Flat<ushort>(parts)); break;
            case ColumnType.Int32: chunk.Set(b.Name, Flat<int>(parts)); break;
            case ColumnType.UInt32: chunk.Set(b.Name, Flat<uint>(parts)); break;
            case ColumnType.Int64: chunk.Set(b.Name, Flat<long>(parts)); break;
            case ColumnType.UInt64: chunk.Set(b.Name, Flat<ulong>(parts)); break;
            case ColumnType.Float32: chunk.Set(b.Name, Flat<float>(parts)); break;
            case ColumnType.Float64: chunk.Set(b.Name, Flat<double>(parts)); break;
        }
    }

    public static T[] Flat<T>(IEnumerable<Array> parts) => parts.SelectMany(p => (T[])p).ToArray();

    private static Array Values(ColumnType t, int n, Random rng, int entry)
    {
        // Entry 1 holds the extremes, so every type's range ends are written and read back.
        bool extremes = entry == 1;
        long Pick(long min, long max, int k) => extremes ? (k % 2 == 0 ? min : max) : rng.NextInt64(min, max);
        return t switch
        {
            ColumnType.Bool => Enumerable.Range(0, n).Select(k => extremes ? k % 2 == 0 : rng.Next(2) == 1).ToArray(),
            ColumnType.Int8 => Enumerable.Range(0, n).Select(k => (sbyte)Pick(sbyte.MinValue, sbyte.MaxValue, k)).ToArray(),
            ColumnType.UInt8 => Enumerable.Range(0, n).Select(k => (byte)Pick(0, byte.MaxValue, k)).ToArray(),
            ColumnType.Int16 => Enumerable.Range(0, n).Select(k => (short)Pick(short.MinValue, short.MaxValue, k)).ToArray(),
            ColumnType.UInt16 => Enumerable.Range(0, n).Select(k => (ushort)Pick(0, ushort.MaxValue, k)).ToArray(),
            ColumnType.Int32 => Enumerable.Range(0, n).Select(k => (int)Pick(int.MinValue, int.MaxValue, k)).ToArray(),
            ColumnType.UInt32 => Enumerable.Range(0, n).Select(k => (uint)Pick(0, uint.MaxValue, k)).ToArray(),
            ColumnType.Int64 => Enumerable.Range(0, n).Select(k => extremes ? (k % 2 == 0 ? long.MinValue : long.MaxValue) : rng.NextInt64()).ToArray(),
            ColumnType.UInt64 => Enumerable.Range(0, n).Select(k => extremes ? (k % 2 == 0 ? 0 : ulong.MaxValue) : (ulong)rng.NextInt64() * 3).ToArray(),
            ColumnType.Float32 => Enumerable.Range(0, n).Select(k => extremes ? (k % 2 == 0 ? float.MinValue : float.Epsilon) : (float)(rng.NextDouble() * 200 - 100)).ToArray(),
            ColumnType.Float64 => Enumerable.Range(0, n).Select(k => extremes ? (k % 2 == 0 ? double.MaxValue : -double.Epsilon) : rng.NextDouble() * 1e6 - 5e5).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(t)),
        };
    }
}
