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

    protected void MergeCells(Histogram other)
    {
        if (other.GetType() != GetType() || other.SumW.Length != SumW.Length)
            throw new InvalidOperationException($"cannot merge histogram '{other.Name}' into '{Name}': different binning");
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
