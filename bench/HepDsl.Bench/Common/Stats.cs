namespace HepDsl.Bench.Common;

/// <summary>Min and median of repeated measurements (after warm-up runs that are discarded).</summary>
internal static class Stats
{
    public static (double Min, double Median) MinMedian(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no measurements");
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return (sorted[0], median);
    }

    /// <summary>Runs <paramref name="run"/> <paramref name="warmups"/> times untimed, then <paramref name="runs"/> times kept.</summary>
    public static List<T> Repeat<T>(int warmups, int runs, Func<T> run)
    {
        for (int i = 0; i < warmups; i++) run();
        var kept = new List<T>(runs);
        for (int i = 0; i < runs; i++) kept.Add(run());
        return kept;
    }
}
