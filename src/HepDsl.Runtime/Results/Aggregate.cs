namespace HepDsl.Runtime.Results;

public enum AggregateKind { Count, Sum, Mean }

/// <summary>
/// A weighted count, sum or mean over events (or objects), mergeable. Besides the plain sums, values are also summed
/// relative to a <see cref="Shift"/> (the first value seen): the spread of a mean comes from those, so a common
/// offset (values near 1e12 that differ by 1) does not cancel it away. Shifted sums rather than a running mean
/// (Welford) because weights may be negative: with weights of +1 and -1 the sum of weights passes through 0, where a
/// running mean is undefined, while shifted sums stay exact.
/// </summary>
public sealed class Aggregate(string name, AggregateKind kind, string? title = null)
{
    public string Name { get; } = name;
    public AggregateKind Kind { get; } = kind;
    /// <summary>The title from the .hep file; the name when it gave none.</summary>
    public string Title { get; } = string.IsNullOrEmpty(title) ? name : title;
    public long Entries;
    public double SumW, SumW2, SumWX, SumWX2;
    /// <summary>The value the shifted sums are relative to: the first value added (0 while empty).</summary>
    public double Shift;
    /// <summary>Sum of w (x - Shift) and of w (x - Shift)^2.</summary>
    public double SumWD, SumWD2;

    public void Add(double x, double weight = 1)
    {
        if (Entries == 0) Shift = x;
        Entries++;
        SumW += weight;
        SumW2 += weight * weight;
        SumWX += weight * x;
        SumWX2 += weight * x * x;
        var d = x - Shift;
        SumWD += weight * d;
        SumWD2 += weight * d * d;
    }

    /// <summary>The headline number: weighted count, weighted sum, or weighted mean (NaN when empty).</summary>
    public double Value => Kind switch
    {
        AggregateKind.Count => SumW,
        AggregateKind.Sum => SumWX,
        _ => SumW == 0 ? double.NaN : Shift + SumWD / SumW,
    };

    /// <summary>
    /// The weighted variance of the values, sum w (x - mean)^2 / sum w, from the shifted sums (NaN when the weights sum
    /// to 0). Never negative.
    /// </summary>
    public double Variance
    {
        get
        {
            if (SumW == 0) return double.NaN;
            var mean = SumWD / SumW;
            return Math.Max(0, SumWD2 / SumW - mean * mean);
        }
    }

    /// <summary>Why <paramref name="other"/> cannot be added into this aggregate, or null when it can.</summary>
    public string? Incompatibility(Aggregate other) =>
        ReferenceEquals(other, this) ? $"aggregate '{Name}' cannot be merged into itself"
        : other.Name != Name || other.Kind != Kind ? $"cannot merge aggregate '{other.Name}' ({other.Kind}) into '{Name}' ({Kind})"
        : null;

    public void Merge(Aggregate other)
    {
        if (Incompatibility(other) is { } reason) throw new InvalidOperationException(reason);
        if (other.Entries == 0) return;
        if (Entries == 0) Shift = other.Shift;
        // The other's shifted sums moved to this shift: both shifts are values of the sample, so their difference is
        // of the order of the spread and nothing large cancels.
        var d = other.Shift - Shift;
        SumWD2 += other.SumWD2 + 2 * d * other.SumWD + d * d * other.SumW;
        SumWD += other.SumWD + d * other.SumW;
        Entries += other.Entries;
        SumW += other.SumW;
        SumW2 += other.SumW2;
        SumWX += other.SumWX;
        SumWX2 += other.SumWX2;
    }
}
