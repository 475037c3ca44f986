namespace HepDsl.Runtime.Results;

public enum AggregateKind { Count, Sum, Mean }

/// <summary>A weighted count, sum or mean over events (or objects), mergeable by addition.</summary>
public sealed class Aggregate(string name, AggregateKind kind)
{
    public string Name { get; } = name;
    public AggregateKind Kind { get; } = kind;
    public long Entries;
    public double SumW, SumW2, SumWX, SumWX2;

    public void Add(double x, double weight = 1)
    {
        Entries++;
        SumW += weight;
        SumW2 += weight * weight;
        SumWX += weight * x;
        SumWX2 += weight * x * x;
    }

    /// <summary>The headline number: weighted count, weighted sum, or weighted mean (NaN when empty).</summary>
    public double Value => Kind switch
    {
        AggregateKind.Count => SumW,
        AggregateKind.Sum => SumWX,
        _ => SumW == 0 ? double.NaN : SumWX / SumW,
    };

    /// <summary>Why <paramref name="other"/> cannot be added into this aggregate, or null when it can.</summary>
    public string? Incompatibility(Aggregate other) =>
        ReferenceEquals(other, this) ? $"aggregate '{Name}' cannot be merged into itself"
        : other.Name != Name || other.Kind != Kind ? $"cannot merge aggregate '{other.Name}' ({other.Kind}) into '{Name}' ({Kind})"
        : null;

    public void Merge(Aggregate other)
    {
        if (Incompatibility(other) is { } reason) throw new InvalidOperationException(reason);
        Entries += other.Entries;
        SumW += other.SumW;
        SumW2 += other.SumW2;
        SumWX += other.SumWX;
        SumWX2 += other.SumWX2;
    }
}
