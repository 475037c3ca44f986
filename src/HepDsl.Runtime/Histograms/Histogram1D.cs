namespace HepDsl.Runtime.Histograms;

public sealed class Histogram1D : Histogram
{
    public Histogram1D(string name, string title, Axis x, string yLabel = "") : base(name, title, x.Bins + 2)
    {
        X = x;
        YLabel = yLabel;
    }

    public Axis X { get; }
    /// <summary>Label of the counts axis from the .hep <c>y "..."</c>; empty when none was given.</summary>
    public string YLabel { get; }
    public override int Dimensions => 1;

    // ROOT's in-range fill statistics (fTsumw, fTsumw2, fTsumwx, fTsumwx2), so TH1 mean and RMS match.
    public double StatSumW, StatSumW2, StatSumWX, StatSumWX2;

    public void Fill(double x)
    {
        var bin = X.Index(x);
        SumW[bin] += 1;
        SumW2[bin] += 1;
        Entries++;
        if (bin != 0 && bin != X.Bins + 1)
        {
            StatSumW += 1;
            StatSumW2 += 1;
            StatSumWX += x;
            StatSumWX2 += x * x;
        }
    }

    public void Fill(double x, double weight)
    {
        if (weight != 1) IsWeighted = true;
        var bin = X.Index(x);
        SumW[bin] += weight;
        SumW2[bin] += weight * weight;
        Entries++;
        if (bin != 0 && bin != X.Bins + 1)
        {
            StatSumW += weight;
            StatSumW2 += weight * weight;
            StatSumWX += weight * x;
            StatSumWX2 += weight * x * x;
        }
    }

    public override string? Incompatibility(Histogram other) =>
        base.Incompatibility(other) ?? (other is Histogram1D h && (!X.Equals(h.X)) ? $"cannot merge histogram '{Name}': different x axis" : null);

    public override void Merge(Histogram other)
    {
        var h = other as Histogram1D ?? throw new InvalidOperationException($"cannot merge {other.GetType().Name} '{other.Name}' into 1D '{Name}'");
        if (!X.Equals(h.X)) throw new InvalidOperationException($"cannot merge histogram '{Name}': different x axis");
        MergeCells(h);
        StatSumW += h.StatSumW;
        StatSumW2 += h.StatSumW2;
        StatSumWX += h.StatSumWX;
        StatSumWX2 += h.StatSumWX2;
    }
}
