using HepDsl.Runtime.Results;

namespace HepDsl.Bench.Common;

/// <summary>Bin-by-bin equality of two results, so a timing comparison is only reported between loops that agree.</summary>
internal static class ResultCompare
{
    /// <summary>Null when every histogram's bin contents and every cut-flow count match exactly; else what differs.</summary>
    public static string? Difference(ResultSet a, ResultSet b)
    {
        foreach (var h in a.Histograms)
        {
            var other = b.Histograms.FirstOrDefault(x => x.Name == h.Name);
            if (other is null) return $"histogram '{h.Name}' missing";
            if (!h.SumW.AsSpan().SequenceEqual(other.SumW)) return $"histogram '{h.Name}' bins differ";
        }
        var ca = a.Cutflow.Passed;
        var cb = b.Cutflow.Passed;
        if (!ca.AsSpan().SequenceEqual(cb)) return "cut-flow differs";
        return null;
    }
}
