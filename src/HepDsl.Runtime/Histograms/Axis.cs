namespace HepDsl.Runtime.Histograms;

/// <summary>
/// A binned axis, regular or with variable edges. Bin indices follow ROOT: 0 is the underflow,
/// 1..Bins are the bins, Bins+1 is the overflow. NaN goes to the overflow, as boost-histogram does.
/// </summary>
public sealed class Axis : IEquatable<Axis>
{
    private readonly double[] _edges;
    private readonly double _low, _high, _scale;

    public string Label { get; }
    public int Bins { get; }
    public bool IsRegular { get; }
    /// <summary>Edges evenly spaced in log(x) (<see cref="Logarithmic"/>): plotted on a log axis.</summary>
    public bool IsLog { get; private init; }
    public double Low => _low;
    public double High => _high;
    /// <summary>Bins+1 edges, low to high.</summary>
    public IReadOnlyList<double> Edges => _edges;

    private Axis(int bins, double low, double high, double[] edges, bool regular, string label)
    {
        Bins = bins;
        _low = low;
        _high = high;
        _edges = edges;
        IsRegular = regular;
        _scale = bins / (high - low);
        Label = label;
    }

    public static Axis Regular(int bins, double low, double high, string label = "")
    {
        if (bins <= 0) throw new ArgumentOutOfRangeException(nameof(bins), bins, "an axis needs at least one bin");
        if (!(high > low)) throw new ArgumentException($"axis upper edge {high} must be above lower edge {low}");
        var edges = new double[bins + 1];
        for (var i = 0; i <= bins; i++) edges[i] = low + (high - low) * i / bins;
        return new Axis(bins, low, high, edges, true, label);
    }

    public static Axis Variable(IReadOnlyList<double> edges, string label = "")
    {
        if (edges.Count < 2) throw new ArgumentException("a variable axis needs at least two edges");
        for (var i = 1; i < edges.Count; i++)
            if (!(edges[i] > edges[i - 1])) throw new ArgumentException($"axis edges must increase: {edges[i - 1]} then {edges[i]}");
        return new Axis(edges.Count - 1, edges[0], edges[^1], edges.ToArray(), false, label);
    }

    /// <summary>
    /// <paramref name="bins"/> bins evenly spaced in log(x) from <paramref name="low"/> (&gt; 0) to <paramref name="high"/>:
    /// edge i is low * (high/low)^(i/bins), the ends exactly low and high.
    /// </summary>
    public static Axis Logarithmic(int bins, double low, double high, string label = "")
    {
        if (bins <= 0) throw new ArgumentOutOfRangeException(nameof(bins), bins, "an axis needs at least one bin");
        if (!(low > 0) || !(high > low)) throw new ArgumentException($"log axis edges must satisfy 0 < low < high, not {low} and {high}");
        var edges = new double[bins + 1];
        double ratio = Math.Log(high / low);
        for (var i = 0; i <= bins; i++) edges[i] = low * Math.Exp(ratio * i / bins);
        edges[0] = low;
        edges[bins] = high;
        return new Axis(bins, low, high, edges, false, label) { IsLog = true };
    }

    /// <summary>The bin of <paramref name="x"/>: 0 underflow, 1..Bins, Bins+1 overflow.</summary>
    public int Index(double x)
    {
        if (x >= _low)
        {
            if (x < _high)
            {
                if (IsRegular)
                {
                    // ROOT's formula (TAxis::FindFixBin), so bin edges agree with ROOT to the last bit.
                    var bin = 1 + (int)((x - _low) * _scale);
                    return bin > Bins ? Bins : bin;
                }
                var lo = 0;
                var hi = Bins;
                while (hi - lo > 1)
                {
                    var mid = (lo + hi) >> 1;
                    if (x >= _edges[mid]) lo = mid; else hi = mid;
                }
                return lo + 1;
            }
            return Bins + 1;
        }
        return double.IsNaN(x) ? Bins + 1 : 0;
    }

    public double Center(int bin) => 0.5 * (_edges[bin - 1] + _edges[bin]);

    public bool Equals(Axis? other) =>
        other is not null && Bins == other.Bins && IsRegular == other.IsRegular && IsLog == other.IsLog && _edges.AsSpan().SequenceEqual(other._edges);

    public override bool Equals(object? obj) => Equals(obj as Axis);
    public override int GetHashCode() => HashCode.Combine(Bins, _low, _high, IsRegular);
}
