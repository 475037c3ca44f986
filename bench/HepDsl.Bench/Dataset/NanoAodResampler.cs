using HepDsl.Runtime.Trees.Writing;

namespace HepDsl.Bench.Dataset;

/// <summary>
/// Makes NanoAOD-like events from the real ones: each new event is a randomly chosen source event, rotated by a
/// random azimuthal angle (every <c>*_phi</c>), with each object's pT and mass scaled by one Gaussian factor
/// (1 + 2 % N(0,1); MET and its sum scaled per event), objects re-sorted by pT as NanoAOD stores them, and a
/// sequential <c>event</c> number. Multiplicities, types and correlations stay those of real events; the smeared
/// floats keep compression honest. Deterministic for a seed and chunk sizes.
/// <para>
/// A Z→μμ admixture: in a fraction <see cref="DimuonFraction"/> of the events (drawn per event) the muon collection
/// is replaced by the two muons of a random real event of the dimuon file (<see cref="NanoAodSource.DimuonStart"/>),
/// rotated with the event and smeared like any muon; everything else in the event stays that of its ttbar event.
/// Without it no event would hold an opposite-charge dimuon near the Z (none of the 200 ttbar events does).
/// </para>
/// </summary>
internal sealed class NanoAodResampler(NanoAodSource source, int seed)
{
    public const double Smearing = 0.02;
    /// <summary>The fraction of events whose muons are a Z→μμ event's pair.</summary>
    public const double DimuonFraction = 0.05;
    private readonly Random _rng = new(seed);

    public IReadOnlyList<TreeBranch> Branches { get; } =
        source.Columns.Select(c => new TreeBranch(c.Name, c.Type, c.Counter)).ToList();

    /// <summary>The next <paramref name="entries"/> events; <paramref name="firstEvent"/> numbers them (event = index + 1).</summary>
    public TreeChunk Next(int entries, long firstEvent)
    {
        var pick = new int[entries];
        var rotation = new double[entries];
        var metScale = new float[entries];
        var dimuon = new int[entries];
        for (int i = 0; i < entries; i++)
        {
            pick[i] = _rng.Next(source.Entries);
            rotation[i] = (_rng.NextDouble() * 2 - 1) * Math.PI;
            metScale[i] = Scale();
            dimuon[i] = _rng.NextDouble() < DimuonFraction ? _rng.Next(source.DimuonEvents) : -1;
        }
        var collections = source.Starts.ToDictionary(kv => kv.Key,
            kv => Collection(kv.Key, kv.Value, pick, kv.Key == NanoAodSource.DimuonCounter ? dimuon : null));
        var chunk = new TreeChunk(entries);
        foreach (var column in source.Columns)
        {
            if (column.Name == "event")
            {
                var numbers = new ulong[entries];
                for (int i = 0; i < entries; i++) numbers[i] = (ulong)(firstEvent + i + 1);
                chunk.Set(column.Name, numbers);
                continue;
            }
            if (collections.TryGetValue(column.Name, out var counted))
            {
                chunk.Set(column.Name, counted.Counts);   // a counter: its collection's sizes (UInt_t, checked by the source)
                continue;
            }
            if (column.Counter is { } counter)
            {
                var c = collections[counter];
                var values = Gather(column.Values, c.Gather);
                Transform(column.Name, values, rotation, c.Scale, c.EventOf);
                chunk.Set(column.Name, values);
            }
            else
            {
                var values = Gather(column.Values, pick);
                if (column.Name.StartsWith("MET_", StringComparison.Ordinal)) Transform(column.Name, values, rotation, metScale, null);
                chunk.Set(column.Name, values);
            }
        }
        return chunk;
    }

    /// <summary>For one collection: where each output object comes from, its scale factor and its event, and each
    /// event's number of objects.</summary>
    private sealed record CollectionPlan(int[] Gather, float[] Scale, int[] EventOf, uint[] Counts);

    /// <summary>
    /// Where event <paramref name="i"/>'s objects come from: its source event's, or for the dimuon collection of an
    /// event with an admixed pair (<paramref name="dimuon"/>[i] ≥ 0) that dimuon event's two muons.
    /// </summary>
    private (int Start, int Count) Objects(int[] starts, int[] pick, int[]? dimuon, int i) =>
        dimuon is not null && dimuon[i] >= 0
            ? (source.DimuonStart + 2 * dimuon[i], 2)
            : (starts[pick[i]], starts[pick[i] + 1] - starts[pick[i]]);

