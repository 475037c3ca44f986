namespace HepDsl.Runtime.Physics;

/// <summary>
/// The counter-based random numbers of <c>normal(mean, sigma)</c> in an object variation: a pure function of the variation
/// name, the event identity (run, luminosityBlock, event), the object index and the draw number, so the numbers do not
/// depend on partitioning, threads or reading order. The algorithm (docs/language.md, "Random variations") in full:
/// <code>
/// mix(x)   = SplitMix64 finaliser: x ^= x >> 30; x *= 0xBF58476D1CE4E5B9; x ^= x >> 27; x *= 0x94D049BB133111EB; x ^= x >> 31
/// name     = FNV-1a 64 of the variation name's UTF-8 bytes (offset 0xCBF29CE484222325, prime 0x100000001B3)
/// key      = mix(mix(mix(name ^ run) ^ luminosityBlock) ^ event)                       (all uint64, wrapping)
/// u(c)     = ((mix(mix(key ^ object) ^ c) >> 11) + 0.5) / 2^53                         (in (0, 1))
/// normal   = mean + sigma * sqrt(-2 ln u(2·draw)) * cos(2π u(2·draw + 1))              (Box–Muller, first output)
/// </code>
/// </summary>
public static class HepRandom
{
    public static ulong Mix(ulong x)
    {
        unchecked
        {
            x ^= x >> 30;
            x *= 0xBF58476D1CE4E5B9UL;
            x ^= x >> 27;
            x *= 0x94D049BB133111EBUL;
            x ^= x >> 31;
            return x;
        }
    }

    public static ulong NameHash(string name)
    {
        unchecked
        {
            var h = 0xCBF29CE484222325UL;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(name))
            {
                h ^= b;
                h *= 0x100000001B3UL;
            }
            return h;
        }
    }

    public static ulong Key(string variation, ulong run, ulong luminosityBlock, ulong eventNumber) =>
        Mix(Mix(Mix(NameHash(variation) ^ run) ^ luminosityBlock) ^ eventNumber);

    public static double Uniform(ulong key, long obj, long counter) =>
        ((Mix(Mix(key ^ (ulong)obj) ^ (ulong)counter) >> 11) + 0.5) * (1.0 / 9007199254740992.0);

    public static double Normal(ulong key, long obj, int draw, double mean, double sigma)
    {
        var u1 = Uniform(key, obj, 2L * draw);
        var u2 = Uniform(key, obj, 2L * draw + 1);
        return mean + sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
