namespace HepDsl.Runtime.Histograms;

/// <summary>
/// Common part of 1D and 2D histograms: weighted bin contents with sums of squared weights, including
/// under- and overflow, plus ROOT's fill statistics. All contents merge by addition.
/// </summary>
public abstract class Histogram
{
    protected Histogram(string name, string title, int cells)
    {
        Name = name;
        Title = title;
        SumW = new double[cells];
        SumW2 = new double[cells];
    }

    /// <summary>The name in the .hep file; the key in histograms.json and the ROOT file.</summary>
    public string Name { get; }
    public string Title { get; }
    /// <summary>Sum of weights per cell, flow cells included (ROOT's global bin numbering).</summary>
    public double[] SumW { get; }
    /// <summary>Sum of squared weights per cell.</summary>
    public double[] SumW2 { get; }
    /// <summary>Number of Fill calls (ROOT's fEntries).</summary>
    public long Entries { get; protected set; }
    /// <summary>True once any fill had a weight other than 1: results are then written with weighted storage.</summary>
    public bool IsWeighted { get; protected set; }

    public abstract int Dimensions { get; }

    /// <summary>Restores the fill counters of a deserialized partial result (the cells are written directly).</summary>
    internal void RestoreFillState(long entries, bool isWeighted)
    {
        Entries = entries;
        IsWeighted = isWeighted;
    }

    /// <summary>Why <paramref name="other"/> cannot be added into this histogram, or null when it can.</summary>
    public virtual string? Incompatibility(Histogram other)
    {
        if (ReferenceEquals(other, this)) return $"histogram '{Name}' cannot be merged into itself";
        if (other.Name != Name) return $"cannot merge histogram '{other.Name}' into '{Name}': different names";
        if (other.GetType() != GetType()) return $"cannot merge {other.Dimensions}D histogram '{other.Name}' into {Dimensions}D '{Name}'";
        if (other.SumW.Length != SumW.Length) return $"cannot merge histogram '{other.Name}' into '{Name}': different binning";
        return null;
    }

    protected void MergeCells(Histogram other)
    {
        if (Incompatibility(other) is { } reason) throw new InvalidOperationException(reason);
        for (var i = 0; i < SumW.Length; i++)
        {
            SumW[i] += other.SumW[i];
            SumW2[i] += other.SumW2[i];
        }
        Entries += other.Entries;
        IsWeighted |= other.IsWeighted;
    }

    public abstract void Merge(Histogram other);
}