    private CollectionPlan Collection(string counter, int[] starts, int[] pick, int[]? dimuon)
    {
        var counts = new uint[pick.Length];
        int total = 0;
        for (int i = 0; i < pick.Length; i++)
        {
            counts[i] = (uint)Objects(starts, pick, dimuon, i).Count;
            total += (int)counts[i];
        }
        var gather = new int[total];
        var scale = new float[total];
        var eventOf = new int[total];
        var pt = (float[])source.Columns.First(c => c.Name == counter[1..] + "_pt").Values;
        var sortKey = new float[64];
        var order = new int[64];
        var factors = new float[64];
        int o = 0;
        for (int i = 0; i < pick.Length; i++)
        {
            var (start, n) = Objects(starts, pick, dimuon, i);
            if (n > order.Length) { Array.Resize(ref sortKey, n); Array.Resize(ref order, n); Array.Resize(ref factors, n); }
            for (int k = 0; k < n; k++)
            {
                factors[k] = Scale();
                sortKey[k] = pt[start + k] * factors[k];
                order[k] = k;
            }
            SortByDescendingKey(order, sortKey, n);
            for (int m = 0; m < n; m++)
            {
                gather[o + m] = start + order[m];
                scale[o + m] = factors[order[m]];
                eventOf[o + m] = i;
            }
            o += n;
        }
        return new CollectionPlan(gather, scale, eventOf, counts);
    }

    private static void SortByDescendingKey(int[] order, float[] key, int n)
    {
        // Insertion sort: collections hold a handful of objects, and equal keys keep their order (deterministic).
        for (int i = 1; i < n; i++)
        {
            int item = order[i];
            int j = i - 1;
            while (j >= 0 && key[order[j]] < key[item]) { order[j + 1] = order[j]; j--; }
            order[j + 1] = item;
        }
    }

    /// <summary>Rotates angles and scales momenta and masses; other variables are kept as they are.</summary>
    private static void Transform(string name, Array values, double[] rotation, float[] scale, int[]? eventOf)
    {
        if (values is not float[] v) return;
        if (name.EndsWith("_phi", StringComparison.Ordinal))
        {
            for (int j = 0; j < v.Length; j++) v[j] = Wrap(v[j] + rotation[eventOf?[j] ?? j]);
        }
        else if (name.EndsWith("_pt", StringComparison.Ordinal) || name.EndsWith("_mass", StringComparison.Ordinal) || name == "MET_sumEt")
        {
            for (int j = 0; j < v.Length; j++) v[j] *= scale[j];
        }
    }

    private static float Wrap(double phi)
    {
        if (phi >= Math.PI) phi -= 2 * Math.PI;
        else if (phi < -Math.PI) phi += 2 * Math.PI;
        return (float)phi;
    }

    /// <summary>1 + 2 % of a standard normal draw (Box-Muller), never below 0.5.</summary>
    private float Scale()
    {
        double u1 = 1.0 - _rng.NextDouble(), u2 = _rng.NextDouble();
        double g = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return (float)Math.Max(0.5, 1 + Smearing * g);
    }

    private static Array Gather(Array source, int[] index) => source switch
    {
        // By element type via GetType: the CLR lets a byte[] pass as an sbyte[] (and int[] as uint[]) in patterns.
        _ when source.GetType() == typeof(float[]) => Gather((float[])source, index),
        _ when source.GetType() == typeof(int[]) => Gather((int[])source, index),
        _ when source.GetType() == typeof(uint[]) => Gather((uint[])source, index),
        _ when source.GetType() == typeof(bool[]) => Gather((bool[])source, index),
        _ when source.GetType() == typeof(byte[]) => Gather((byte[])source, index),
        _ when source.GetType() == typeof(sbyte[]) => Gather((sbyte[])source, index),
        _ when source.GetType() == typeof(short[]) => Gather((short[])source, index),
        _ when source.GetType() == typeof(ushort[]) => Gather((ushort[])source, index),
        _ when source.GetType() == typeof(long[]) => Gather((long[])source, index),
        _ when source.GetType() == typeof(ulong[]) => Gather((ulong[])source, index),
        _ when source.GetType() == typeof(double[]) => Gather((double[])source, index),
        _ => throw new NotSupportedException(source.GetType().Name),
    };

    private static T[] Gather<T>(T[] source, int[] index)
    {
        var result = new T[index.Length];
        for (int j = 0; j < index.Length; j++) result[j] = source[index[j]];
        return result;
    }
}
