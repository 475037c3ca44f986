namespace HepDsl.Runtime.Histograms;

/// <summary>
/// A histogram copied under another name with every weight multiplied by a factor: what normalising a simulated
/// sample to cross-section × luminosity does (contents × f, squared weights × f², fill moments likewise).
/// </summary>
public static class HistogramCopy
{
    public static Histogram Scaled(Histogram source, string name, double factor, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        title ??= source.Title;
        var f2 = factor * factor;
        Histogram copy;
        switch (source)
        {
            case Histogram1D h:
            {
                var c = new Histogram1D(name, title, h.X, h.YLabel)
                {
                    StatSumW = h.StatSumW * factor, StatSumW2 = h.StatSumW2 * f2,
                    StatSumWX = h.StatSumWX * factor, StatSumWX2 = h.StatSumWX2 * factor,
                };
                copy = c;
                break;
            }
            case Histogram2D h:
            {
                var c = new Histogram2D(name, title, h.X, h.Y)
                {
                    StatSumW = h.StatSumW * factor, StatSumW2 = h.StatSumW2 * f2,
                    StatSumWX = h.StatSumWX * factor, StatSumWX2 = h.StatSumWX2 * factor,
                    StatSumWY = h.StatSumWY * factor, StatSumWY2 = h.StatSumWY2 * factor, StatSumWXY = h.StatSumWXY * factor,
                };
                copy = c;
                break;
            }
            default: throw new NotSupportedException($"cannot copy histogram '{source.Name}' of type {source.GetType().Name}");
        }
        for (var i = 0; i < source.SumW.Length; i++)
        {
            copy.SumW[i] = source.SumW[i] * factor;
            copy.SumW2[i] = source.SumW2[i] * f2;
        }
        copy.RestoreFillState(source.Entries, source.IsWeighted || factor != 1);
        return copy;
    }
}
