namespace HepDsl.Runtime.Histograms;

/// <summary>A 2D histogram; cell (ix, iy) is at ix + (X.Bins+2)*iy, ROOT's global bin number.</summary>
public sealed class Histogram2D : Histogram
{
    public Histogram2D(string name, string title, Axis x, Axis y) : base(name, title, (x.Bins + 2) * (y.Bins + 2))
    {
        X = x;
        Y = y;
    }

    public Axis X { get; }
    public Axis Y { get; }
    public override int Dimensions => 2;

    // ROOT's in-range fill statistics (fTsumw, fTsumw2, fTsumwx, fTsumwx2, fTsumwy, fTsumwy2, fTsumwxy).
    public double StatSumW, StatSumW2, StatSumWX, StatSumWX2, StatSumWY, StatSumWY2, StatSumWXY;

    public int Cell(int ix, int iy) => ix + (X.Bins + 2) * iy;

    public void Fill(double x, double y, double weight = 1)
    {
        if (weight != 1) IsWeighted = true;
        var ix = X.Index(x);
        var iy = Y.Index(y);
        var cell = Cell(ix, iy);
        SumW[cell] += weight;
        SumW2[cell] += weight * weight;
        Entries++;
        if (ix != 0 && ix != X.Bins + 1 && iy != 0 && iy != Y.Bins + 1)
        {
            StatSumW += weight;
            StatSumW2 += weight * weight;
            StatSumWX += weight * x;
            StatSumWX2 += weight * x * x;
            StatSumWY += weight * y;
            StatSumWY2 += weight * y * y;
            StatSumWXY += weight * x * y;
        }
    }

    public override string? Incompatibility(Histogram other) =>
        base.Incompatibility(other) ?? (other is Histogram2D h && (!X.Equals(h.X) || !Y.Equals(h.Y)) ? $"cannot merge histogram '{Name}': different axes" : null);

    public override void Merge(Histogram other)
    {
        var h = other as Histogram2D ?? throw new InvalidOperationException($"cannot merge {other.GetType().Name} '{other.Name}' into 2D '{Name}'");
        if (!X.Equals(h.X) || !Y.Equals(h.Y)) throw new InvalidOperationException($"cannot merge histogram '{Name}': different axes");
        MergeCells(h);
        StatSumW += h.StatSumW;
        StatSumW2 += h.StatSumW2;
        StatSumWX += h.StatSumWX;
        StatSumWX2 += h.StatSumWX2;
        StatSumWY += h.StatSumWY;
        StatSumWY2 += h.StatSumWY2;
        StatSumWXY += h.StatSumWXY;
    }
}
